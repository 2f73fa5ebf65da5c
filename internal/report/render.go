package report

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/numfmt"
)

//go:embed templates/report.html templates/report.css
var files embed.FS

var (
	tmpl = template.Must(template.New("report.html").Funcs(funcs).ParseFS(files, "templates/report.html"))
	css  = func() string {
		b, err := files.ReadFile("templates/report.css")
		if err != nil {
			panic(err)
		}
		return string(b)
	}()
)

var funcs = template.FuncMap{
	"chapters":       func() []Chapter { return Chapters },
	"chapterHeading": chapterHeading,
	"dossierLabel":   DossierLabel,
	"date":           datefmt.Date,
	"datetime":       datefmt.DateTime,
	"lower":          lowerFirst,
	"periodLabel":    periodLabel,
	"periodList":     periodList,
	"join":           joinDutch,
	"verdictClass":   verdictClass,
	"thousands":      thousands,
	"kEuro":          func(euros float64) string { return thousands(euros / 1000) },
	"optEuro":        optEuro,
	"euro":           euro,
	"share":          share,
	"anchor":         anchor,
	"roundName":      roundName,
	"paragraphs":     paragraphs,
}

// Render writes the report as one self-contained HTML document: its CSS
// inline, its charts inline SVG, nothing fetched from elsewhere, so that
// the file reads the same in a browser, in a mail attachment and when
// printed to PDF, now and years from now.
func Render(r *Report) ([]byte, error) {
	var b bytes.Buffer
	view := struct {
		*Report
		CSS template.CSS
	}{r, template.CSS(css)}
	if err := tmpl.Execute(&b, view); err != nil {
		return nil, fmt.Errorf("report: render: %w", err)
	}
	return b.Bytes(), nil
}

// StyleSource returns the Content-Security-Policy source that allows the
// inline style of a rendered document ("'sha256-…'"), taken from the
// document itself so that a dossier made with an older stylesheet still
// shows as it was made. It returns "" when the document has no style.
func StyleSource(doc []byte) string {
	const open, end = "<style>", "</style>"
	i := bytes.Index(doc, []byte(open))
	if i < 0 {
		return ""
	}
	rest := doc[i+len(open):]
	j := bytes.Index(rest, []byte(end))
	if j < 0 {
		return ""
	}
	h := sha256.Sum256(rest[:j])
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}

// Narrative returns the team's text for a chapter, nil when there is none.
func (r *Report) Narrative(key string) *Narrative {
	if n, ok := r.Narratives[key]; ok && strings.TrimSpace(n.Text) != "" {
		return &n
	}
	return nil
}

