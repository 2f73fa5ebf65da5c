package survey

import "slices"

// Results are the answers of a wave counted per question, for everyone and
// per area.
type Results struct {
	Wave          Wave
	Questionnaire Questionnaire
	Responses     int // filled-in questionnaires
	MinN          int
	// Areas are the columns of the per-area table: the questionnaire's
	// areas, then the answers without an area (Code "").
	Areas     []Area
	Questions []QuestionResult // the counted questions
	// Open are the answers in respondents' own words, per open question.
	Open []OpenResult
}

// OpenResult holds the answers to one open question, in alphabetical
// order so that their order says nothing about who answered when. They
// are Hidden while the wave has fewer responses than its minimum: a few
// answers in one's own words are easily recognised.
type OpenResult struct {
	Question Question
	N        int
	Answers  []string
	Hidden   bool
}

// QuestionResult is one question's share that agrees.
type QuestionResult struct {
	Question Question
	Total    Cell
	ByArea   []Cell // in the order of Results.Areas
}

// Cell is the share that agrees among N answers (weet niet not counted),
// with its 95% Wilson interval. A suppressed cell carries no numbers at all,
// so that nothing of it can leak through a page, a download or the API.
type Cell struct {
	Area       string
	AreaName   string
	N          int
	Agree      int
	Share      float64 // 0..1
	Low, High  float64 // 95% Wilson interval, 0..1
	Suppressed bool
	Empty      bool   // no answers at all: nothing to hide, nothing to show
	Reason     string // why suppressed
}

// NoArea names the column of answers without an area.
const NoArea = "Wijk niet ingevuld"

// Suppression reasons.
const (
	ReasonSmall     = "te weinig antwoorden"
	ReasonSecondary = "verborgen, anders is een kleine wijk terug te rekenen"
)

// Compute counts the responses of a wave. Cells with fewer than minN
// answers are suppressed. When exactly one area cell of a question is
// suppressed, the smallest other area cell with answers is suppressed too:
// otherwise the total minus the shown areas would give the small one away.
func Compute(w Wave, q Questionnaire, rs []Response) Results {
	minN := w.MinN
	if minN < 1 {
		minN = DefaultMinN
	}
	res := Results{Wave: w, Questionnaire: q, Responses: len(rs), MinN: minN}
	res.Areas = append(res.Areas, q.Areas...)
	res.Areas = append(res.Areas, Area{Code: "", Name: NoArea})
	col := map[string]int{}
	for i, a := range res.Areas {
		col[a.Code] = i
	}
	for _, qu := range q.Questions {
		if !qu.Kind.Counted() {
			res.Open = append(res.Open, openAnswers(qu, rs, minN))
			continue
		}
		qr := QuestionResult{Question: qu, Total: Cell{Area: q.Whole, AreaName: "Alle antwoorden"}}
		qr.ByArea = make([]Cell, len(res.Areas))
		for i, a := range res.Areas {
			qr.ByArea[i] = Cell{Area: a.Code, AreaName: a.Name}
		}
		for _, r := range rs {
			v, ok := r.Answers[qu.Code]
			if !ok || v == DontKnow {
				continue
			}
			o, known := qu.Kind.Option(v)
			if !known {
				continue
			}
			i, ok := col[r.Area]
			if !ok {
				i = col[""] // an area the questionnaire no longer offers
			}
			for _, c := range []*Cell{&qr.Total, &qr.ByArea[i]} {
				c.N++
				if o.Agree {
					c.Agree++
				}
			}
		}
		finish(&qr.Total, minN)
		finishAreas(qr.ByArea, minN)
		res.Questions = append(res.Questions, qr)
	}
	return res
}

// openAnswers collects the answers to open question qu.
func openAnswers(qu Question, rs []Response, minN int) OpenResult {
	o := OpenResult{Question: qu}
	for _, r := range rs {
		if v := r.Answers[qu.Code]; v != "" {
			o.Answers = append(o.Answers, v)
		}
	}
	o.N = len(o.Answers)
	if len(rs) < minN {
		o.Answers, o.Hidden = nil, true
	}
	slices.Sort(o.Answers)
	return o
}

func finish(c *Cell, minN int) {
	if c.N == 0 {
		*c = Cell{Area: c.Area, AreaName: c.AreaName, Suppressed: true, Empty: true, Reason: "geen antwoorden"}
		return
	}
	if c.N < minN {
		suppress(c, ReasonSmall)
		return
	}
	c.Share = float64(c.Agree) / float64(c.N)
	c.Low, c.High = Wilson(c.Agree, c.N, Z95)
}

func suppress(c *Cell, reason string) {
	*c = Cell{Area: c.Area, AreaName: c.AreaName, Suppressed: true, Reason: reason}
}

// finishAreas suppresses the small area cells and, when exactly one cell
// with answers is hidden, also the smallest shown cell. A cell without any
// answer is hidden too, but there is nothing in it to work out.
func finishAreas(cells []Cell, minN int) {
	hidden, smallest := 0, -1
	for i, c := range cells {
		switch {
		case c.N == 0:
		case c.N < minN:
			hidden++
		case smallest < 0 || c.N < cells[smallest].N || c.N == cells[smallest].N && c.Area < cells[smallest].Area:
			// Ties go to the smaller area code, as in the trendmonitor's
			// secondary suppression.
			smallest = i
		}
	}
	for i := range cells {
		finish(&cells[i], minN)
	}
	if hidden == 1 && smallest >= 0 {
		suppress(&cells[smallest], ReasonSecondary)
	}
}
