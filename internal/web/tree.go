package web

import (
	"net/http"

	"github.com/perspectief/perspectief/internal/programme"
)

type treeView struct {
	Page
	Line     *programme.Line // the filter, nil for the whole programme
	Lines    []LineOption
	Roots    []TreeNode
	LooseOps []TreeNode // operational goals tied to the tactical goals as a whole
	Orphans  []TreeNode // other goals without a parent
	Unlinked []programme.Intervention
	Empty    bool
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

func (s *Server) goalTree(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	m, err := s.Programme.Model(r.Context())
	if err != nil {
		return err
	}
	code := r.URL.Query().Get("lijn")
	v := treeView{Page: s.page(r, rc, "Doelenboom", "doelenboom"), Lines: lineOptions(m, code)}
	if code != "" {
		l, ok := findLine(m, code)
		if !ok {
			return notFoundf("Programmalijn %q bestaat niet.", code)
		}
		v.Line = &l
		v.Title = "Doelenboom " + l.Code + " " + l.Name
	}
	inds, err := s.goalIndicators(r)
	if err != nil {
		return err
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
	s.render(w, r, http.StatusOK, "tree", v)
	return nil
}
