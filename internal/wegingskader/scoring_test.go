package wegingskader

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/account"
)

func scale03() []ScaleLevel {
	return []ScaleLevel{{0, "niet"}, {1, "beperkt"}, {2, "duidelijk"}, {3, "sterk"}}
}

// twoCriteria: A with weight 1 and B with weight 2, both scored 0-3.
func twoCriteria() *Framework {
	return &Framework{Name: "test", Criteria: []Criterion{
		{Code: "A", Title: "A", Question: "A?", Weight: 1, Scale: scale03()},
		{Code: "B", Title: "B", Question: "B?", Weight: 2, Scale: scale03()},
	}}
}

var (
	pim  = Member{Email: "pim@x.nl", Name: "Pim", Role: account.RoleTeam}
	lot  = Member{Email: "lotte@x.nl", Name: "Lotte", Role: account.RoleProjectLeader}
	erik = Member{Email: "erik@x.nl", Name: "Erik", Role: account.RoleExpert}
)

func sc(req int64, m Member, crit string, v int) Score {
	return Score{Request: req, Member: m.Email, Criterion: crit, Value: v, Motivation: m.Name + " over " + crit}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComputeHandComputed(t *testing.T) {
	f := twoCriteria()
	reqs := []Request{{ID: 1, Title: "een"}, {ID: 2, Title: "twee"}}
	scores := []Score{
		// Request 1, A: Pim 3, Lotte 3, Erik 1. Others' mean 3, Erik 1:
		// a gap of 2 >= 1, so the ervaringsdeskundige judges differently.
		// Mean 7/3, spread 2 (wide on a 0-3 scale).
		sc(1, pim, "A", 3), sc(1, lot, "A", 3), sc(1, erik, "A", 1),
		// Request 1, B: 2, 1, 2. Others 1.5, Erik 2: a gap of 0.5 is no
		// divergence. Mean 5/3, spread 1.
		sc(1, pim, "B", 2), sc(1, lot, "B", 1), sc(1, erik, "B", 2),
		// Request 2: everyone 0 on A, 3 on B.
		sc(2, pim, "A", 0), sc(2, lot, "A", 0), sc(2, erik, "A", 0),
		sc(2, pim, "B", 3), sc(2, lot, "B", 3), sc(2, erik, "B", 3),
		// A score of someone whose scores do not count is ignored.
		{Request: 1, Member: "niet@x.nl", Criterion: "A", Value: 0},
	}
	res := Compute(f, reqs, []Member{pim, lot, erik}, scores)

	r1 := res.Requests[0]
	a, b := r1.Criteria[0], r1.Criteria[1]
	if len(a.Scores) != 3 || a.Scores[0].Member.Email != pim.Email || a.Scores[2].Value != 1 {
		t.Fatalf("scores side by side in panel order: %+v", a.Scores)
	}
	if !near(a.Mean, 7.0/3) || a.Min != 1 || a.Max != 3 || a.Spread != 2 || !a.WideSpread {
		t.Errorf("A: mean %v min %d max %d spread %d wide %v; want 7/3, 1, 3, 2, wide", a.Mean, a.Min, a.Max, a.Spread, a.WideSpread)
	}
	if !a.Divergent || a.ExpertHigher() || !near(a.ExpertMean, 1) || !near(a.OthersMean, 3) {
		t.Errorf("A: divergent %v, expert mean %v, others %v; want divergent, lower, 1 against 3", a.Divergent, a.ExpertMean, a.OthersMean)
	}
	if b.Divergent || b.WideSpread || !near(b.Mean, 5.0/3) {
		t.Errorf("B: divergent %v, wide %v, mean %v; want neither, 5/3", b.Divergent, b.WideSpread, b.Mean)
	}
	if !slices.Equal(r1.Divergent, []string{"A"}) {
		t.Errorf("divergent criteria %v, want [A]", r1.Divergent)
	}
	// Weighted: (1 * (7/3)/3 + 2 * (5/3)/3) / 3 * 100 = (7/9 + 10/9) / 3 * 100 = 17/27 * 100.
	if want := 1700.0 / 27; !near(r1.Score, want) {
		t.Errorf("request 1 score %v, want %v", r1.Score, want)
	}
	// Only the ervaringsdeskundige: (1*1/3 + 2*2/3)/3 = 5/9; the others:
	// (1*3/3 + 2*1.5/3)/3 = 2/3.
	if !near(r1.ExpertScore, 500.0/9) || !near(r1.OthersScore, 200.0/3) {
		t.Errorf("expert score %v, others %v; want 55.6, 66.7", r1.ExpertScore, r1.OthersScore)
	}
	// Request 2: (0 + 2*1)/3 = 2/3.
	if r2 := res.Requests[1]; !near(r2.Score, 200.0/3) || len(r2.Divergent) != 0 {
		t.Errorf("request 2 score %v, divergent %v; want 66.7 and none", r2.Score, r2.Divergent)
	}
}

func TestComputeWithoutExperts(t *testing.T) {
	f := twoCriteria()
	res := Compute(f, []Request{{ID: 1}}, []Member{pim}, []Score{sc(1, pim, "A", 3), sc(1, pim, "B", 0)})
	if res.HasExperts() || !res.HasOthers() {
		t.Fatal("HasExperts/HasOthers wrong")
	}
	cr := res.Requests[0].Criteria[0]
	if cr.Divergent || cr.Experts != 0 {
		t.Errorf("no ervaringsdeskundige, yet divergent %v / experts %d", cr.Divergent, cr.Experts)
	}
	if !near(res.Requests[0].Score, 100.0/3) {
		t.Errorf("score %v, want 33.3", res.Requests[0].Score)
	}
}

func TestDivergenceGapFollowsTheScale(t *testing.T) {
	ten := Criterion{Scale: make([]ScaleLevel, 11)}
	for i := range ten.Scale {
		ten.Scale[i] = ScaleLevel{Score: i, Meaning: "x"}
	}
	cases := []struct {
		c    Criterion
		want float64
	}{
		{Criterion{Scale: scale03()}, 1},
		{Criterion{Scale: scale03()[:2]}, 1}, // 0-1: at least one point
		{ten, 10.0 / 3},
	}
	for _, c := range cases {
		if got := DivergenceGap(c.c); !near(got, c.want) {
			t.Errorf("scale %d-%d: gap %v, want %v", c.c.Min(), c.c.Max(), got, c.want)
		}
	}
}

func TestOverlaps(t *testing.T) {
	reqs := []Request{
		{ID: 1, TargetGroup: GroupFamilies, Goals: []string{"T1", "T5"}},
		{ID: 2, TargetGroup: GroupFamilies, Goals: []string{"T5", "T1", "T3"}},
		{ID: 3, TargetGroup: GroupYoungAdults, Goals: []string{"T1"}}, // other group
		{ID: 4, TargetGroup: GroupFamilies, Goals: []string{"T2"}},    // no goal in common
		{ID: 5, TargetGroup: GroupYoungAdults, Goals: []string{"T1", "T2"}},
	}
	got := Overlaps(reqs)
	type pair struct {
		a, b  int64
		goals []string
	}
	want := []pair{{1, 2, []string{"T1", "T5"}}, {3, 5, []string{"T1"}}}
	if len(got) != len(want) {
		t.Fatalf("got %d overlaps, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].A.ID != w.a || got[i].B.ID != w.b || !slices.Equal(got[i].Goals, w.goals) {
			t.Errorf("overlap %d: %d-%d %v, want %d-%d %v", i, got[i].A.ID, got[i].B.ID, got[i].Goals, w.a, w.b, w.goals)
		}
	}
	if !got[0].Involves(2) || got[0].Involves(3) {
		t.Error("Involves")
	}
}

// choiceRound builds results with given scores directly on one criterion
// scored 0-100, so that a request's weighted score is its score.
func choiceRound(scores []float64, amounts []Amounts) Results {
	c := Criterion{Code: "K", Title: "K", Question: "K?", Weight: 1}
	for i := 0; i <= 100; i++ {
		c.Scale = append(c.Scale, ScaleLevel{Score: i, Meaning: "x"})
	}
	f := &Framework{Name: "t", Criteria: []Criterion{c}}
	res := Results{Framework: f}
	for i, s := range scores {
		res.Requests = append(res.Requests, RequestResult{
			Request:  Request{ID: int64(i + 1), Title: string(rune('A' + i)), Amounts: amounts[i]},
			Criteria: []CriterionResult{{Criterion: c, Mean: s, Scores: []MemberScore{{Value: int(s)}}}},
			Score:    s,
		})
	}
	return res
}

func TestChooseNamesTheBindingYear(t *testing.T) {
	// The hand-computed case of the optimiser in euros: 2027 binds.
	res := choiceRound([]float64{60, 50, 30}, []Amounts{
		{2026: 50_000, 2027: 30_000},
		{2026: 50_000, 2027: 30_000},
		{2026: 40_000, 2027: 10_000},
	})
	// 2026 has room for all three (140.000); 2027 for 40.000 only.
	budget := Amounts{2026: 140_000, 2027: 40_000}
	c, err := Choose(context.Background(), res, budget, nil, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Chosen(); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("chosen %v, want [1 3]", got)
	}
	if !near(c.Total, 90) || c.Used[2026] != 90_000 || c.Left[2026] != 50_000 || c.Left[2027] != 0 {
		t.Errorf("total %v, used 2026 %d, left %v; want 90, 90000, 50000 and 0", c.Total, c.Used[2026], c.Left)
	}
	if !slices.Equal(c.Binding, []int{2027}) || !slices.Equal(c.Items[1].NoRoom, []int{2027}) {
		t.Errorf("binding %v, request B no room in %v; want 2027 for both", c.Binding, c.Items[1].NoRoom)
	}

	// Fixing B in pushes A out (they cannot both fit 2027) and keeps C.
	c, err = Choose(context.Background(), res, budget, map[int64]Fix{2: FixIn}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Chosen(); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("with B fixed in: chosen %v, want [2 3]", got)
	}

	// Fixing A and B in asks 60.000 in 2027 against 40.000.
	_, err = Choose(context.Background(), res, budget, map[int64]Fix{1: FixIn, 2: FixIn}, nil, 0)
	if err == nil || !strings.Contains(err.Error(), "in 2027 samen € 60.000, maar het budget voor 2027 is € 40.000") {
		t.Errorf("over-budget fixes: err %v, want a message naming 2027, € 60.000 and € 40.000", err)
	}
}

func TestChooseBeatsGreedy(t *testing.T) {
	res := choiceRound([]float64{70, 50, 50}, []Amounts{{2026: 60_000}, {2026: 50_000}, {2026: 50_000}})
	c, err := Choose(context.Background(), res, Amounts{2026: 100_000}, nil, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Chosen(); !slices.Equal(got, []int64{2, 3}) || !near(c.Total, 100) || !near(c.GreedyTotal, 70) {
		t.Errorf("chosen %v total %v greedy %v; want [2 3], 100, 70", got, c.Total, c.GreedyTotal)
	}
	if !c.Items[0].InGreedy || c.Items[1].InGreedy {
		t.Error("greedy list should hold A only")
	}
}

func TestChooseFlagsOverlapsInTheChoice(t *testing.T) {
	res := choiceRound([]float64{50, 40, 30}, []Amounts{{2026: 10}, {2026: 10}, {2026: 10}})
	res.Requests[0].Request.TargetGroup, res.Requests[0].Request.Goals = GroupFamilies, []string{"T1"}
	res.Requests[1].Request.TargetGroup, res.Requests[1].Request.Goals = GroupFamilies, []string{"T1"}
	res.Requests[2].Request.TargetGroup, res.Requests[2].Request.Goals = GroupOther, []string{"T1"}
	c, err := Choose(context.Background(), res, Amounts{2026: 100}, nil, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Overlaps) != 1 || c.Overlaps[0].A.ID != 1 || c.Overlaps[0].B.ID != 2 {
		t.Errorf("overlaps in the choice: %+v, want 1 and 2", c.Overlaps)
	}
}

func TestStabilityHandComputed(t *testing.T) {
	// Two criteria, both weight 1, budget for one request.
	// X: K1 = 3, K2 = 0 -> 50. Y: K1 = 0, K2 = 2.7 (mean) -> 45.
	// K1 +20%: X = 1.2/2.2 = 54.5, Y = 0.9/2.2 = 40.9: X stays.
	// K1 -20%: X = 0.8/1.8 = 44.4, Y = 0.9/1.8 = 50: Y comes in, X drops out.
	// K2 +20%: X = 1/2.2 = 45.5, Y = 1.08/2.2 = 49.1: Y in, X out.
	// K2 -20%: X = 1/1.8 = 55.6, Y = 0.72/1.8 = 40: X stays.
	f := &Framework{Name: "t", Criteria: []Criterion{
		{Code: "K1", Weight: 1, Scale: scale03()},
		{Code: "K2", Weight: 1, Scale: scale03()},
		{Code: "K3", Weight: 0, Scale: scale03()}, // weight 0: skipped
	}}
	crit := func(i int, mean float64) CriterionResult {
		return CriterionResult{Criterion: f.Criteria[i], Mean: mean, Scores: []MemberScore{{}}}
	}
	res := Results{Framework: f, Requests: []RequestResult{
		{Request: Request{ID: 1, Title: "X", Amounts: Amounts{2026: 10}}, Criteria: []CriterionResult{crit(0, 3), crit(1, 0), crit(2, 3)}},
		{Request: Request{ID: 2, Title: "Y", Amounts: Amounts{2026: 10}}, Criteria: []CriterionResult{crit(0, 0), crit(1, 2.7), crit(2, 0)}},
	}}
	w := weightsOf(f)
	for i := range res.Requests {
		res.Requests[i].Score = weighted(f, w, res.Requests[i].Criteria, allMean)
	}
	if !near(res.Requests[0].Score, 50) || !near(res.Requests[1].Score, 45) {
		t.Fatalf("scores %v and %v, want 50 and 45", res.Requests[0].Score, res.Requests[1].Score)
	}
	budget := Amounts{2026: 10}
	base, err := Choose(context.Background(), res, budget, nil, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	scen, err := Stability(context.Background(), res, budget, nil, base, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"gewicht K1 -20%": "Y/X", "gewicht K1 +20%": "", "gewicht K2 -20%": "", "gewicht K2 +20%": "Y/X"}
	if len(scen) != len(want) {
		t.Fatalf("%d scenarios, want %d (K3 has weight 0)", len(scen), len(want))
	}
	for _, s := range scen {
		got := ""
		if !s.Stable() {
			got = s.In[0].Title + "/" + s.Out[0].Title
		}
		if got != want[s.Label()] {
			t.Errorf("%s: in/out %q, want %q", s.Label(), got, want[s.Label()])
		}
	}
}
