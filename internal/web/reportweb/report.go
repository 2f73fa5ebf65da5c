package reportweb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/report"
)

type reportsView struct {
	web.Page
	Years    []ReportYear
	Dossiers []report.Dossier
}

// ReportYear is a year on the report index.
type ReportYear struct {
	Year     int
	Ongoing  bool
	Dossiers int
}

type reportView struct {
	web.Page
	Year        int
	Ongoing     bool
	CanWrite    bool
	CanFreeze   bool
	PDF         bool // the server can make a PDF
	Chapters    []ChapterBlock
	Dossiers    []report.Dossier
	Errors      []web.FieldErr
	Summary     string
	FreezeNote  string
	FreezeError string
}

// ChapterBlock is one chapter on the report's page: what the data gives,
// and the team's text with its form.
type ChapterBlock struct {
	Number    int
	Key       string
	Title     string
	Summary   string
	Missing   bool
	Text      string // the stored text, or what the user typed when it was refused
	Stored    string // the stored text, shown when someone else changed it meanwhile
	Basis     int    // the stored text's version the form was opened on
	UpdatedBy string
	UpdatedAt time.Time
	Error     string
	Conflict  bool // someone else saved the text after the user opened it
	Saved     bool // the text was just saved
}

// FieldID is the id of the chapter's textarea.
func (c ChapterBlock) FieldID() string { return "tekst-" + c.Key }

type dossierView struct {
	web.Page
	D   *report.Dossier
	PDF bool
}

// reportYear reads the year from the path.
func (s *Pages) reportYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("jaar"))
	if err != nil {
		return 0, perspectief.Errorf(perspectief.CodeNotFound, "%q is geen jaar.", r.PathValue("jaar"))
	}
	return y, s.Reports.CheckYear(y)
}

func (s *Pages) reportIndex(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	years, err := s.Reports.Years(r.Context())
	if err != nil {
		return err
	}
	ds, err := s.Reports.Dossiers(r.Context(), 0)
	if err != nil {
		return err
	}
	v := reportsView{Page: s.Page(r, rc, "Voortgangsrapportage", "rapportage"), Dossiers: ds}
	now := s.Reports.Now().Year()
	for _, y := range years {
		ry := ReportYear{Year: y, Ongoing: y >= now}
		for _, d := range ds {
			if d.Year == y {
				ry.Dossiers++
			}
		}
		v.Years = append(v.Years, ry)
	}
	s.Render(w, r, http.StatusOK, "reports", v)
	return nil
}

func (s *Pages) reportPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	return s.showReport(w, r, rc, year, http.StatusOK, nil)
}

// showReport renders the report's page; edited, when not nil, is a
// chapter whose form is shown again with what the user typed.
func (s *Pages) showReport(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, year, status int, edited *ChapterBlock) error {
	rep, err := s.Reports.Build(r.Context(), year)
	if err != nil {
		return err
	}
	stored, err := s.Reports.Narratives(r.Context(), year)
	if err != nil {
		return err
	}
	ds, err := s.Reports.Dossiers(r.Context(), year)
	if err != nil {
		return err
	}
	v := reportView{Page: s.Page(r, rc, fmt.Sprintf("Voortgangsrapportage %d", year), "rapportage"), Year: year, Ongoing: rep.Ongoing,
		CanWrite: rc.User.CanWriteReport(), CanFreeze: rc.User.CanFreezeReport(), PDF: s.Reports.PDF != nil, Dossiers: ds}
	missing := rep.Missing()
	for i, c := range report.Chapters {
		n := stored[c.Key]
		b := ChapterBlock{Number: i + 1, Key: c.Key, Title: c.Title, Summary: rep.Summary(c.Key), Missing: missing[c.Key] != "",
			Text: n.Text, UpdatedBy: n.UpdatedBy, UpdatedAt: n.UpdatedAt, Basis: n.Version, Saved: r.URL.Query().Get("opgeslagen") == c.Key}
		if edited != nil && edited.Key == c.Key {
			b.Text, b.Error = edited.Text, edited.Error
			if edited.Conflict {
				// Someone saved meanwhile: show their text, and let a second
				// save, made after reading it, replace it.
				b.Conflict, b.Stored = true, n.Text
			} else {
				b.Basis = edited.Basis
			}
			v.Errors = []web.FieldErr{{Anchor: b.FieldID(), Message: edited.Error}}
			v.Summary = "De tekst is niet opgeslagen"
			v.Title = "Fout: " + v.Title
		}
		v.Chapters = append(v.Chapters, b)
	}
	if edited != nil && edited.Key == "dossier" {
		v.FreezeNote, v.FreezeError = edited.Text, edited.Error
		v.Errors = []web.FieldErr{{Anchor: "notitie", Message: edited.Error}}
		v.Summary = "Het raadsdossier is niet vastgelegd"
		v.Title = "Fout: " + v.Title
	}
	s.Render(w, r, status, "report", v)
	return nil
}

