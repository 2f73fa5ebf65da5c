package wegingskader

import (
	"math"
	"strings"
)

// MemberScore is one member's score on one criterion, shown side by side
// with the others'.
type MemberScore struct {
	Member     Member
	Value      int
	Motivation string
}

// CriterionResult is what the panel sees for one request on one criterion:
// every counted score, the mean, the spread, and how the
// ervaringsdeskundigen judged compared with the others.
type CriterionResult struct {
	Criterion  Criterion
	Scores     []MemberScore // in panel order
	Mean       float64
	Min, Max   int
	Spread     int // Max - Min
	ExpertMean float64
	OthersMean float64
	Experts    int // how many counted scores are from ervaringsdeskundigen
	Others     int
	// Divergent: the ervaringsdeskundigen judge differently from the others
	// (see DivergenceGap).
	Divergent bool
	// WideSpread: the panel is far apart (see WideSpread).
	WideSpread bool
}

// Scored reports whether any score counts for this criterion.
func (c CriterionResult) Scored() bool { return len(c.Scores) > 0 }

// ExpertHigher reports whether the ervaringsdeskundigen score higher than
// the others (only meaningful when Divergent).
func (c CriterionResult) ExpertHigher() bool { return c.ExpertMean > c.OthersMean }

// RequestResult is the outcome for one request.
type RequestResult struct {
	Request  Request
	Criteria []CriterionResult // in framework order
	// Score is the weighted score from 0 to 100: per criterion the mean
	// score as a share of its scale, weighted, as a percentage of the
	// total weight.
	Score float64
	// ExpertScore and OthersScore are the same from only the
	// ervaringsdeskundigen's and only the others' scores; valid when the
	// panel has both.
	ExpertScore, OthersScore float64
	// Divergent lists the criteria on which the ervaringsdeskundigen judge
	// differently.
	Divergent []string
}

// Results is the outcome of a round for the scores that count.
type Results struct {
	Framework *Framework
	Members   []Member // whose scores count, in panel order
	Requests  []RequestResult
}

// HasExperts reports whether an ervaringsdeskundige's scores count.
func (r Results) HasExperts() bool {
	for _, m := range r.Members {
		if m.Expert() {
			return true
		}
	}
	return false
}

// HasOthers reports whether scores of panel members who are not
// ervaringsdeskundige count.
func (r Results) HasOthers() bool {
	for _, m := range r.Members {
		if !m.Expert() {
			return true
		}
	}
	return false
}

// Request returns the result of one request.
func (r Results) Request(id int64) (RequestResult, bool) {
	for _, rr := range r.Requests {
		if rr.Request.ID == id {
			return rr, true
		}
	}
	return RequestResult{}, false
}

// DivergenceGap is the rule for "the ervaringsdeskundigen judge
// differently": on a criterion, the mean score of the
// ervaringsdeskundigen and the mean score of the other members differ by
// at least a third of the scale's range, and by at least one point. On the
// 0-3 scale of the Groningen framework that is one whole point: one group
// says "duidelijk" where the other says "beperkt".
func DivergenceGap(c Criterion) float64 {
	return math.Max(1, float64(c.Max()-c.Min())/3)
}

// WideSpread is the rule for "the panel is far apart": the highest and the
// lowest score differ by at least two thirds of the scale's range (two
// points on a 0-3 scale).
func WideSpread(c Criterion, spread int) bool {
	return float64(spread) >= 2*float64(c.Max()-c.Min())/3
}

// Compute works out the results of requests from the scores of members.
// Scores of anyone not in members are ignored: the caller decides whose
// scores count (those handed in) and who may see them.
func Compute(f *Framework, reqs []Request, members []Member, scores []Score) Results {
	type key struct {
		req       int64
		member    string
		criterion string
	}
	idx := make(map[key]Score, len(scores))
	for _, s := range scores {
		idx[key{s.Request, strings.ToLower(s.Member), s.Criterion}] = s
	}
	res := Results{Framework: f, Members: members}
	w := weightsOf(f)
	for _, rq := range reqs {
		rr := RequestResult{Request: rq}
		for _, c := range f.Criteria {
			cr := CriterionResult{Criterion: c}
			var sum, esum, osum float64
			for _, m := range members {
				s, ok := idx[key{rq.ID, strings.ToLower(m.Email), c.Code}]
				if !ok {
					continue
				}
				v := s.Value
				if len(cr.Scores) == 0 || v < cr.Min {
					cr.Min = v
				}
				if len(cr.Scores) == 0 || v > cr.Max {
					cr.Max = v
				}
				cr.Scores = append(cr.Scores, MemberScore{Member: m, Value: v, Motivation: s.Motivation})
				sum += float64(v)
				if m.Expert() {
					esum += float64(v)
					cr.Experts++
				} else {
					osum += float64(v)
					cr.Others++
				}
			}
			if n := len(cr.Scores); n > 0 {
				cr.Mean = sum / float64(n)
				cr.Spread = cr.Max - cr.Min
				cr.WideSpread = WideSpread(c, cr.Spread)
			}
			if cr.Experts > 0 {
				cr.ExpertMean = esum / float64(cr.Experts)
			}
			if cr.Others > 0 {
				cr.OthersMean = osum / float64(cr.Others)
			}
			if cr.Experts > 0 && cr.Others > 0 && math.Abs(cr.ExpertMean-cr.OthersMean) >= DivergenceGap(c)-1e-9 {
				cr.Divergent = true
				rr.Divergent = append(rr.Divergent, c.Code)
			}
			rr.Criteria = append(rr.Criteria, cr)
		}
		rr.Score = weighted(f, w, rr.Criteria, allMean)
		rr.ExpertScore = weighted(f, w, rr.Criteria, func(c CriterionResult) (float64, bool) { return c.ExpertMean, c.Experts > 0 })
		rr.OthersScore = weighted(f, w, rr.Criteria, func(c CriterionResult) (float64, bool) { return c.OthersMean, c.Others > 0 })
		res.Requests = append(res.Requests, rr)
	}
	return res
}

func allMean(c CriterionResult) (float64, bool) { return c.Mean, c.Scored() }

func weightsOf(f *Framework) []float64 {
	w := make([]float64, len(f.Criteria))
	for i, c := range f.Criteria {
		w[i] = c.Weight
	}
	return w
}

// weighted is the weighted score from 0 to 100 with the given weights (one
// per criterion, in framework order). A criterion without a score counts
// as its scale's lowest.
func weighted(f *Framework, w []float64, crs []CriterionResult, mean func(CriterionResult) (float64, bool)) float64 {
	var total, sum float64
	for i, c := range f.Criteria {
		total += w[i]
		m, ok := mean(crs[i])
		if !ok {
			continue
		}
		if span := float64(c.Max() - c.Min()); span > 0 {
			sum += w[i] * (m - float64(c.Min())) / span
		}
	}
	if total <= 0 {
		return 0
	}
	return 100 * sum / total
}
