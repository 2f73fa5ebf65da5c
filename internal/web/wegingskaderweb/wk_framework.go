package wegingskaderweb

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

type wkFrameworkView struct {
	web.Page
	Framework *wk.Framework
	Versions  []wk.Framework
	Groups    []wkGroupView
	CanUpload bool
	Message   string   // a refused upload
	Details   []string // its problems, with line numbers
	FileName  string
}

// wkGroupView is a main question with its criteria.
type wkGroupView struct {
	Group    wk.Group
	Criteria []wkCriterionView
}

type wkCriterionView struct {
	wk.Criterion
	Share float64 // of the total weight, in percent
}

func groupCriteria(f *wk.Framework) []wkGroupView {
	var out []wkGroupView
	total := f.TotalWeight()
	idx := map[string]int{}
	for _, c := range f.Criteria {
		i, ok := idx[c.Group]
		if !ok {
			g, _ := f.Group(c.Group)
			if g.Code == "" {
				g = wk.Group{Code: c.Group, Title: c.Title}
			}
			i = len(out)
			idx[c.Group] = i
			out = append(out, wkGroupView{Group: g})
		}
		out[i].Criteria = append(out[i].Criteria, wkCriterionView{Criterion: c, Share: 100 * c.Weight / total})
	}
	return out
}

func (s *Pages) wkFramework(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	version := 0
	if q := r.URL.Query().Get("versie"); q != "" {
		v, err := strconv.Atoi(q)
		if err != nil {
			return web.NotFoundf("versie %q van het wegingskader bestaat niet", q)
		}
		version = v
	}
	if r.URL.Query().Get("formaat") == "yaml" {
		src, v, err := s.Wegingskader.FrameworkSource(r.Context(), version)
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", "application/yaml; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="wegingskader-versie-`+strconv.Itoa(v)+`.yaml"`)
		_, _ = w.Write(src)
		return nil
	}
	return s.showFramework(w, r, rc, http.StatusOK, version, wkFrameworkView{})
}

func (s *Pages) showFramework(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx, status, version int, v wkFrameworkView) error {
	f, err := s.Wegingskader.Framework(r.Context(), version)
	if err != nil {
		return err
	}
	all, err := s.Wegingskader.Frameworks(r.Context())
	if err != nil {
		return err
	}
	v.Page = s.Page(r, rc, "Het wegingskader, versie "+strconv.Itoa(f.Version), "wegingskader")
	if v.Message != "" {
		v.Title = "Fout: " + v.Title
	}
	v.Framework, v.Versions, v.Groups, v.CanUpload = f, all, groupCriteria(f), s.Wegingskader.CanAddFramework(*rc.User) == nil
	s.Render(w, r, status, "wk_framework", v)
	return nil
}

func (s *Pages) wkFrameworkUpload(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := s.Wegingskader.CanAddFramework(*rc.User); err != nil {
		return err
	}
	var v wkFrameworkView
	file, hdr, err := r.FormFile("bestand")
	if err != nil {
		if !errors.Is(err, http.ErrMissingFile) {
			return err
		}
		v.Message = "Kies een bestand met het wegingskader (YAML)."
		return s.showFramework(w, r, rc, http.StatusUnprocessableEntity, 0, v)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, wk.MaxFrameworkSize+1))
	if err != nil {
		return err
	}
	v.FileName = hdr.Filename
	f, err := s.Wegingskader.AddFramework(r.Context(), *rc.User, hdr.Filename, data)
	if err != nil {
		if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
			return err
		}
		v.Message, v.Details = perspectief.ErrorMessage(err), perspectief.ErrorDetails(err)
		return s.showFramework(w, r, rc, http.StatusUnprocessableEntity, 0, v)
	}
	http.Redirect(w, r, "/wegingskader/kader?versie="+strconv.Itoa(f.Version)+"&melding=wk-kader", http.StatusSeeOther)
	return nil
}
