package programme

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Kinds of programme version: what made the change.
const (
	VersionImport   = "import"         // a programme file was read in
	VersionCanvas   = "canvas"         // an intervention's canvas was edited
	VersionDecision = "besluit"        // a decision of the learning log recalibrated the programme
	VersionGrant    = "toekenning"     // requests granted in a wegingskader round became interventions
	VersionRestore  = "herstel"        // a beheerder restored an earlier version
	VersionLeaders  = "projectleiders" // the projectleiders or owner of an intervention were assigned
	VersionEdit     = "bewerking"      // goals, interventions, links or budget rows were edited in the app
)

// Version is the programme as it was after one change: the herijking must
// be traceable, so every change of the model keeps a numbered snapshot with
// who, when, why and on which lessons.
type Version struct {
	Number    int          `json:"versie"`
	CreatedAt time.Time    `json:"datum"`
	Actor     string       `json:"door"`
	Kind      string       `json:"soort"`
	Reason    string       `json:"reden"`
	Decision  int64        `json:"besluit,omitempty"` // the learning log entry, 0 for none
	Lessons   []int64      `json:"lessen"`            // the lessons the decision rests on
	Changes   []Difference `json:"wijzigingen"`       // against the version before
	Model     *Model       `json:"programma,omitempty"`
}

// KindLabel is the Dutch name of the version's kind.
func (v Version) KindLabel() string {
	switch v.Kind {
	case VersionImport:
		return "Programma ingelezen"
	case VersionCanvas:
		return "Canvas gewijzigd"
	case VersionDecision:
		return "Besluit (herijking)"
	case VersionGrant:
		return "Toegekend (wegingskader)"
	case VersionRestore:
		return "Eerdere versie teruggezet"
	case VersionLeaders:
		return "Projectleiders toegewezen"
	case VersionEdit:
		return "Bewerkt in de app"
	}
	return v.Kind
}

// Difference is one thing that differs between two versions.
type Difference struct {
	Kind   string   `json:"onderdeel"` // programma, doel, lijn, interventie, koppeling, begrotingsregel (begroting in older versions)
	Code   string   `json:"code"`
	Title  string   `json:"titel"`
	Change string   `json:"wijziging"` // toegevoegd, gewijzigd, verwijderd
	Fields []string `json:"velden"`    // for gewijzigd: the fields, as in the programme file
}

// Changes of a Difference.
const (
	Added   = "toegevoegd"
	Changed = "gewijzigd"
	Removed = "verwijderd"
)

// Diff lists what changed from old to new: programme fields, then goals,
// lines, interventions, links and budget rows, each in the order of new
// (removed ones after). A budget row is found by its code, or else by its
// post and line.
func Diff(old, new *Model) []Difference {
	if old == nil {
		old = &Model{}
	}
	if new == nil {
		new = &Model{}
	}
	var out []Difference
	var pf []string
	field := func(fs *[]string, name string, a, b any) {
		if !reflect.DeepEqual(a, b) {
			*fs = append(*fs, name)
		}
	}
	field(&pf, "naam", old.Name, new.Name)
	field(&pf, "omschrijving", old.Description, new.Description)
	field(&pf, "startjaar", old.StartYear, new.StartYear)
	field(&pf, "eindjaar", old.EndYear, new.EndYear)
	if len(pf) > 0 {
		out = append(out, Difference{Kind: "programma", Title: new.Name, Change: Changed, Fields: pf})
	}

	out = append(out, diffList("doel", old.Goals, new.Goals, func(g Goal) (string, string) { return g.Code, g.Title },
		func(a, b Goal) []string {
			var fs []string
			field(&fs, "niveau", a.Level, b.Level)
			field(&fs, "titel", a.Title, b.Title)
			field(&fs, "omschrijving", a.Description, b.Description)
			field(&fs, "wat_zien_we", a.Expected, b.Expected)
			return fs
		})...)
	out = append(out, diffList("lijn", old.Lines, new.Lines, func(l Line) (string, string) { return l.Code, l.Name },
		func(a, b Line) []string {
			var fs []string
			field(&fs, "naam", a.Name, b.Name)
			field(&fs, "omschrijving", a.Description, b.Description)
			return fs
		})...)
	out = append(out, diffList("interventie", old.Interventions, new.Interventions, func(iv Intervention) (string, string) { return iv.Code, iv.Title },
		func(a, b Intervention) []string {
			var fs []string
			field(&fs, "titel", a.Title, b.Title)
			field(&fs, "lijn", a.Line, b.Line)
			field(&fs, "projectleiders", strings.Join(a.Leaders, ", "), strings.Join(b.Leaders, ", "))
			field(&fs, "eigenaar", a.Owner, b.Owner)
			field(&fs, "fase", a.Stage, b.Stage)
			field(&fs, "gebied", a.Area, b.Area)
			field(&fs, "wijken", emptyNil(a.Wijken), emptyNil(b.Wijken))
			field(&fs, "canvas.doelstelling", a.Canvas.Objective, b.Canvas.Objective)
			field(&fs, "canvas.aanpak", a.Canvas.Approach, b.Canvas.Approach)
			field(&fs, "canvas.doelgroep", a.Canvas.Audience, b.Canvas.Audience)
			field(&fs, "canvas.partners", a.Canvas.Partners, b.Canvas.Partners)
			field(&fs, "canvas.beoogde_resultaten", emptyNil(a.Canvas.Results), emptyNil(b.Canvas.Results))
			return fs
		})...)
	// A link of a goal or intervention that is itself added or removed
	// goes with it; only links of what stays are listed on their own.
	whole := map[string]bool{}
	for _, d := range out {
		if d.Change != Changed {
			whole[d.Kind+":"+d.Code] = true
		}
	}
	for _, d := range diffList("koppeling", links(old), links(new), func(l link) (string, string) { return l.code, l.title }, func(a, b link) []string { return nil }) {
		from, _, _ := strings.Cut(d.Code, " → ")
		if !whole["doel:"+from] && !whole["interventie:"+from] {
			out = append(out, d)
		}
	}
	for _, kind := range []string{"beschikbaar", "inzet"} {
		out = append(out, diffList("begrotingsregel", budgetRows(old, kind), budgetRows(new, kind), func(r keyedRow) (string, string) { return r.key, r.title },
			func(a, b keyedRow) []string {
				var fs []string
				field(&fs, "post", a.Label, b.Label)
				field(&fs, "lijn", a.Line, b.Line)
				field(&fs, "bedragen", emptyAmounts(a.Amounts), emptyAmounts(b.Amounts))
				field(&fs, "toelichting", a.Note, b.Note)
				field(&fs, "van", a.From, b.From)
				field(&fs, "tot_en_met", a.To, b.To)
				field(&fs, "structureel", a.Structural, b.Structural)
				return fs
			})...)
	}
	return out
}