func chapterHeading(key string) string {
	for i, c := range Chapters {
		if c.Key == key {
			return fmt.Sprintf("%d %s", i+1, c.Title)
		}
	}
	return key
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// periodLabel writes "2024-T3" as "T3 2024".
func periodLabel(s string) string {
	p, err := perspectief.ParsePeriod(s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("T%d %d", p.Tertial, p.Year)
}

// periodList writes the tertials of one year as "T1, T2 en T3".
func periodList(ps []string) string {
	out := make([]string, len(ps))
	for i, s := range ps {
		out[i] = s
		if p, err := perspectief.ParsePeriod(s); err == nil {
			out[i] = fmt.Sprintf("T%d", p.Tertial)
		}
	}
	return joinDutch(out)
}

// joinDutch joins with commas and a final "en": "a, b en c".
func joinDutch(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " en " + xs[len(xs)-1]
}

func verdictClass(v string) string {
	switch v {
	case "gehaald":
		return "gehaald"
	case "niet gehaald":
		return "niet_gehaald"
	}
	return "onbekend"
}

// thousands writes an amount in thousands of euros as the budget tables do:
// "2.380", "12,5", with a typographic minus.
func thousands(v float64) string {
	return strings.Replace(numfmt.Format(v, 1, numfmt.Dutch), "-", "−", 1)
}

// optEuro writes an optional amount of euros in thousands, "–" when there
// is none.
func optEuro(euros *float64) string {
	if euros == nil {
		return "–"
	}
	return thousands(*euros / 1000)
}

// euro writes whole euros: "€ 12.500".
func euro(v float64) string {
	return "€ " + strings.Replace(numfmt.Format(v, 0, numfmt.Dutch), "-", "−", 1)
}

// share writes part as a percentage of whole, "–" when whole is zero.
func share(part, whole float64) string {
	if whole == 0 {
		return "–"
	}
	return numfmt.Dutch1(100*part/whole, true)
}

// anchor makes an id from free text: letters and digits, other runs as "-".
func anchor(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// roundName writes a round as a heading: a bare number or code becomes
// "Ronde 2025-1"; a name ("Voorjaarsronde 2026") stays as it is.
func roundName(s string) string {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return "Ronde " + s
	}
	return s
}

// paragraphs splits text on blank lines; single line breaks stay within a
// paragraph.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// DirectionText says which way is better, as a sentence.
func (t TrendIndicator) DirectionText() string {
	switch t.Direction {
	case "omhoog":
		return "Hoger is beter."
	case "omlaag":
		return "Lager is beter."
	}
	return "Voor deze indicator is geen goede richting vastgelegd."
}

// Size is the number of interventions in the programme.
func (c InterventionChapter) Size() int {
	n := 0
	for _, l := range c.Lines {
		n += len(l.Interventions)
	}
	return n
}

// HasSuccesses reports whether any intervention of the line reported one.
func (l LineReport) HasSuccesses() bool {
	for _, iv := range l.Interventions {
		if len(iv.Successes) > 0 {
			return true
		}
	}
	return false
}

// HasConcerns reports whether any intervention of the line reported one.
func (l LineReport) HasConcerns() bool {
	for _, iv := range l.Interventions {
		if len(iv.Concerns) > 0 {
			return true
		}
	}
	return false
}

// Summary counts the verdicts of the year in one sentence.
func (c GoalChapter) Summary(year int) string {
	var targets, met, notMet int
	for _, g := range c.Goals {
		for _, gi := range g.Indicators {
			if gi.Target == "" {
				continue
			}
			targets++
			switch gi.Verdict {
			case "gehaald":
				met++
			case "niet gehaald":
				notMet++
			}
		}
	}
	if targets == 0 {
		return fmt.Sprintf("Voor %d heeft geen van deze indicatoren een streefwaarde.", year)
	}
	return fmt.Sprintf("Van de %d indicatoren met een streefwaarde voor %d is die bij %d gehaald en bij %d niet gehaald; bij %d is het nog niet te zeggen.",
		targets, year, met, notMet, targets-met-notMet)
}

// Total is what a round granted, in euros.
func (d Decision) Total() float64 {
	var t float64
	for _, g := range d.Granted {
		t += g.Amount
	}
	return t
}

// Summary says how many rounds granted how much.
func (c DecisionChapter) Summary(year int) string {
	n := 0
	for _, d := range c.Rounds {
		n += len(d.Granted)
	}
	rounds := "rondes"
	if len(c.Rounds) == 1 {
		rounds = "ronde"
	}
	requests := "aanvragen"
	if n == 1 {
		requests = "aanvraag"
	}
	return fmt.Sprintf("In %d besliste het beoordelingsteam in %d %s volgens het wegingskader; samen kregen %d %s %s toegekend.",
		year, len(c.Rounds), rounds, n, requests, euro(c.Granted))
}

// LessonGroup is the entries of one kind.
type LessonGroup struct {
	Title   string
	Lessons []Lesson
}

// Groups puts decisions first, then lessons, then any other kind by name.
func (c LessonChapter) Groups() []LessonGroup {
	titles := map[string]string{"besluit": "Besluiten", "les": "Lessen"}
	order := []string{"besluit", "les"}
	by := map[string][]Lesson{}
	for _, l := range c.Lessons {
		k := strings.ToLower(strings.TrimSpace(l.Kind))
		if _, ok := by[k]; !ok && titles[k] == "" {
			order = append(order, k)
		}
		by[k] = append(by[k], l)
	}
	var out []LessonGroup
	for _, k := range order {
		if len(by[k]) == 0 {
			continue
		}
		t := titles[k]
		switch {
		case k == "":
			t = "Overig"
		case t == "":
			t = strings.ToUpper(k[:1]) + k[1:]
		}
		out = append(out, LessonGroup{Title: t, Lessons: by[k]})
	}
	return out
}

func itoa(n int) string { return fmt.Sprint(n) }
