package programmeweb

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/perspectief/perspectief/internal/web"

	"github.com/perspectief/perspectief/internal/programme"
)

type treeView struct {
	web.Page
	Line     *programme.Line // the filter, nil for the whole programme
	Lines    []LineOption
	Roots    []TreeNode
	LooseOps []TreeNode // operational goals tied to the tactical goals as a whole
	Orphans  []TreeNode // other goals without a parent
	Unlinked []programme.Intervention
	Empty    bool
	// Version is the earlier version shown (?versie=N), nil for the current
	// programme; Diff is what differs between it and the current one.
	Version *programme.Version
	Diff    []programme.Difference
	Latest  int // the number of the newest version, 0 when none is stored
}

// TreeNode is a goal at one place in the tree. A goal with several parents
// appears under each of them; AlsoUnder names the other parents there, so a
// reader does not mistake the repetition for a second goal.
type TreeNode struct {
	Goal          programme.Goal
	LevelLabel    string
	AlsoUnder     []programme.Goal
	Children      []TreeNode
	Interventions []programme.Intervention
	Indicators    []GoalIndicator
	Open          bool // expanded by default
}

func treeNodes(m *programme.Model, inds map[string][]GoalIndicator, ns []*programme.Node, parent string, depth int) []TreeNode {
	out := make([]TreeNode, 0, len(ns))
	for _, n := range ns {
		tn := TreeNode{
			Goal:          n.Goal,
			LevelLabel:    n.Goal.Level.Label(),
			Children:      treeNodes(m, inds, n.Children, n.Goal.Code, depth+1),
			Interventions: n.Interventions,
			Indicators:    inds[n.Goal.Code],
			// Open the upper levels; deeper ones stay folded so the page
			// starts as an overview, and <details> lets anyone unfold.
			Open: depth < 2,
		}
		for _, pc := range n.Goal.Parents {
			if pc != parent {
				tn.AlsoUnder = append(tn.AlsoUnder, goalRefs(m, []string{pc})...)
			}
		}
		out = append(out, tn)
	}
	return out
}

func (s *Pages) goalTree(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	vs, err := s.Programme.Versions(r.Context())
	if err != nil {
		return err
	}
	var ver *programme.Version
	var diff []programme.Difference
	if q := r.URL.Query().Get("versie"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			return web.NotFoundf("Versie %q van het programma bestaat niet.", q)
		}
		if ver, diff, err = s.Programme.Version(r.Context(), n); err != nil {
			return err
		}
		m = ver.Model
	}
	code := r.URL.Query().Get("lijn")
	v := treeView{Page: s.Page(r, rc, "Doelenboom", "doelenboom"), Lines: lineOptions(m, code), Version: ver, Diff: diff}
	if len(vs) > 0 {
		v.Latest = vs[len(vs)-1].Number
	}
	if ver != nil {
		v.Title = fmt.Sprintf("Doelenboom, versie %d", ver.Number)
	}
	if code != "" {
		l, ok := findLine(m, code)
		if !ok {
			return web.NotFoundf("Programmalijn %q bestaat niet.", code)
		}
		v.Line = &l
		v.Title = "Doelenboom " + l.Code + " " + l.Name
	}
	inds := map[string][]GoalIndicator{}
	if ver == nil {
		// Indicator values are today's; an earlier version shows the
		// goals and interventions only.
		if inds, err = s.goalIndicators(r); err != nil {
			return err
		}
	}
	t := programme.BuildTree(m, code)
	v.Roots = treeNodes(m, inds, t.Roots, "", 0)
	for _, n := range treeNodes(m, inds, t.Loose, "", 2) {
		if n.Goal.Level == programme.LevelOperational {
			v.LooseOps = append(v.LooseOps, n)
		} else {
			v.Orphans = append(v.Orphans, n)
		}
	}
	v.Unlinked = programme.Unlinked(m, code)
	v.Empty = len(m.Goals) == 0
	s.Render(w, r, http.StatusOK, "tree", v)
	return nil
}
