package web_test

import (
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/perspectief/perspectief/internal/eligibility"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

var (
	cardOutcome = regexp.MustCompile(`id="regeling-([a-z0-9_]+)" data-uitkomst="([a-z]+)"`)
	likelyCount = regexp.MustCompile(`U kunt waarschijnlijk (\d+) regelingen? krijgen\.`)
	foldedAway  = regexp.MustCompile(`(?s)<details class="not-for-you">.*?</details>`)
)

// household is the wijzer form of a household without children, aged 40,
// no savings or car, with the income per month given.
func wijzerHousehold(kind, income string) url.Values {
	return url.Values{"type": {kind}, "minderjarigen": {"0"}, "aow": {"nee"}, "leeftijd_hoofd": {"40"},
		"studiefinanciering": {"nee"}, "inkomen": {income}, "jaren_op_minimum": {"10"}, "vooruitzicht_hoger_inkomen": {"nee"},
		"vermogen": {"0"}, "auto_waarde": {"0"}, "koophuis_overwaarde": {"nee"}, "kind_4_17": {"nee"}, "kind_groep8": {"nee"},
		"kind_vo": {"nee"}, "zorgindicatie": {"nee"}}
}

// TestWijzerResultLeadsToHelp: the resident's result starts with how many
// schemes the household can probably get, shows those first, folds away
// what cannot apply to it, says how to apply and what to bring, names WIJ
// Groningen with its link, and says how far the income is from a limit.
func TestWijzerResultLeadsToHelp(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newSite(t, db).client()

		// A single person on a low income: several schemes, likely first.
		r := c.postRaw("/wijzer", wijzerHousehold("alleenstaand", "900"))
		wantStatus(t, r, http.StatusOK, "wijzer result")
		m := likelyCount.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("no summary sentence:\n%s", text(r.Body))
		}
		cards := cardOutcome.FindAllStringSubmatch(r.Body, -1)
		ja := 0
		for _, c := range cards {
			if c[2] == "ja" {
				ja++
			}
		}
		if n, _ := strconv.Atoi(m[1]); n != ja || ja < 2 {
			t.Errorf("summary says %s schemes, the page shows %d likely ones", m[1], ja)
		}
		if strings.Index(r.Body, m[0]) > strings.Index(r.Body, cards[0][0]) || cards[0][2] != "ja" {
			t.Errorf("the summary and the likely schemes do not come first: first card %s=%s", cards[0][1], cards[0][2])
		}
		folded := foldedAway.FindString(r.Body)
		for _, code := range []string{"kindpas", "leergeld", "jeugdfonds"} {
			if !strings.Contains(folded, `id="regeling-`+code+`"`) {
				t.Errorf("%s is not folded away for a single person without children", code)
			}
		}
		// How to apply: the Stadjerspas's own site and what to bring; the
		// IIT names no contact in its rules, so WIJ Groningen is offered.
		mustContain(t, r, "https://stadjerspas.gemeente.groningen.nl", "Wat heeft u nodig?", "Uw DigiD.",
			"https://www.noordelijkbelastingkantoor.nl/kwijtschelding/kwijtschelding-aanvragen",
			"Weet u niet waar u dit aanvraagt? WIJ Groningen helpt u:", "WIJ Groningen: https://wij.groningen.nl", "Op de website vindt u het WIJ-team in uw wijk.",
			"Afdrukken of bewaren als pdf", "kies Afdrukken in het menu van uw browser")
		iit := card(r.Body, "iit")
		if !strings.Contains(iit, "WIJ Groningen helpt u:") {
			t.Errorf("the IIT card does not point to WIJ Groningen:\n%s", text(iit))
		}
		if len(r.Cookies) > 0 {
			t.Errorf("the result sets cookies: %v", r.Cookies)
		}

		// A couple without children, € 120 a month over the Stadjerspas's
		// limit of 120% of their social minimum.
		norm, ok := eligibility.DefaultNorm(now.Year(), "paar_zonder_kinderen", false, 0)
		if !ok {
			t.Fatal("no norm")
		}
		limit := 1.2 * norm / 12
		income := eligibility.FormatNumber(math.Round((limit+120)*100)/100, "nl")
		r = c.postRaw("/wijzer", wijzerHousehold("paar_zonder_kinderen", income))
		wantStatus(t, r, http.StatusOK, "couple")
		mustContain(t, r, "U kunt waarschijnlijk geen van deze regelingen krijgen.")
		stadjerspas := card(r.Body, "stadjerspas")
		want := "Waarom niet? Het inkomen van uw huishouden mag niet hoger zijn dan 120% van het sociaal minimum. Uw inkomen is ongeveer € 120 per maand hoger dan de grens van € " +
			eligibility.FormatNumber(math.Round(limit), "nl") + " per maand."
		if got := text(stadjerspas); !strings.Contains(got, want) {
			t.Errorf("Stadjerspas card:\n got %s\nwant %s", got, want)
		}
		if strings.Contains(foldedAway.FindString(r.Body), "regeling-stadjerspas") {
			t.Error("the Stadjerspas is folded away, but only the income is against it")
		}

		// The same in English.
		enIncome := eligibility.FormatNumber(math.Round((limit+120)*100)/100, "en")
		r = c.postRaw("/wijzer?lang=en", wijzerHousehold("paar_zonder_kinderen", enIncome))
		wantStatus(t, r, http.StatusOK, "couple, English")
		if got := text(card(r.Body, "stadjerspas")); !strings.Contains(got, "Why not? ") ||
			!strings.Contains(got, "Your income is about € 120 a month above the limit of € "+eligibility.FormatNumber(math.Round(limit), "en")+" a month.") {
			t.Errorf("English Stadjerspas card: %s", got)
		}
		mustContain(t, r, "You can probably get none of these schemes.", "Schemes that do not fit your household")
	})
}

// card returns the article of one scheme on a result page.
func card(body, code string) string {
	i := strings.Index(body, `id="regeling-`+code+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</article>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