// link is a link of the doelenboom (a goal under a goal one level up) or
// of an intervention to an operational goal, keyed by both codes.
type link struct{ code, title string }

func links(m *Model) []link {
	var out []link
	for _, g := range m.Goals {
		for _, p := range g.Parents {
			out = append(out, link{g.Code + " → " + p, "(doel onder doel)"})
		}
	}
	for _, iv := range m.Interventions {
		for _, g := range iv.OperationalGoals {
			out = append(out, link{iv.Code + " → " + g, "(interventie draagt bij aan operationeel doel)"})
		}
	}
	return out
}

// keyedRow is a budget row with the key that finds it in another version:
// its code, or else its post and line; rows with the same key are told
// apart by their order.
type keyedRow struct {
	BudgetRow
	key, title string
}

func budgetRows(m *Model, kind string) []keyedRow {
	rows, label := m.Budget.Available, "beschikbaar"
	if kind == "inzet" {
		rows, label = m.Budget.Allocated, "inzet"
	}
	seen := map[string]int{}
	out := make([]keyedRow, len(rows))
	for i, r := range rows {
		key := kind + ":" + r.Code
		if r.Code == "" {
			key = kind + ":" + r.Label + "|" + r.Line
		}
		seen[key]++
		if n := seen[key]; n > 1 {
			key += fmt.Sprintf("#%d", n)
		}
		title := r.Label + " (" + label
		if r.Line != "" {
			title += ", " + r.Line
		}
		out[i] = keyedRow{BudgetRow: r, key: key, title: title + ")"}
	}
	return out
}

func emptyAmounts(a Amounts) Amounts {
	if len(a) == 0 {
		return nil
	}
	return a
}

func emptyNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func diffList[T any](kind string, old, new []T, key func(T) (string, string), fields func(a, b T) []string) []Difference {
	var out []Difference
	before := map[string]T{}
	for _, x := range old {
		c, _ := key(x)
		before[c] = x
	}
	now := map[string]bool{}
	for _, x := range new {
		c, title := key(x)
		now[c] = true
		o, ok := before[c]
		if !ok {
			out = append(out, Difference{Kind: kind, Code: c, Title: title, Change: Added})
			continue
		}
		if fs := fields(o, x); len(fs) > 0 {
			out = append(out, Difference{Kind: kind, Code: c, Title: title, Change: Changed, Fields: fs})
		}
	}
	for _, x := range old {
		c, title := key(x)
		if !now[c] {
			out = append(out, Difference{Kind: kind, Code: c, Title: title, Change: Removed})
		}
	}
	return out
}

// Clone returns a deep copy of m, so that a change can be tried on it.
func (m *Model) Clone() *Model {
	c := *m
	c.Goals = slices.Clone(m.Goals)
	for i := range c.Goals {
		c.Goals[i].Parents = slices.Clone(m.Goals[i].Parents)
	}
	c.Lines = slices.Clone(m.Lines)
	c.Interventions = slices.Clone(m.Interventions)
	for i := range c.Interventions {
		iv := &c.Interventions[i]
		iv.OperationalGoals = slices.Clone(iv.OperationalGoals)
		iv.Leaders = slices.Clone(iv.Leaders)
		iv.Wijken = slices.Clone(iv.Wijken)
		iv.Canvas.Results = slices.Clone(iv.Canvas.Results)
	}
	c.Budget.Available = cloneRows(m.Budget.Available)
	c.Budget.Allocated = cloneRows(m.Budget.Allocated)
	return &c
}

func cloneRows(rs []BudgetRow) []BudgetRow {
	out := slices.Clone(rs)
	for i := range out {
		if rs[i].Amounts == nil {
			continue
		}
		a := Amounts{}
		for y, v := range rs[i].Amounts {
			a[y] = v
		}
		out[i].Amounts = a
	}
	return out
}
