package reportweb

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/report"
	"github.com/perspectief/perspectief/internal/web"
)

// The tertial report for the regiegroep: an index of the tertials with
// their frozen versions, the concept of each as a document (HTML, PDF),
// freezing a version (beheerder, programmateam), and each version's page
// and files exactly as stored.

func (s *Pages) tertialRoutes(mux *http.ServeMux) {
	mux.Handle("GET /tertiaalrapportage", s.Auth(s.tertialIndex))
	mux.Handle("POST /tertiaalrapportage", s.Auth(s.tertialFreeze))
	mux.Handle("GET /tertiaalrapportage/{periode}/concept.html", s.Auth(s.tertialConcept("html")))
	mux.Handle("GET /tertiaalrapportage/{periode}/concept.pdf", s.Auth(s.tertialConcept("pdf")))
	mux.Handle("GET /tertiaalrapportage/{periode}/versies/{versie}", s.Auth(s.tertialVersionPage))
	mux.Handle("GET /tertiaalrapportage/{periode}/versies/{versie}/{bestand}", s.Auth(s.tertialFile))
}

// tertials returns the service, or why this installation has none.
func (s *Pages) tertials() (*report.TertialService, error) {
	if s.Tertials == nil {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "De tertiaalrapportage is op deze installatie niet beschikbaar.")
	}
	return s.Tertials, nil
}

// TertialPeriod is one tertial on the index with its frozen versions.
type TertialPeriod struct {
	Period, Label string
	Versions      []report.TertialVersion
}

type tertialIndexView struct {
	web.Page
	Periods   []TertialPeriod
	CanFreeze bool
	Options   []web.Option
	Note      string
	Error     string
}

func (s *Pages) tertialIndexView(r *http.Request, rc *web.ReqCtx, sel string) (*tertialIndexView, error) {
	ts, err := s.tertials()
	if err != nil {
		return nil, err
	}
	if err := ts.CanRead(*rc.User); err != nil {
		return nil, err
	}
	ps, err := ts.Periods(r.Context())
	if err != nil {
		return nil, err
	}
	vs, err := ts.Versions(r.Context(), *rc.User, "")
	if err != nil {
		return nil, err
	}
	v := &tertialIndexView{Page: s.Page(r, rc, "Tertiaalrapportage", "tertiaal"), CanFreeze: ts.CanFreeze(*rc.User) == nil}
	if sel == "" && len(ps) > 0 {
		sel = ps[0].String()
	}
	for _, p := range ps {
		tp := TertialPeriod{Period: p.String(), Label: p.Label()}
		for _, x := range vs {
			if x.Period == tp.Period {
				tp.Versions = append(tp.Versions, x)
			}
		}
		v.Periods = append(v.Periods, tp)
		v.Options = append(v.Options, web.Option{Value: tp.Period, Label: tp.Label, Selected: tp.Period == sel})
	}
	return v, nil
}

func (s *Pages) tertialIndex(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	v, err := s.tertialIndexView(r, rc, "")
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "tertials", v)
	return nil
}

// tertialFreeze freezes the report of the tertial chosen as its next
// version.
func (s *Pages) tertialFreeze(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ts, err := s.tertials()
	if err != nil {
		return err
	}
	if err := ts.CanFreeze(*rc.User); err != nil {
		return err
	}
	period, note := r.PostFormValue("periode"), r.PostFormValue("notitie")
	var t *report.TertialVersion
	err = s.WithRenderSlot(rc, func() (err error) {
		t, err = ts.FreezeTertial(r.Context(), *rc.User, period, note)
		return err
	})
	if code := perspectief.ErrorCode(err); code == perspectief.CodeInvalid || code == perspectief.CodeConflict {
		v, verr := s.tertialIndexView(r, rc, period)
		if verr != nil {
			return verr
		}
		v.Title, v.Note = "Fout: "+v.Title, note
		v.Error = perspectief.ErrorMessage(err)
		for _, f := range perspectief.ErrorFields(err) {
			v.Error += " " + web.UpperFirst(f.Message) + "."
		}
		s.Render(w, r, statusOf(code), "tertials", v)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/tertiaalrapportage/%s/versies/%d?melding=tertiaalrapportage", t.Period, t.Version), http.StatusSeeOther)
	return nil
}

func statusOf(code perspectief.Code) int {
	if code == perspectief.CodeConflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// tertialConcept serves the report of a tertial as it stands now.
func (s *Pages) tertialConcept(format string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		ts, err := s.tertials()
		if err != nil {
			return err
		}
		rep, err := ts.Build(r.Context(), *rc.User, r.PathValue("periode"))
		if err != nil {
			return err
		}
		doc, err := report.RenderTertial(rep)
		if err != nil {
			return err
		}
		return s.sendReport(w, r, rc, format, "tertiaalrapportage-"+rep.Period+"-concept", doc, ts.MakePDF)
	}
}

func (s *Pages) tertialOf(r *http.Request, rc *web.ReqCtx) (*report.TertialVersion, error) {
	ts, err := s.tertials()
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(r.PathValue("versie"))
	if err != nil || n < 1 {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Versie %q bestaat niet.", r.PathValue("versie"))
	}
	return ts.Version(r.Context(), *rc.User, r.PathValue("periode"), n)
}

type tertialVersionView struct {
	web.Page
	T *report.TertialVersion
}

func (s *Pages) tertialVersionPage(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	t, err := s.tertialOf(r, rc)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "tertial_version", tertialVersionView{Page: s.Page(r, rc, t.Label(), "tertiaal"), T: t})
	return nil
}

// tertialFile serves one file of a frozen version, exactly as stored.
func (s *Pages) tertialFile(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	t, err := s.tertialOf(r, rc)
	if err != nil {
		return err
	}
	return sendFrozen(w, r, frozenFile{Name: fmt.Sprintf("tertiaalrapportage-%s-versie-%d", t.Period, t.Version), HTML: t.HTML, PDF: t.PDF, Snapshot: t.Snapshot, HasPDF: t.HasPDF(),
		NoPDF:   "Deze tertiaalrapportage heeft geen PDF: toen ze werd vastgelegd, stond Chromium niet op de server. De HTML-versie is de rapportage; die kunt u vanuit de browser afdrukken.",
		Unknown: "Dit bestand hoort niet bij een tertiaalrapportage."})
}
