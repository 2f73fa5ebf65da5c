package wegingskaderweb

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/headless"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// printPage is the stand-alone print version of a round: no navigation,
// its own stylesheet, every score and motivation on paper. The same HTML
// becomes the PDF.
var printPage = template.Must(template.New("wk_round.html").Funcs(web.Funcs).ParseFS(templateFS,
	"templates/print/wk_round.html", "templates/wk_partials.html"))

type wkPrintView struct {
	Title     string
	InlineCSS template.CSS // for the PDF, which is loaded without a server
	CSSURL    string
	Round     *wk.Round
	Framework *wk.Framework
	Groups    []wkGroupView
	Requests  []wkRequestRow
	Members   []wk.Member
	Ranking   []wkRankRow
	Results   []wkRequestResult
	Both      bool
	Choice    wk.Choice
	Items     []wkChoiceRow
	Scenarios []wkScenarioRow
	Flips     int
	Overlaps  []wkOverlapView
	Decided   []wk.Request
	PrintedAt time.Time
	PDFLink   string
}

func (s *Pages) wkPrint(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ctx := r.Context()
	cv, err := s.choiceFor(r, rc)
	if err != nil {
		return err
	}
	id := cv.Round.ID
	goals, err := s.Wegingskader.TacticalGoals(ctx)
	if err != nil {
		return err
	}
	v := wkPrintView{Title: cv.Round.Name, Round: cv.Round, Framework: cv.Framework, Groups: groupCriteria(cv.Framework),
		Members: cv.Results.Members, Both: cv.Results.HasExperts() && cv.Results.HasOthers(), Choice: cv.Choice,
		PrintedAt: s.Programme.Now(), PDFLink: roundURL(id, "/afdruk?formaat=pdf")}
	for _, rq := range cv.Requests {
		v.Requests = append(v.Requests, wkRequestRow{Request: rq, Goals: wkGoalRefs(goals, rq.Goals)})
	}
	v.Ranking, v.Results = wkResults(cv.Outcome)
	for _, ov := range cv.Overlaps {
		v.Overlaps = append(v.Overlaps, wkOverlapView{Overlap: ov, Goals: wkGoalRefs(goals, ov.Goals)})
	}
	// The choice and stability rows are those of the choice page.
	var page wkChoiceView
	page.CV = cv
	fillChoiceRows(&page, cv, wkChoiceForm{})
	v.Items, v.Scenarios, v.Flips = page.Items, page.Scenarios, page.Flips
	v.Decided = decided(cv)
	pdf := r.URL.Query().Get("formaat") == "pdf"
	if pdf {
		v.InlineCSS = template.CSS(web.StaticContent("print.css"))
	} else {
		v.CSSURL = web.StaticURL("print.css")
	}
	var buf bytes.Buffer
	if err := printPage.Execute(&buf, v); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if !pdf {
		h.Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(buf.Bytes())
		return nil
	}
	var out []byte
	err = s.WithRenderSlot(web.RequestInfo(r), func() (err error) {
		out, err = headless.PDF(ctx, buf.Bytes())
		return err
	})
	if errors.Is(err, headless.ErrNoBrowser) {
		return perspectief.Errorf(perspectief.CodeInvalid, "Een PDF maken kan op deze server niet, omdat Chromium er niet op staat. Open de afdrukversie en kies in uw browser 'Afdrukken' en dan 'Opslaan als PDF'.")
	}
	if err != nil {
		return err
	}
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="beoordelingsronde-`+strconv.FormatInt(id, 10)+`.pdf"`)
	_, _ = w.Write(out)
	return nil
}
