package wegingskaderweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/programme"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

// wkRoutes registers the pages of the wegingskader. The rules of
// who may see and do what live in package wegingskader; the pages ask the
// same questions to decide which buttons to show.
func (s *Pages) Routes(mux *http.ServeMux) {
	h := s.Auth
	mux.Handle("GET /wegingskader", h(s.wkOverview))
	mux.Handle("GET /wegingskader/kader", h(s.wkFramework))
	mux.Handle("POST /wegingskader/kader", s.AuthUpload(s.wkFrameworkUpload))
	mux.Handle("GET /wegingskader/aanvragen", h(s.wkRequests))
	mux.Handle("POST /wegingskader/aanvragen", h(s.wkRequestSave))
	mux.Handle("GET /wegingskader/aanvragen/nieuw", h(s.wkRequestForm))
	mux.Handle("GET /wegingskader/aanvragen/{id}", h(s.wkRequestPage))
	mux.Handle("GET /wegingskader/aanvragen/{id}/bewerken", h(s.wkRequestForm))
	mux.Handle("POST /wegingskader/aanvragen/{id}", h(s.wkRequestSave))
	mux.Handle("GET /wegingskader/rondes/nieuw", h(s.wkRoundForm))
	mux.Handle("POST /wegingskader/rondes", h(s.wkRoundSave))
	mux.Handle("GET /wegingskader/rondes/{id}", h(s.wkRoundPage))
	mux.Handle("GET /wegingskader/rondes/{id}/bewerken", h(s.wkRoundForm))
	mux.Handle("POST /wegingskader/rondes/{id}", h(s.wkRoundSave))
	mux.Handle("POST /wegingskader/rondes/{id}/openen", h(s.wkRoundOpen))
	mux.Handle("POST /wegingskader/rondes/{id}/sluiten", h(s.wkRoundClose))
	mux.Handle("GET /wegingskader/rondes/{id}/scores", h(s.wkSheet))
	mux.Handle("GET /wegingskader/rondes/{id}/scores/{aanvraag}", h(s.wkScoreForm))
	mux.Handle("POST /wegingskader/rondes/{id}/scores/{aanvraag}", h(s.wkScoreSave))
	mux.Handle("POST /wegingskader/rondes/{id}/indienen", h(s.wkSubmit))
	mux.Handle("GET /wegingskader/rondes/{id}/uitslag", h(s.wkResults))
	mux.Handle("GET /wegingskader/rondes/{id}/samenhang", h(s.wkCoherence))
	mux.Handle("GET /wegingskader/rondes/{id}/keuze", h(s.wkChoice))
	mux.Handle("POST /wegingskader/rondes/{id}/vastzetten", h(s.wkFix))
	mux.Handle("POST /wegingskader/rondes/{id}/besluit", h(s.wkDecide))
	mux.Handle("POST /wegingskader/rondes/{id}/toekennen", h(s.wkGrant))
	mux.Handle("GET /wegingskader/rondes/{id}/afdruk", h(s.wkPrint))
}

// pathID reads a numeric path value; anything else is a page that does not
// exist.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFoundf("%s %q bestaat niet", what, r.PathValue(name))
	}
	return id, nil
}

// wkNavItem is one link of the navigation between the parts of a round.
type wkNavItem struct {
	Href, Label string
	Current     bool
}

// wkRoundNav lists the parts of a round u can open, in the order of the
// round's life.
func wkRoundNav(u account.User, r *wk.Round, current string) []wkNavItem {
	base := "/wegingskader/rondes/" + strconv.FormatInt(r.ID, 10)
	items := []wkNavItem{{base, "Ronde", current == "ronde"}}
	if _, member := r.Member(u.Email); member && r.Status != wk.StatusDraft {
		items = append(items, wkNavItem{base + "/scores", "Mijn scores", current == "scores"})
	}
	if r.Status != wk.StatusDraft {
		items = append(items, wkNavItem{base + "/uitslag", "Scores naast elkaar", current == "uitslag"})
	}
	items = append(items, wkNavItem{base + "/samenhang", "In samenhang", current == "samenhang"})
	if r.Status == wk.StatusClosed || r.Status == wk.StatusDecided {
		items = append(items,
			wkNavItem{base + "/keuze", "Keuze binnen het budget", current == "keuze"},
			wkNavItem{base + "/afdruk", "Afdrukken", current == "afdruk"})
	}
	return items
}

// RoundHead is what every page of a round shows above its content.
type RoundHead struct {
	Round *wk.Round
	Parts []wkNavItem
}

func wkHead(u account.User, r *wk.Round, current string) RoundHead {
	return RoundHead{Round: r, Parts: wkRoundNav(u, r, current)}
}

// wkYearRow is one year of a budget table.
type wkYearRow struct {
	Year                 int
	Budget, Used, Left   int64
	Asked                int64
	Binding, Over, Short bool
}

// wkGoalRefs resolves tactical goal codes to "T1 title".
func wkGoalRefs(goals []programme.Goal, codes []string) []programme.Goal {
	out := make([]programme.Goal, 0, len(codes))
	for _, c := range codes {
		g := programme.Goal{Code: c, Title: "(onbekend doel)"}
		for _, x := range goals {
			if x.Code == c {
				g = x
			}
		}
		out = append(out, g)
	}
	return out
}

// pathHead is the first part of a detail path: "bedragen" of
// "bedragen.2026", "bijlagen" of "bijlagen[2].titel".
func pathHead(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

type wkOverviewView struct {
	web.Page
	Rounds    []wk.Round
	Requests  int
	Framework *wk.Framework
	CanManage bool
}

func (s *Pages) wkOverview(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	ctx := r.Context()
	rounds, err := s.Wegingskader.Rounds(ctx, *rc.User)
	if err != nil {
		return err
	}
	reqs, err := s.Wegingskader.Requests(ctx, *rc.User)
	if err != nil {
		return err
	}
	f, err := s.Wegingskader.Framework(ctx, 0)
	if err != nil {
		return err
	}
	v := wkOverviewView{Page: s.Page(r, rc, "Wegingskader", "wegingskader"), Rounds: rounds, Requests: len(reqs), Framework: f, CanManage: rc.User.CanManageRounds()}
	s.Render(w, r, http.StatusOK, "wk_overview", v)
	return nil
}

// place adapts a form's mapping from a field's path to its control id and
// message key for web.FormErrors; problems that belong to no field link to
// the top of the form ("inhoud").
func place(anchor func(path string) (id, key string)) func(string) web.Place {
	return func(path string) web.Place {
		if path == "" {
			return web.Place{Anchor: "inhoud"}
		}
		id, key := anchor(path)
		return web.Place{Anchor: id, Key: key}
	}
}
