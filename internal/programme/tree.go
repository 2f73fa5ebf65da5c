package programme

// Tree is the doelenboom as the data draws it: every goal with the goals
// linked beneath it and, for operational goals, the interventions serving it.
// Because links are many-to-many, a goal can appear under several parents.
type Tree struct {
	Roots []*Node
	// Loose holds goals below the top level that have no parent link, such as
	// operational goals that the programme ties to the tactical goals as a
	// whole rather than to one of them.
	Loose []*Node
}

// Node is a goal in the tree.
type Node struct {
	Goal          Goal
	Children      []*Node
	Interventions []Intervention
}

// BuildTree builds the doelenboom. When line is not empty, only the
// interventions of that line are shown, and operational goals that none of
// them serve are left out, so the tree per line shows what the line works on.
func BuildTree(m *Model, line string) Tree {
	nodes := map[string]*Node{}
	for _, g := range m.Goals {
		nodes[g.Code] = &Node{Goal: g}
	}
	for _, iv := range m.Interventions {
		if line != "" && iv.Line != line {
			continue
		}
		for _, gc := range iv.OperationalGoals {
			if n := nodes[gc]; n != nil {
				n.Interventions = append(n.Interventions, iv)
			}
		}
	}
	var t Tree
	for _, g := range m.Goals {
		n := nodes[g.Code]
		if line != "" && g.Level == LevelOperational && len(n.Interventions) == 0 {
			continue
		}
		if len(g.Parents) == 0 {
			if g.Level == LevelAmbition {
				t.Roots = append(t.Roots, n)
			} else {
				t.Loose = append(t.Loose, n)
			}
			continue
		}
		for _, pc := range g.Parents {
			if p := nodes[pc]; p != nil {
				p.Children = append(p.Children, n)
			}
		}
	}
	return t
}

// Unlinked returns the interventions that serve no operational goal (of the
// given line, or all when line is empty).
func Unlinked(m *Model, line string) []Intervention {
	var out []Intervention
	for _, iv := range m.Interventions {
		if (line == "" || iv.Line == line) && len(iv.OperationalGoals) == 0 {
			out = append(out, iv)
		}
	}
	return out
}
