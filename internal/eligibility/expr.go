package eligibility

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/numfmt"
)

// The condition language. It is deliberately small: it has no loops, no
// variables, no I/O and no user-defined functions, and a parsed expression is
// bounded in size and depth, so evaluating one takes time linear in its size.
//
//	expr    = or
//	or      = and { "or" and }
//	and     = not { "and" not }
//	not     = "not" not | cmp
//	cmp     = sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]
//	        | sum "in" "[" literal { "," literal } "]"
//	sum     = prod { ("+" | "-") prod }
//	prod    = unary { ("*" | "/") unary }
//	unary   = "-" unary | primary
//	primary = number | string | "true" | "false" | name | name "(" [ expr { "," expr } ] ")"
//	        | "(" expr ")"
//
// Numbers are decimal with an optional fraction ("120", "0.5"); strings are in
// double quotes without escapes. A name is a declared fact or parameter.

// Limits on one expression. Rule files are written by people, so these are
// far above anything real, and they keep a hostile or broken file from
// making the parser or the evaluator work for long.
const (
	MaxExprBytes = 2000
	MaxExprDepth = 40
	MaxExprNodes = 400
)

// Type is the static type of an expression or a fact.
type Type uint8

const (
	TNumber Type = iota + 1
	TBool
	TString
)

func (t Type) String() string {
	switch t {
	case TNumber:
		return "getal"
	case TBool:
		return "ja/nee"
	case TString:
		return "tekst"
	}
	return "?"
}

type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tStr
	tName
	tOp
)

type token struct {
	kind tokKind
	text string
	num  float64
	pos  int // byte offset, 0-based
}

