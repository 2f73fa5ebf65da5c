package survey

import (
	"testing"
)

func testQuestionnaire() Questionnaire {
	return Questionnaire{
		Code: "test", Version: 1, Title: "Test", Audience: Residents, Whole: "GM0014",
		AreaQuestion: "Waar woont u?",
		Areas:        []Area{{"WK001400", "Centrum"}, {"WK001401", "Oud-Zuid"}, {"WK001402", "Oud-West"}},
		Questions: []Question{
			{Code: "serieus", Text: "Serieus genomen", Kind: Agree, Indicator: "tactisch_1_serieus_genomen"},
			{Code: "andere", Text: "Andere hulp?", Kind: YesNo},
		},
	}
}

// answers makes n responses in area with the given answer to serieus.
func answers(n int, area, v string) []Response {
	out := make([]Response, n)
	for i := range out {
		out[i] = Response{Area: area, Answers: map[string]string{"serieus": v}}
	}
	return out
}

func cat(parts ...[]Response) []Response {
	var out []Response
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestComputeSharesAndSuppression(t *testing.T) {
	q := testQuestionnaire()
	w := Wave{Code: "w", MinN: 10}
	// Centrum: 12 answers, 7 agree (4 eens, 3 helemaal eens), 5 not; plus 2
	// weet niet that do not count. Oud-Zuid: 10 answers, 5 agree. Oud-West:
	// 4 answers (too few). No area: 3 answers.
	rs := cat(
		answers(4, "WK001400", Agrees), answers(3, "WK001400", StronglyAgree),
		answers(3, "WK001400", Neutral), answers(2, "WK001400", Disagree), answers(2, "WK001400", DontKnow),
		answers(5, "WK001401", Agrees), answers(5, "WK001401", StronglyDisagree),
		answers(4, "WK001402", Agrees),
		answers(3, "", Disagree),
	)
	res := Compute(w, q, rs)
	if res.Responses != 31 {
		t.Errorf("responses = %d, want 31", res.Responses)
	}
	qr := res.Questions[0]
	// Total: 12 + 10 + 4 + 3 = 29 counted, 7 + 5 + 4 = 16 agree.
	if qr.Total.N != 29 || qr.Total.Agree != 16 || qr.Total.Suppressed {
		t.Errorf("total = %+v, want n 29, agree 16", qr.Total)
	}
	cells := map[string]Cell{}
	for _, c := range qr.ByArea {
		cells[c.Area] = c
	}
	if c := cells["WK001400"]; c.N != 12 || c.Agree != 7 || c.Suppressed {
		t.Errorf("Centrum = %+v, want n 12, agree 7, shown", c)
	} else {
		lo, hi := Wilson(7, 12, Z95)
		if c.Share != 7.0/12 || c.Low != lo || c.High != hi {
			t.Errorf("Centrum share %v [%v, %v], want 7/12 [%v, %v]", c.Share, c.Low, c.High, lo, hi)
		}
	}
	// Oud-West (4) and no area (3) are both under 10: two hidden cells,
	// together 7 answers, so nothing more needs hiding.
	for _, a := range []string{"WK001402", ""} {
		if c := cells[a]; !c.Suppressed || c.N != 0 || c.Agree != 0 || c.Reason != ReasonSmall {
			t.Errorf("area %q = %+v, want suppressed without numbers", a, c)
		}
	}
	if c := cells["WK001401"]; c.Suppressed || c.N != 10 || c.Agree != 5 {
		t.Errorf("Oud-Zuid = %+v, want n 10 agree 5 shown (exactly the minimum)", c)
	}
	// The second question has no answers at all: everything empty.
	if c := res.Questions[1].Total; !c.Suppressed || !c.Empty {
		t.Errorf("question without answers: total %+v, want empty and suppressed", c)
	}
}

func TestSecondarySuppression(t *testing.T) {
	q := testQuestionnaire()
	w := Wave{Code: "w", MinN: 10}
	// Centrum 20, Oud-Zuid 11, Oud-West 3, no area 0. Only Oud-West is under
	// 10; total (34) minus Centrum (20) minus Oud-Zuid (11) would give it
	// away, so the smallest shown cell, Oud-Zuid, is hidden as well.
	rs := cat(answers(20, "WK001400", Agrees), answers(11, "WK001401", Disagree), answers(3, "WK001402", Agrees))
	res := Compute(w, q, rs)
	qr := res.Questions[0]
	want := map[string]string{"WK001400": "", "WK001401": ReasonSecondary, "WK001402": ReasonSmall, "": "geen antwoorden"}
	for _, c := range qr.ByArea {
		if c.Reason != want[c.Area] {
			t.Errorf("area %q: reason %q, want %q (%+v)", c.Area, c.Reason, want[c.Area], c)
		}
	}
	if qr.Total.N != 34 || qr.Total.Agree != 23 {
		t.Errorf("total = %+v, want n 34 agree 23", qr.Total)
	}
	// A tie: Oud-Zuid and the answers without an area both 12. The column
	// without an area comes last on the page but has the smaller code (""),
	// so it is the one hidden, as the trendmonitor breaks ties.
	rs = cat(answers(20, "WK001400", Agrees), answers(12, "WK001401", Agrees), answers(12, "", Disagree), answers(3, "WK001402", Agrees))
	qr = Compute(w, q, rs).Questions[0]
	want = map[string]string{"WK001400": "", "WK001401": "", "WK001402": ReasonSmall, "": ReasonSecondary}
	for _, c := range qr.ByArea {
		if c.Reason != want[c.Area] {
			t.Errorf("tie, area %q: reason %q, want %q", c.Area, c.Reason, want[c.Area])
		}
	}
	// The default minimum applies when the wave has none.
	res = Compute(Wave{}, q, answers(9, "WK001400", Agrees))
	if res.MinN != DefaultMinN || !res.Questions[0].Total.Suppressed {
		t.Errorf("9 answers with the default minimum %d: total %+v, want suppressed", DefaultMinN, res.Questions[0].Total)
	}
}
