package indicatorweb

import (
	"context"
	"io"
	"net/http"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/web"
)

// The two uploads (indicator values; trendmonitor tables computed
// elsewhere) go the same way: a form takes the file, the service checks
// it and keeps it in the database under a one-time token, the page shows
// what it would add and replace with a confirm button carrying the token,
// and the confirmation stores it all or nothing. No JavaScript is needed,
// and any instance of the server can take the confirmation.

// uploadKind is what differs between the two uploads.
type uploadKind struct {
	path, title, nav, missing, notice, done string
	trend                                   bool
	allowed                                 func(*indicator.Service, account.User) error
	// preview checks a file and keeps it; the view gets the plan.
	preview func(s *indicator.Service, ctx context.Context, u account.User, name string, data []byte, v *uploadView) error
	confirm func(s *indicator.Service, ctx context.Context, u account.User, token string) error
}

var valuesUpload = uploadKind{
	path: "/indicatoren/inlezen", title: "Indicatorwaarden inlezen", nav: "indicatoren",
	missing: "Kies een bestand met indicatorwaarden (CSV of Excel) om in te lezen.",
	notice:  "waarden-ingelezen", done: "/indicatoren",
	allowed: (*indicator.Service).CanEnterValues,
	preview: func(s *indicator.Service, ctx context.Context, u account.User, name string, data []byte, v *uploadView) error {
		p, err := s.PreviewValues(ctx, u, name, data)
		v.Values = p
		return err
	},
	confirm: func(s *indicator.Service, ctx context.Context, u account.User, token string) error {
		_, err := s.ConfirmValues(ctx, u, token)
		return err
	},
}

var trendUpload = uploadKind{
	path: "/trendmonitor/inlezen", title: "Trendmonitortabel inlezen", nav: "trendmonitor", trend: true,
	missing: "Kies een trendmonitortabel (CSV) om in te lezen.",
	notice:  "trendtabel", done: "/trendmonitor",
	allowed: (*indicator.Service).CanUploadTrend,
	preview: func(s *indicator.Service, ctx context.Context, u account.User, name string, data []byte, v *uploadView) error {
		p, err := s.PreviewTrendTable(ctx, u, name, data)
		v.Trend = p
		if err == nil && p != nil {
			v.TrendIndicators, v.TrendGemeenten = namesOf(ctx, s, p)
		}
		return err
	},
	confirm: func(s *indicator.Service, ctx context.Context, u account.User, token string) error {
		_, err := s.ConfirmTrendTable(ctx, u, token)
		return err
	},
}

// uploadView is the upload page: the form, a refusal, or the preview of
// what the file would change with the button that confirms it.
type uploadView struct {
	web.Page
	web.FileRefusal
	Action    string
	IsTrend   bool
	CanUpload bool
	Values    *indicator.ValuesPlan
	Trend     *indicator.TrendPlan
	// TrendIndicators and TrendGemeenten name the table's indicators and
	// gemeenten as the register does ("Naam (code)").
	TrendIndicators, TrendGemeenten []string
}

// namesOf gives the preview's indicators and gemeenten by name, with the
// code after it; a code the register lacks stays a code.
func namesOf(ctx context.Context, s *indicator.Service, p *indicator.TrendPlan) (inds, gems []string) {
	reg, err := s.Register(ctx)
	if err != nil {
		return p.Indicators, p.Gemeenten
	}
	for _, c := range p.Indicators {
		if ind, ok := reg.Indicator(c); ok && ind.Name != "" {
			c = ind.Name + " (" + c + ")"
		}
		inds = append(inds, c)
	}
	for _, c := range p.Gemeenten {
		if n := reg.AreaName(c); n != c {
			c = n + " (" + c + ")"
		}
		gems = append(gems, c)
	}
	return inds, gems
}

// Token is the one-time token of the previewed file.
func (v uploadView) Token() string {
	switch {
	case v.Values != nil:
		return v.Values.Token
	case v.Trend != nil:
		return v.Trend.Token
	}
	return ""
}

func (s *Pages) uploadView(r *http.Request, rc *web.ReqCtx, k uploadKind, title string) uploadView {
	return uploadView{Page: s.Page(r, rc, title, k.nav), Action: k.path, IsTrend: k.trend, CanUpload: k.allowed(s.Indicators, *rc.User) == nil}
}

func (s *Pages) uploadForm(k uploadKind) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		if err := k.allowed(s.Indicators, *rc.User); err != nil {
			return err
		}
		s.Render(w, r, http.StatusOK, "upload", s.uploadView(r, rc, k, k.title))
		return nil
	}
}

// uploadPost previews an uploaded file, or stores the previewed one when
// the form carries its token.
func (s *Pages) uploadPost(k uploadKind) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
		if err := k.allowed(s.Indicators, *rc.User); err != nil {
			return err
		}
		if token := r.PostFormValue("token"); token != "" {
			return s.uploadConfirm(w, r, rc, k, token)
		}
		v := s.uploadView(r, rc, k, "Controleer wat er verandert: "+k.title)
		refusal, err := web.ReadUpload(r, k.missing, func(name string, f io.Reader) error {
			data, err := indicator.ReadUpload(name, f)
			if err != nil {
				return err
			}
			v.FileName = name
			return k.preview(s.Indicators, r.Context(), *rc.User, name, data, &v)
		})
		if err != nil {
			return err
		}
		if refusal != nil {
			v = s.uploadView(r, rc, k, "Fout: "+k.title)
			v.FileRefusal = *refusal
			s.Render(w, r, http.StatusUnprocessableEntity, "upload", v)
			return nil
		}
		s.Render(w, r, http.StatusOK, "upload", v)
		return nil
	}
}

func (s *Pages) uploadConfirm(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, k uploadKind, token string) error {
	err := k.confirm(s.Indicators, r.Context(), *rc.User, token)
	switch perspectief.ErrorCode(err) {
	case perspectief.CodeInvalid, perspectief.CodeConflict:
		// Used already, expired, or refused now (the register changed
		// since the preview): nothing was stored.
		v := s.uploadView(r, rc, k, "Fout: "+k.title)
		v.FileRefusal = web.FileRefusal{Message: perspectief.ErrorMessage(err), Details: perspectief.ErrorDetails(err)}
		status := http.StatusUnprocessableEntity
		if perspectief.ErrorCode(err) == perspectief.CodeConflict {
			status = http.StatusConflict
		}
		s.Render(w, r, status, "upload", v)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, k.done+"?melding="+k.notice, http.StatusSeeOther)
	return nil
}
