package eligibility

import (
	"math"
	"strings"
)

// Distance is how far a household is from the limit of the condition that
// decided 'nee': the fact compared, the household's value and the limit,
// both per month when the form asks the fact per month.
type Distance struct {
	Fact  *Fact
	Value float64
	Limit float64
	// Above is true when the value is above a maximum, false when it is
	// below a minimum.
	Above bool
}

// money reports whether the distance is an amount in euros.
func (d Distance) money() bool { return strings.HasPrefix(d.Fact.Unit, "euro") }

// Gap is the distance as a resident reads it: whole euros rounded up (a
// household 40 cents over a limit is 1 euro over it, not 0), other units
// as they are.
func (d Distance) Gap() float64 {
	g := math.Abs(d.Value - d.Limit)
	if d.money() {
		return math.Ceil(g - 1e-9)
	}
	return g
}

// Text is the distance in plain Dutch and English, for example "Uw inkomen
// is ongeveer € 120 per maand hoger dan de grens van € 1.650 per maand."
func (d Distance) Text() Text {
	return Text{NL: d.sentence("nl"), EN: d.sentence("en")}
}

func (d Distance) sentence(lang string) string {
	amount := func(v float64) string {
		switch {
		case d.money():
			s := "€ " + FormatNumber(math.Round(v), lang)
			if d.Fact.PerMonth {
				s += Text{" per maand", " a month"}.In(lang)
			}
			return s
		case d.Fact.Unit == "jaar":
			return FormatNumber(v, lang) + Text{" jaar", " years"}.In(lang)
		}
		return FormatNumber(v, lang)
	}
	noun := d.Fact.Noun.In(lang)
	noun = strings.ToUpper(noun[:1]) + noun[1:]
	gap := d.Gap()
	if gap == 0 {
		return noun + Text{" is precies de grens van ", " is exactly the limit of "}.In(lang) + amount(d.Limit) +
			Text{"; die mag niet bereikt worden.", ", which may not be reached."}.In(lang)
	}
	about := ""
	if d.money() {
		about = Text{"ongeveer ", "about "}.In(lang)
	}
	dir := Text{" hoger dan", " above"}
	if !d.Above {
		dir = Text{" lager dan", " below"}
	}
	return noun + Text{" is ", " is "}.In(lang) + about + amount(gap) + dir.In(lang) +
		Text{" de grens van ", " the limit of "}.In(lang) + amount(d.Limit) + "."
}

// distance finds, in a condition that came out false, the one comparison of
// a named number fact with a limit that made it false, and measures it. It
// returns nil when the condition has no such comparison or more than one
// (two limits missed at once have no single distance).
func (s *Set) distance(n *node, c *evalCtx) *Distance {
	switch n.kind {
	case nAnd:
		l, r := c.eval(n.args[0]), c.eval(n.args[1])
		switch {
		case isFalse(l) && isTrue(r):
			return s.distance(n.args[0], c)
		case isTrue(l) && isFalse(r):
			return s.distance(n.args[1], c)
		}
	case nOr:
		var found *Distance
		for _, a := range n.args {
			if d := s.distance(a, c); d != nil {
				if found != nil {
					return nil
				}
				found = d
			}
		}
		return found
	case nBin:
		return s.compareDistance(n, c)
	}
	return nil
}

func isTrue(v Value) bool  { return v.Known() && v.typ == TBool && v.b }
func isFalse(v Value) bool { return v.Known() && v.typ == TBool && !v.b }

// compareDistance measures a false comparison fact <= limit (or >=, <, >,
// with the fact on either side).
func (s *Set) compareDistance(n *node, c *evalCtx) *Distance {
	if n.opc < opLt || !isFalse(c.eval(n)) {
		return nil
	}
	factSide, limitSide := n.args[0], n.args[1]
	// With the fact on the right, limit <= fact means fact >= limit.
	maximum := n.opc == opLe || n.opc == opLt
	if factSide.kind != nFact {
		factSide, limitSide = limitSide, factSide
		maximum = !maximum
	}
	if factSide.kind != nFact || factSide.fact < 0 || factSide.fact >= len(s.Facts) {
		return nil
	}
	f := s.Facts[factSide.fact]
	if f.Noun.NL == "" || f.Noun.EN == "" {
		return nil
	}
	v, lim := c.eval(factSide), c.eval(limitSide)
	if !v.Known() || !lim.Known() {
		return nil
	}
	d := &Distance{Fact: f, Value: v.num, Limit: lim.num, Above: maximum}
	if f.PerMonth {
		d.Value, d.Limit = d.Value/12, d.Limit/12
	}
	return d
}