func lex(src string) ([]token, error) {
	var out []token
	i := 0
	for i < len(src) {
		c := src[i]
		var t token
		var err *ExprError
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isDigit(c):
			t, err = lexNumber(src, i)
		case c == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return nil, posErr(i, "tekst zonder sluitend aanhalingsteken")
			}
			out = append(out, token{kind: tStr, text: src[i+1 : i+1+j], pos: i})
			i += j + 2
			continue
		case isNameStart(c):
			j := i
			for j < len(src) && (isNameStart(src[j]) || isDigit(src[j])) {
				j++
			}
			t = token{kind: tName, text: src[i:j], pos: i}
		default:
			t, err = lexOp(src, i)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		i = t.pos + len(t.text)
	}
	out = append(out, token{kind: tEOF, pos: len(src)})
	return out, nil
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isNameStart(c byte) bool { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// lexNumber reads the number at src[i]: digits, optionally a point and
// more digits.
func lexNumber(src string, i int) (token, *ExprError) {
	j := i
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	if j < len(src) && src[j] == '.' {
		j++
		if j >= len(src) || !isDigit(src[j]) {
			return token{}, posErr(j, "na de punt in een getal moet een cijfer staan")
		}
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	v, err := strconv.ParseFloat(src[i:j], 64)
	if err != nil || v > 1e15 {
		return token{}, posErr(i, "ongeldig getal %q", src[i:j])
	}
	return token{kind: tNum, text: src[i:j], num: v, pos: i}, nil
}

// lexOp reads the operator at src[i].
func lexOp(src string, i int) (token, *ExprError) {
	if i+1 < len(src) {
		switch two := src[i : i+2]; two {
		case "==", "!=", "<=", ">=":
			return token{kind: tOp, text: two, pos: i}, nil
		}
	}
	if c := src[i]; strings.IndexByte("<>+-*/()[],", c) >= 0 {
		return token{kind: tOp, text: string(c), pos: i}, nil
	}
	return token{}, posErr(i, "onbekend teken %q", string(rune(src[i])))
}

// ExprError is a problem in an expression, at a byte offset within it.
type ExprError struct {
	Pos int
	Msg string
}

func (e *ExprError) Error() string { return fmt.Sprintf("teken %d: %s", e.Pos+1, e.Msg) }

func posErr(pos int, format string, args ...any) *ExprError {
	return &ExprError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

type nodeKind uint8

const (
	nNum nodeKind = iota + 1
	nStr
	nBool
	nFact
	nParam
	nCall
	nNeg
	nNot
	nAnd
	nOr
	nBin // arithmetic or comparison, op in node.op
	nIn
)

// node is a parsed and type-checked expression.
type node struct {
	kind nodeKind
	op   string
	typ  Type
	num  float64
	str  string
	b    bool
	name string
	fact int // slot of the fact (nFact) or parameter (nParam)
	args []*node
	list []Value // for nIn
	pos  int
	val  Value // the constant of nNum, nStr and nBool
	opc  opCode
}

// Env tells the parser which names exist and what type they have.
type Env struct {
	Fact  func(name string) (Fact, bool)
	Param func(name string) (Type, bool)
	// FactIndex maps a fact name to its slot in a Household, ParamIndex a
	// parameter name to its slot among the scheme's parameters: evaluation
	// then indexes slices instead of looking up names.
	FactIndex  func(name string) int
	ParamIndex func(name string) int
}

type parser struct {
	toks  []token
	i     int
	env   Env
	depth int
	nodes int
}

// parseExpr parses and type-checks src as a condition (type ja/nee) or, with
// want 0, as an expression of any type.
func parseExpr(src string, env Env, want Type) (*node, error) {
	if len(src) > MaxExprBytes {
		return nil, posErr(0, "de uitdrukking is langer dan %s tekens", numfmt.Format(MaxExprBytes, 0, numfmt.Dutch))
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, env: env}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, posErr(t.pos, "onverwacht %q", t.text)
	}
	if want != 0 && n.typ != want {
		return nil, posErr(0, "de uitdrukking geeft een %s, verwacht een %s", n.typ, want)
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == s
}

func (p *parser) isWord(s string) bool {
	t := p.peek()
	return t.kind == tName && t.text == s
}

func (p *parser) mk(n *node) (*node, error) {
	switch n.kind {
	case nNum:
		n.val = Num(n.num)
	case nStr:
		n.val = Str(n.str)
	case nBool:
		n.val = Bool(n.b)
	case nBin:
		n.opc = opCodes[n.op]
	}
	p.nodes++
	if p.nodes > MaxExprNodes {
		return nil, posErr(n.pos, "de uitdrukking heeft meer dan %d delen", MaxExprNodes)
	}
	return n, nil
}

func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > MaxExprDepth {
		return posErr(pos, "de uitdrukking is dieper genest dan %d niveaus", MaxExprDepth)
	}
	return nil
}

func (p *parser) expr() (*node, error) {
	if err := p.enter(p.peek().pos); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	return p.or()
}

func (p *parser) logical(word string, kind nodeKind, sub func() (*node, error)) (*node, error) {
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for p.isWord(word) {
		t := p.next()
		r, err := sub()
		if err != nil {
			return nil, err
		}
		if l.typ != TBool || r.typ != TBool {
			return nil, posErr(t.pos, "%q verbindt alleen ja/nee-waarden", word)
		}
		if l, err = p.mk(&node{kind: kind, typ: TBool, args: []*node{l, r}, pos: t.pos}); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (p *parser) or() (*node, error) { return p.logical("or", nOr, p.and) }

func (p *parser) and() (*node, error) { return p.logical("and", nAnd, p.not) }

func (p *parser) not() (*node, error) {
	if p.isWord("not") {
		t := p.next()
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		if x.typ != TBool {
			return nil, posErr(t.pos, "\"not\" werkt alleen op een ja/nee-waarde")
		}
		return p.mk(&node{kind: nNot, typ: TBool, args: []*node{x}, pos: t.pos})
	}
	return p.cmp()
}

func (p *parser) cmp() (*node, error) {
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.isWord("in") {
		return p.in(l)
	}
	t := p.peek()
	if t.kind != tOp {
		return l, nil
	}
	switch t.text {
	case "==", "!=", "<", "<=", ">", ">=":
	default:
		return l, nil
	}
	p.next()
	r, err := p.sum()
	if err != nil {
		return nil, err
	}
	if l.typ != r.typ {
		return nil, posErr(t.pos, "%q vergelijkt een %s met een %s", t.text, l.typ, r.typ)
	}
	if t.text != "==" && t.text != "!=" && l.typ != TNumber {
		return nil, posErr(t.pos, "%q werkt alleen op getallen", t.text)
	}
	if l.typ == TString {
		if err := checkEnum(l, r); err != nil {
			return nil, err
		}
		if err := checkEnum(r, l); err != nil {
			return nil, err
		}
	}
	if p.isOp("==") || p.isOp("!=") || p.isOp("<") || p.isOp("<=") || p.isOp(">") || p.isOp(">=") {
		return nil, posErr(p.peek().pos, "zet haakjes om een vergelijking in een vergelijking")
	}
	return p.mk(&node{kind: nBin, op: t.text, typ: TBool, args: []*node{l, r}, pos: t.pos})
}

// checkEnum catches a typo in a keuze: comparing an enum fact with a string
// that is none of its values would silently always be false.
func checkEnum(factSide, lit *node) error {
	if factSide.kind != nFact || lit.kind != nStr || len(factSide.list) == 0 {
		return nil
	}
	for _, v := range factSide.list {
		if v.Text() == lit.str {
			return nil
		}
	}
	return posErr(lit.pos, "%q is geen keuze van feit %q", lit.str, factSide.name)
}

func (p *parser) in(l *node) (*node, error) {
	t := p.next()
	if !p.isOp("[") {
		return nil, posErr(p.peek().pos, "na \"in\" volgt een lijst tussen [ en ]")
	}
	p.next()
	var list []Value
	for {
		lt := p.next()
		var v Value
		switch {
		case lt.kind == tNum:
			v = Num(lt.num)
		case lt.kind == tStr:
			v = Str(lt.text)
			if err := checkEnum(l, &node{kind: nStr, str: lt.text, pos: lt.pos}); err != nil {
				return nil, err
			}
		default:
			return nil, posErr(lt.pos, "in een lijst staan alleen getallen of teksten")
		}
		if v.typ != l.typ {
			return nil, posErr(lt.pos, "de lijst na \"in\" bevat een %s, verwacht een %s", v.typ, l.typ)
		}
		list = append(list, v)
		if len(list) > 50 {
			return nil, posErr(lt.pos, "een lijst heeft hoogstens 50 waarden")
		}
		sep := p.next()
		if sep.kind == tOp && sep.text == "]" {
			break
		}
		if sep.kind != tOp || sep.text != "," {
			return nil, posErr(sep.pos, "verwacht \",\" of \"]\"")
		}
	}
	return p.mk(&node{kind: nIn, typ: TBool, args: []*node{l}, list: list, pos: t.pos})
}

func (p *parser) arith(ops string, sub func() (*node, error)) (*node, error) {
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tOp || len(t.text) != 1 || !strings.Contains(ops, t.text) {
			return l, nil
		}
		p.next()
		r, err := sub()
		if err != nil {
			return nil, err
		}
		if l.typ != TNumber || r.typ != TNumber {
			return nil, posErr(t.pos, "%q rekent alleen met getallen", t.text)
		}
		if l, err = p.mk(&node{kind: nBin, op: t.text, typ: TNumber, args: []*node{l, r}, pos: t.pos}); err != nil {
			return nil, err
		}
	}
}

func (p *parser) sum() (*node, error)  { return p.arith("+-", p.prod) }
func (p *parser) prod() (*node, error) { return p.arith("*/", p.unary) }

func (p *parser) unary() (*node, error) {
	if p.isOp("-") {
		t := p.next()
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if x.typ != TNumber {
			return nil, posErr(t.pos, "\"-\" werkt alleen op een getal")
		}
		return p.mk(&node{kind: nNeg, typ: TNumber, args: []*node{x}, pos: t.pos})
	}
	return p.primary()
}

func (p *parser) primary() (*node, error) {
	t := p.next()
	switch t.kind {
	case tNum:
		return p.mk(&node{kind: nNum, typ: TNumber, num: t.num, pos: t.pos})
	case tStr:
		return p.mk(&node{kind: nStr, typ: TString, str: t.text, pos: t.pos})
	case tOp:
		if t.text == "(" {
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			if !p.isOp(")") {
				return nil, posErr(p.peek().pos, "verwacht \")\"")
			}
			p.next()
			return x, nil
		}
		return nil, posErr(t.pos, "onverwacht %q", t.text)
	case tEOF:
		return nil, posErr(t.pos, "de uitdrukking houdt te vroeg op")
	}
	switch t.text {
	case "true", "false":
		return p.mk(&node{kind: nBool, typ: TBool, b: t.text == "true", pos: t.pos})
	case "and", "or", "not", "in":
		return nil, posErr(t.pos, "onverwacht %q", t.text)
	}
	if p.isOp("(") {
		return p.call(t)
	}
	if p.env.Fact != nil {
		if f, ok := p.env.Fact(t.text); ok {
			n := &node{kind: nFact, typ: f.Type.expr(), name: t.text, pos: t.pos, fact: -1}
			if p.env.FactIndex != nil {
				n.fact = p.env.FactIndex(t.text)
			}
			for _, k := range f.Choices {
				n.list = append(n.list, Str(k.Value))
			}
			return p.mk(n)
		}
	}
	if p.env.Param != nil {
		if typ, ok := p.env.Param(t.text); ok {
			n := &node{kind: nParam, typ: typ, name: t.text, pos: t.pos, fact: -1}
			if p.env.ParamIndex != nil {
				n.fact = p.env.ParamIndex(t.text)
			}
			return p.mk(n)
		}
	}
	return nil, posErr(t.pos, "onbekende naam %q: geen gedeclareerd feit of parameter", t.text)
}

// functions lists the built-in functions with their argument count. norm()
// reads the facts type, aow and minderjarigen, so a file that calls it must
// declare them (checked by the loader).
var functions = map[string]int{"norm": 0, "min": 2, "max": 2}

// NormFacts are the facts norm() depends on.
var NormFacts = []string{"type", "aow", "minderjarigen"}

func (p *parser) call(t token) (*node, error) {
	want, ok := functions[t.text]
	if !ok {
		return nil, posErr(t.pos, "onbekende functie %q", t.text)
	}
	p.next() // (
	var args []*node
	if !p.isOp(")") {
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			if a.typ != TNumber {
				return nil, posErr(a.pos, "%s() rekent alleen met getallen", t.text)
			}
			args = append(args, a)
			if !p.isOp(",") {
				break
			}
			p.next()
		}
	}
	if !p.isOp(")") {
		return nil, posErr(p.peek().pos, "verwacht \")\"")
	}
	p.next()
	if len(args) != want {
		return nil, posErr(t.pos, "%s() verwacht %d argumenten, niet %d", t.text, want, len(args))
	}
	if t.text == "norm" && p.env.Fact != nil {
		for _, f := range NormFacts {
			if _, ok := p.env.Fact(f); !ok {
				return nil, posErr(t.pos, "norm() heeft het feit %q nodig; declareer het", f)
			}
		}
	}
	return p.mk(&node{kind: nCall, typ: TNumber, name: t.text, args: args, pos: t.pos})
}

// names returns the fact and parameter names an expression uses.
func (n *node) names(facts, params map[string]bool) {
	switch n.kind {
	case nFact:
		facts[n.name] = true
	case nParam:
		params[n.name] = true
	case nCall:
		if n.name == "norm" {
			for _, f := range NormFacts {
				facts[f] = true
			}
		}
	}
	for _, a := range n.args {
		a.names(facts, params)
	}
}
