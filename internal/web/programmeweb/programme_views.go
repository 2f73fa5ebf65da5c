package programmeweb

import (
	"context"
	"fmt"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

// periodOptions lists periods newest first, from the current one back to
// the start of the programme (at most 24, and at least the last 6 when the
// programme has no start year yet), with sel selected.
func periodOptions(m *programme.Model, current, sel perspectief.Period) []web.Option {
	first := perspectief.Period{Year: current.Year - 1, Tertial: current.Tertial}
	if m != nil && m.StartYear > 0 && m.StartYear <= current.Year {
		first = perspectief.Period{Year: m.StartYear, Tertial: 1}
	}
	var out []web.Option
	seen := false
	for p := current; !p.Before(first) && len(out) < 24; p = p.Prev() {
		out = append(out, web.Option{Value: p.String(), Label: p.Label(), Selected: p == sel})
		seen = seen || p == sel
	}
	if !seen && !sel.IsZero() {
		// A period outside the list (a bookmark to a future or old period)
		// stays selectable, so the form shows what the page shows.
		out = append([]web.Option{{Value: sel.String(), Label: sel.Label(), Selected: true}}, out...)
	}
	return out
}

// StatusCount is one status in a roll-up card: its label as text (the bar
// next to it only repeats what the text says) and its slice of the bar.
type StatusCount struct {
	Status programme.Status
	Label  string
	Count  int
	Class  string
	X      string // bar offset in percent
	Width  string // bar width in percent
}

// statusCounts lists every status plus "geen update", in roll-up order.
func statusCounts(lr programme.LineRollup) []StatusCount {
	var out []StatusCount
	x := 0.0
	add := func(st programme.Status, label, class string, n int) {
		w := 0.0
		if lr.Interventions > 0 {
			w = 100 * float64(n) / float64(lr.Interventions)
		}
		out = append(out, StatusCount{Status: st, Label: label, Count: n, Class: class, X: pct(x), Width: pct(w)})
		x += w
	}
	for _, st := range programme.Statuses {
		add(st, st.Label(), "s-"+string(st), lr.StatusCount(st))
	}
	add("", "Geen update", "s-geen", len(lr.NoUpdate))
	return out
}

func pct(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

// StatusOption is one radio button of the status field.
type StatusOption struct {
	Value   string
	Label   string
	Hint    string
	Checked bool
}

var statusHints = map[programme.Status]string{
	programme.StatusOnTrack:   "Het loopt volgens plan.",
	programme.StatusAttention: "Het loopt, maar er is iets dat aandacht vraagt.",
	programme.StatusBehind:    "Het loopt achter op de planning of de resultaten.",
	programme.StatusDone:      "De interventie is klaar.",
	programme.StatusNotStared: "De interventie is nog niet begonnen.",
}

func statusOptions(sel programme.Status) []StatusOption {
	out := make([]StatusOption, len(programme.Statuses))
	for i, st := range programme.Statuses {
		out[i] = StatusOption{Value: string(st), Label: st.Label(), Hint: statusHints[st], Checked: st == sel}
	}
	return out
}

// LineOption is one choice of a line filter.
type LineOption struct {
	Code     string
	Name     string
	Selected bool
}

func lineOptions(m *programme.Model, sel string) []LineOption {
	out := make([]LineOption, len(m.Lines))
	for i, l := range m.Lines {
		out[i] = LineOption{Code: l.Code, Name: l.Name, Selected: l.Code == sel}
	}
	return out
}

func findLine(m *programme.Model, code string) (programme.Line, bool) {
	for _, l := range m.Lines {
		if l.Code == code {
			return l, true
		}
	}
	return programme.Line{}, false
}

func findGoal(m *programme.Model, code string) (programme.Goal, bool) {
	for _, g := range m.Goals {
		if g.Code == code {
			return g, true
		}
	}
	return programme.Goal{}, false
}

// goalRefs resolves goal codes to goals, keeping unknown codes visible
// rather than silently dropping them.
func goalRefs(m *programme.Model, codes []string) []programme.Goal {
	out := make([]programme.Goal, 0, len(codes))
	for _, c := range codes {
		if g, ok := findGoal(m, c); ok {
			out = append(out, g)
		} else {
			out = append(out, programme.Goal{Code: c, Title: "(onbekend doel)"})
		}
	}
	return out
}

// updates reads all progress updates. The programme service offers only
// per-intervention history and the roll-up; pages that show the latest
// status of many interventions read the store once instead of once per
// intervention.
func (s *Pages) updates(ctx context.Context) ([]programme.Update, error) {
	return s.Programme.Updates(ctx)
}

// selectedPeriod reads ?periode=, falling back to the current period with a
// message when it is malformed.
func (s *Pages) selectedPeriod(q string) (perspectief.Period, string) {
	if q == "" {
		return s.Programme.CurrentPeriod(), ""
	}
	p, err := perspectief.ParsePeriod(q)
	if err != nil {
		return s.Programme.CurrentPeriod(), perspectief.ErrorMessage(err) + " U ziet nu de huidige periode."
	}
	return p, ""
}