func (s *Pages) narrativeSave(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	key := r.PathValue("hoofdstuk")
	text := r.PostFormValue("tekst")
	// A missing or garbled version counts as "no text seen", which the
	// store refuses when there is one.
	basis, _ := strconv.Atoi(r.PostFormValue("basis"))
	if _, err := s.Reports.SaveNarrative(r.Context(), *rc.User, year, key, text, basis); err != nil {
		code := perspectief.ErrorCode(err)
		if code != perspectief.CodeInvalid && code != perspectief.CodeConflict {
			return err
		}
		status := http.StatusUnprocessableEntity
		edited := &ChapterBlock{Key: key, Text: text, Basis: basis, Error: perspectief.ErrorMessage(err)}
		if code == perspectief.CodeConflict {
			status, edited.Conflict = http.StatusConflict, true
		}
		return s.showReport(w, r, rc, year, status, edited)
	}
	// The confirmation stands in the chapter, where the page opens.
	http.Redirect(w, r, fmt.Sprintf("/rapportage/%d?opgeslagen=%s#hoofdstuk-%s", year, url.QueryEscape(key), key), http.StatusSeeOther)
	return nil
}

func (s *Pages) dossierFreeze(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("notitie")
	var d *report.Dossier
	err = s.WithRenderSlot(rc, func() (err error) {
		d, err = s.Reports.Freeze(r.Context(), *rc.User, year, note)
		return err
	})
	if err != nil {
		if code := perspectief.ErrorCode(err); code == perspectief.CodeInvalid || code == perspectief.CodeConflict {
			return s.showReport(w, r, rc, year, http.StatusUnprocessableEntity, &ChapterBlock{Key: "dossier", Text: note, Error: perspectief.ErrorMessage(err)})
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/rapportage/%d/dossiers/%d?melding=raadsdossier", d.Year, d.Version), http.StatusSeeOther)
	return nil
}

// reportDocument serves the live report as HTML, PDF or open data.
func (s *Pages) reportDocument(format string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		year, err := s.reportYear(r)
		if err != nil {
			return err
		}
		rep, err := s.Reports.Build(r.Context(), year)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("voortgangsrapportage-%d", year)
		switch format {
		case "zip":
			b, err := report.OpenData(rep)
			if err != nil {
				return err
			}
			web.SendFile(w, "application/zip", name+"-open-data.zip", b)
			return nil
		}
		doc, err := report.Render(rep)
		if err != nil {
			return err
		}
		return s.sendReport(w, r, rc, format, name, doc, s.Reports.MakePDF)
	}
}

// sendReport serves a rendered report as HTML, or printed to PDF in a
// render slot (makePDF is the service's MakePDF).
func (s *Pages) sendReport(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, format, name string, doc []byte, makePDF func(context.Context, []byte) ([]byte, error)) error {
	if format != "pdf" {
		sendDocument(w, r, name+".html", doc)
		return nil
	}
	var b []byte
	if err := s.WithRenderSlot(rc, func() (err error) {
		b, err = makePDF(r.Context(), doc)
		return err
	}); err != nil {
		return err
	}
	web.SendFile(w, "application/pdf", name+".pdf", b)
	return nil
}

// sendDocument serves a rendered report: inline, so the browser shows it,
// under a policy that allows nothing but its own inline style and images.
func sendDocument(w http.ResponseWriter, r *http.Request, name string, doc []byte) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src "+report.StyleSource(doc)+"; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	disp := "inline"
	if r.URL.Query().Has("download") {
		disp = "attachment"
	}
	h.Set("Content-Disposition", disp+`; filename="`+name+`"`)
	_, _ = w.Write(doc)
}

