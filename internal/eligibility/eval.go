package eligibility

import (
	"math"
	"slices"
)

// Value is a fact, parameter or intermediate value. The zero Value is
// unknown: a fact nobody answered. Unknown is not false; it spreads through
// arithmetic and comparisons and is only absorbed by and/or (false and x is
// false, true or x is true), which is what makes the outcome three-valued.
//
// A Value holds no pointer (a text is a number in a table of interned
// texts) and takes 16 bytes: a panel of a million households holds some
// sixteen million of them, which the garbage collector then need not scan,
// and evaluation passes them in registers.
type Value struct {
	typ Type
	b   bool
	str uint32
	num float64
}

// Num, Bool and Str make known values.
func Num(v float64) Value   { return Value{typ: TNumber, num: v} }
func Bool(v bool) Value     { return Value{typ: TBool, b: v} }
func Str(v string) Value    { return Value{typ: TString, str: intern(v)} }
func (v Value) Known() bool { return v.typ != 0 }

// Type returns the value's type, or 0 when unknown.
func (v Value) Type() Type { return v.typ }

// Number, Truth and Text return the payload; meaningful only for known
// values of that type.
func (v Value) Number() float64 { return v.num }
func (v Value) Truth() bool     { return v.b }
func (v Value) Text() string    { return internedText(v.str) }

// NormFunc returns the annual social minimum of a household, as
// norms.Table.Norm does; ok false means there is no norm for that year.
type NormFunc func(year int, householdType string, aow bool, minors int) (float64, bool)

// evalCtx is what one evaluation reads. Facts are indexed by the set's fact
// slots so that the batch run does no map lookups per household.
type evalCtx struct {
	facts  []Value
	params []Value
	year   int
	norm   NormFunc
	slots  *[3]int // fact slots of type, aow, minderjarigen
	// norm() is asked by several conditions and schemes for the same
	// household; it is computed once.
	normDone bool
	normVal  Value
}

func (c *evalCtx) eval(n *node) Value {
	switch n.kind {
	case nNum, nStr, nBool:
		return n.val
	case nFact:
		if n.fact < 0 || n.fact >= len(c.facts) {
			return Value{}
		}
		return c.facts[n.fact]
	case nParam:
		if n.fact < 0 || n.fact >= len(c.params) {
			return Value{}
		}
		return c.params[n.fact]
	case nNeg:
		x := c.eval(n.args[0])
		if !x.Known() {
			return x
		}
		return Num(-x.num)
	case nNot:
		x := c.eval(n.args[0])
		if !x.Known() {
			return x
		}
		return Bool(!x.b)
	case nAnd, nOr:
		return c.kleene(n)
	case nIn:
		x := c.eval(n.args[0])
		if !x.Known() {
			return x
		}
		return Bool(slices.Contains(n.list, x))
	case nCall:
		return c.call(n)
	case nBin:
		return c.binary(n)
	}
	return Value{}
}

// kleene evaluates and and or with Kleene logic: a decided side can settle
// the result even when the other side is unknown.
func (c *evalCtx) kleene(n *node) Value {
	absorb := n.kind == nOr
	l := c.eval(n.args[0])
	if l.Known() && l.b == absorb {
		return l
	}
	r := c.eval(n.args[1])
	if r.Known() && r.b == absorb {
		return r
	}
	if !l.Known() || !r.Known() {
		return Value{}
	}
	return Bool(!absorb)
}

// binary evaluates arithmetic and comparisons; unknown when a side is.
func (c *evalCtx) binary(n *node) Value {
	l := c.eval(n.args[0])
	r := c.eval(n.args[1])
	if !l.Known() || !r.Known() {
		return Value{}
	}
	switch n.opc {
	case opAdd:
		return finite(l.num + r.num)
	case opSub:
		return finite(l.num - r.num)
	case opMul:
		return finite(l.num * r.num)
	case opDiv:
		if r.num == 0 {
			// A rule cannot decide on a division by zero; saying
			// 'onbekend' is honest, a 'nee' would not be.
			return Value{}
		}
		return finite(l.num / r.num)
	case opEq:
		return Bool(l == r)
	case opNe:
		return Bool(l != r)
	case opLt:
		return Bool(l.num < r.num)
	case opLe:
		return Bool(l.num <= r.num)
	case opGt:
		return Bool(l.num > r.num)
	case opGe:
		return Bool(l.num >= r.num)
	}
	return Value{}
}

// opCode is the operator of an nBin node, so that evaluation switches on a
// small number rather than comparing strings.
type opCode uint8

const (
	opNone opCode = iota
	opAdd
	opSub
	opMul
	opDiv
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
)

var opCodes = map[string]opCode{"+": opAdd, "-": opSub, "*": opMul, "/": opDiv, "==": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe}

func finite(v float64) Value {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Value{}
	}
	return Num(v)
}

func (c *evalCtx) call(n *node) Value {
	switch n.name {
	case "min", "max":
		a, b := c.eval(n.args[0]), c.eval(n.args[1])
		if !a.Known() || !b.Known() {
			return Value{}
		}
		if n.name == "min" {
			return Num(math.Min(a.num, b.num))
		}
		return Num(math.Max(a.num, b.num))
	case "norm":
		if c.normDone {
			return c.normVal
		}
		c.normDone, c.normVal = true, c.computeNorm()
		return c.normVal
	}
	return Value{}
}

func (c *evalCtx) computeNorm() Value {
	{
		if c.norm == nil || c.slots == nil {
			return Value{}
		}
		t, aow, minors := c.fact(c.slots[0]), c.fact(c.slots[1]), c.fact(c.slots[2])
		if !t.Known() || !aow.Known() || !minors.Known() || minors.num < 0 || minors.num > 50 {
			return Value{}
		}
		v, ok := c.norm(c.year, t.Text(), aow.b, int(minors.num))
		if !ok {
			return Value{}
		}
		return Num(v)
	}
}

func (c *evalCtx) fact(slot int) Value {
	if slot < 0 || slot >= len(c.facts) {
		return Value{}
	}
	return c.facts[slot]
}