func (s *Pages) dossierOf(r *http.Request) (*report.Dossier, error) {
	year, err := s.reportYear(r)
	if err != nil {
		return nil, err
	}
	v, err := strconv.Atoi(r.PathValue("versie"))
	if err != nil || v < 1 {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Raadsdossier %q bestaat niet.", r.PathValue("versie"))
	}
	return s.Reports.Dossier(r.Context(), year, v)
}

func (s *Pages) dossierPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	d, err := s.dossierOf(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "dossier", dossierView{Page: s.Page(r, rc, d.Label(), "rapportage"), D: d, PDF: d.HasPDF()})
	return nil
}

// dossierFile serves one file of a frozen dossier, exactly as stored.
func (s *Pages) dossierFile(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	d, err := s.dossierOf(r)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("raadsdossier-%d-versie-%d", d.Year, d.Version)
	if r.PathValue("bestand") == "open-data.zip" {
		web.SendFile(w, "application/zip", name+"-open-data.zip", d.OpenData)
		return nil
	}
	return sendFrozen(w, r, frozenFile{Name: name, HTML: d.HTML, PDF: d.PDF, Snapshot: d.Snapshot, HasPDF: d.HasPDF(),
		NoPDF:   "Dit raadsdossier heeft geen PDF: toen het werd vastgelegd, stond Chromium niet op de server. De HTML-versie is het dossier; die kunt u vanuit de browser afdrukken.",
		Unknown: "Dit bestand hoort niet bij een raadsdossier."})
}

// frozenFile is a frozen report's files as stored, with the messages for a
// missing PDF and for a file that does not belong to it.
type frozenFile struct {
	Name                string // of the download, without extension
	HTML, PDF, Snapshot []byte
	HasPDF              bool
	NoPDF, Unknown      string
}

// sendFrozen serves the file the path names (rapport.html, rapport.pdf or
// gegevens.json) exactly as stored.
func sendFrozen(w http.ResponseWriter, r *http.Request, f frozenFile) error {
	switch r.PathValue("bestand") {
	case "rapport.html":
		sendDocument(w, r, f.Name+".html", f.HTML)
		return nil
	case "rapport.pdf":
		if !f.HasPDF {
			return perspectief.Errorf(perspectief.CodeNotFound, "%s", f.NoPDF)
		}
		web.SendFile(w, "application/pdf", f.Name+".pdf", f.PDF)
		return nil
	case "gegevens.json":
		web.SendFile(w, "application/json", f.Name+"-gegevens.json", f.Snapshot)
		return nil
	}
	return perspectief.Errorf(perspectief.CodeNotFound, "%s", f.Unknown)
}

// Routes adds the pages of this feature to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.Handle("GET /rapportage", s.Auth(s.reportIndex))
	mux.Handle("GET /rapportage/{jaar}", s.Auth(s.reportPage))
	mux.Handle("GET /rapportage/{jaar}/rapport.html", s.Auth(s.reportDocument("html")))
	mux.Handle("GET /rapportage/{jaar}/rapport.pdf", s.Auth(s.reportDocument("pdf")))
	mux.Handle("GET /rapportage/{jaar}/open-data.zip", s.Auth(s.reportDocument("zip")))
	mux.Handle("POST /rapportage/{jaar}/teksten/{hoofdstuk}", s.Auth(s.narrativeSave))
	mux.Handle("POST /rapportage/{jaar}/dossiers", s.Auth(s.dossierFreeze))
	mux.Handle("GET /rapportage/{jaar}/dossiers/{versie}", s.Auth(s.dossierPage))
	mux.Handle("GET /rapportage/{jaar}/dossiers/{versie}/{bestand}", s.Auth(s.dossierFile))
	s.tertialRoutes(mux)
}
