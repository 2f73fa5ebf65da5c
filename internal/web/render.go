package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/numfmt"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/datefmt"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the core's own pages (login, error).
var pages = ParseTemplates(templateFS)

var Amsterdam = datefmt.Amsterdam

// FormatDate, formatDateTime and months are datefmt's, under the names the
// pages use.
var (
	FormatDate     = datefmt.Date
	FormatDateTime = datefmt.DateTime
	Months         = datefmt.Months
)

var Funcs = template.FuncMap{
	"datetime": func(v any) string {
		switch t := v.(type) {
		case time.Time:
			return FormatDateTime(t)
		case *time.Time:
			if t != nil {
				return FormatDateTime(*t)
			}
		}
		return ""
	},
	"date":      FormatDate,
	"thousands": FormatThousands,
	// euroK writes an amount kept in thousands of euros in whole euros:
	// "€ 2.880.000", never the abbreviation "€ 2.880k".
	"euroK":     func(v float64) string { return "€ " + numfmt.Format(v*1000, 0, numfmt.Dutch) },
	"roleLabel": func(r account.Role) string { return r.Label() },
	"roleName":  func(r string) string { return account.Role(r).Label() },
	"static":    StaticURL,
	"add":       func(a, b int) int { return a + b },
	"pct":       func(v float64) string { return numfmt.Dutch1(100*v, true) },
	// count writes a whole number the Dutch way: "1.000".
	"count":    func(n int) string { return numfmt.Format(float64(n), 0, numfmt.Dutch) },
	"euro":     wk.Euros,
	"lower":    strings.ToLower,
	"join":     strings.Join,
	"score":    func(v float64) string { return numfmt.Format(v, 1, numfmt.Dutch) },
	"filesize": formatSize,
	// amount writes an optional number the Dutch way ("87,5"), "" for none.
	"amount": func(p *float64) string {
		if p == nil {
			return ""
		}
		return strings.Replace(strconv.FormatFloat(*p, 'f', -1, 64), ".", ",", 1)
	},
}

// Templates holds one template set per page of a feature: the core's
// layout and partials, the feature's partials and the page's own "content".
type Templates map[string]*template.Template

// ParseTemplates parses the pages in fsys (templates/NAME.html; files named
// *partials.html are shared by the feature's pages). Every feature parses
// its pages at start-up, so a broken template fails the first test instead
// of a user's request.
func ParseTemplates(fsys fs.FS) Templates {
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		panic(err)
	}
	partials, _ := fs.Glob(fsys, "templates/*partials.html")
	out := Templates{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" || strings.HasSuffix(base, "partials.html") {
			continue
		}
		t := template.Must(template.New("layout.html").Funcs(Funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html"))
		if len(partials) > 0 {
			template.Must(t.ParseFS(fsys, partials...))
		}
		out[strings.TrimSuffix(base, ".html")] = template.Must(t.ParseFS(fsys, n))
	}
	return out
}

// Base is what every feature's pages embed: the core, for sessions, forms,
// errors and the layout, and the feature's own templates.
type Base struct {
	*Core
	Templates Templates
}

// Render renders one of the feature's pages (see Core.Render).
func (b Base) Render(w http.ResponseWriter, r *http.Request, status int, name string, view any) {
	b.render(w, r, b.Templates, status, name, view)
}

// Page is what the layout needs; every view struct embeds it.
type Page struct {
	Title  string
	Nav    string // which main navigation item is current
	User   *account.User
	CSRF   string
	Demo   bool
	Notice string // confirmation after a redirect
	// Lang is the page's language: "" for Dutch, "en" for the English
	// version of the public resident check, whose header, footer and skip
	// link are then English too.
	Lang string
	// People gives {{.Person ADDRESS}}: the display name of an account.
	People
}

// English tells the layout to use its English texts.
func (p Page) English() bool { return p.Lang == "en" }

// CanAdminister is used by the layout to show the Beheer menu item.
func (p Page) CanAdminister() bool { return p.User != nil && p.User.CanAdminister() }

// CanEditProgramme is used by the layout and pages to show import links.
func (p Page) CanEditProgramme() bool { return p.User != nil && p.User.CanEditProgramme() }

// CanEditIndicators tells pages whether to offer the indicator value form.
func (p Page) CanEditIndicators() bool { return p.User != nil && p.User.CanEditIndicators() }

// CanImportShapes tells pages whether to offer the map outline upload.
func (p Page) CanImportShapes() bool { return p.User != nil && p.User.CanImportShapes() }

// IsProjectLeader tells the layout to link "Mijn interventies".
func (p Page) IsProjectLeader() bool {
	return p.User != nil && p.User.Role == account.RoleProjectLeader
}

// CanSeeEscalations tells the layout to link the escalations.
func (p Page) CanSeeEscalations() bool { return p.User != nil && p.User.CanSeeEscalations() }

// CanComment tells pages whether to show a comment form.
func (p Page) CanComment() bool { return p.User != nil && p.User.CanComment() }

// notices are the confirmations a redirect may ask for with ?melding=. Only
// these fixed texts can appear, so the parameter cannot inject content.
var notices = map[string]string{
	"voortgang":            "De voortgang is opgeslagen. U ziet de nieuwe update bovenaan de geschiedenis.",
	"canvas":               "Het canvas is opgeslagen.",
	"projectleiders":       "De projectleiders zijn opgeslagen. Er is een nieuwe programmaversie.",
	"opmerking":            "Uw opmerking is toegevoegd.",
	"import":               "Het programma is ingelezen. Het staat hieronder als nieuwe versie.",
	"teruggezet":           "De eerdere versie is teruggezet. Zij staat hieronder als nieuwe versie.",
	"token-ingetrokken":    "Het API-token is ingetrokken. Het werkt niet meer.",
	"gebruiker":            "Het account is aangemaakt.",
	"rol":                  "De rol is gewijzigd.",
	"uitgeschakeld":        "Het account is uitgeschakeld. Zijn sessies zijn beëindigd en zijn API-tokens ingetrokken.",
	"ingeschakeld":         "Het account is weer ingeschakeld. Oude API-tokens blijven ingetrokken.",
	"eenmalig-gezet":       "Het eenmalige wachtwoord is ingesteld. De gebruiker moet het bij de volgende keer inloggen wijzigen; open sessies zijn beëindigd.",
	"eenmalig":             "U bent ingelogd met een eenmalig wachtwoord. Kies eerst een eigen wachtwoord.",
	"wachtwoord":           "Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.",
	"uitgelogd":            "U bent uitgelogd.",
	"meting":               "De meting is opgeslagen.",
	"gepubliceerd":         "De meting is gepubliceerd. De vragen liggen nu vast en de link werkt.",
	"gesloten":             "De meting is gesloten. De link werkt niet meer.",
	"naar-register":        "De resultaten staan in het indicatorenregister, met de meting als bron.",
	"antwoorden-ingelezen": "De antwoorden zijn ingelezen. Regels die al eerder waren ingelezen, zijn overgeslagen.",
	"antwoorden-bekend":    "Alle antwoorden in dit bestand waren al ingelezen. Er is niets veranderd.",
	"vragenlijst":          "De vragenlijst is opgeslagen als nieuwe versie.",
	"logboek":              "Het item staat in het leerlogboek.",
	"herijkt":              "Het besluit staat in het leerlogboek en het programma is herijkt. Er is een nieuwe programmaversie.",
	"uitgaven":             "De uitgaven zijn ingelezen. Het bestand staat bovenaan de lijst met ingelezen bestanden.",
	"tertiaalrapportage":   "De tertiaalrapportage is vastgelegd. Deze versie verandert niet meer.",
	"koppeling":            "De koppeling is opgeslagen. Bestanden die deze code gebruiken, worden voortaan zo ingelezen.",
	"koppeling-weg":        "De koppeling is verwijderd. Wat al met deze code is ingelezen, blijft staan.",
	"uitgaven-bekend":      "Alle boekingen in dit bestand waren al ingelezen. Er is niets veranderd.",
	"vastgelegd":           "De vastgelegde bedragen zijn opgeslagen.",
	"mijlpaal":             "De mijlpaal is opgeslagen.",
	"mijlpaal-weg":         "De mijlpaal is verwijderd.",
	"regelversie":          "De nieuwe versie van de regels is ingelezen. Zij beslist vanaf haar datum 'geldig van'; daarvoor blijft de vorige versie beslissen.",
	"waarde":               "De waarde is opgeslagen. U ziet haar in de tabellen hieronder.",
	"indicator-toegevoegd": "De indicator is toegevoegd aan het register. Er is een nieuwe versie van het register.",
	"indicator-gewijzigd":  "De indicator is gewijzigd. Er is een nieuwe versie van het register.",
	"register-teruggezet":  "De eerdere versie is teruggezet. Dat is een nieuwe versie van het register; de versies ertussen blijven bewaard.",
	"waarden-ingelezen":    "De indicatorwaarden zijn ingelezen. Het auditlog noemt wie welk bestand inlas.",
	"trendtabel":           "De trendmonitortabel is opgeslagen, met secundaire onderdrukking. Zij staat hieronder als laatste berekening.",
	"kaart":                "Het kaartbestand is ingelezen. De kaarten gebruiken nu deze vormen.",
	"wk-kader":             "De nieuwe versie van het wegingskader is vastgelegd. Rondes die al bestaan, houden hun versie.",
	"wk-aanvraag":          "De aanvraag is opgeslagen.",
	"wk-ronde":             "De ronde is opgeslagen.",
	"wk-geopend":           "De ronde is geopend. De panelleden kunnen nu hun scores geven.",
	"wk-gesloten":          "De ronde is gesloten. De scores zijn nu voor iedereen te zien; het panel kan kiezen binnen het budget.",
	"wk-scores":            "Uw scores voor deze aanvraag zijn opgeslagen. U kunt ze veranderen tot u indient.",
	"wk-ingediend":         "Uw scores zijn ingediend. U ziet nu de scores die de anderen hebben ingediend.",
	"wk-vastgezet":         "De keuze is opnieuw berekend met wat u hebt vastgezet.",
	"wk-besluit":           "Het besluit is vastgelegd.",
	"wk-toegekend":         "De gekozen aanvragen zijn als interventies aan het programma toegevoegd.",
	"raadsdossier":         "Het raadsdossier is vastgelegd. Deze versie verandert niet meer.",
}

func (s *Core) Page(r *http.Request, rc *ReqCtx, title, nav string) Page {
	p := Page{Title: title, Nav: nav, User: rc.User, Demo: s.Demo}
	if rc.User != nil {
		p.People = NewPeople(r.Context(), s.Accounts)
	}
	if rc.Session != nil {
		p.CSRF = rc.Session.CSRF
	}
	p.Notice = notices[r.URL.Query().Get("melding")]
	return p
}

// Render executes a page into a buffer first, so that a template error
// becomes a clean 500 page instead of half a page with a 200 status.
func (s *Core) Render(w http.ResponseWriter, r *http.Request, status int, name string, view any) {
	s.render(w, r, pages, status, name, view)
}

func (s *Core) render(w http.ResponseWriter, r *http.Request, pages Templates, status int, name string, view any) {
	t, ok := pages[name]
	if !ok {
		panic("web: no template " + name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, view); err != nil {
		rc := RequestInfo(r)
		s.Log().Error("render template", "request_id", rc.ID, "template", name, "err", err)
		if name != "error" {
			s.RenderError(w, r, http.StatusInternalServerError, "", nil)
		} else {
			http.Error(w, "Er ging iets mis. Verzoek-ID: "+rc.ID, http.StatusInternalServerError)
		}
		return
	}
	body := buf.Bytes()
	if refusal(status) {
		body = markRefused(body)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show data behind a login; a shared cache or the back button of
	// a public computer must not keep them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// refusal reports whether status answers a form or request that was
// refused for what the user sent.
func refusal(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge,
		http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// markRefused starts the page's title with "Fout: " ("Error: " on an
// English page), so that a screen reader announces the refusal with the
// page and the browser tab shows it. It is done here, once for every
// form, rather than in each handler's view.
func markRefused(page []byte) []byte {
	prefix := "Fout: "
	if head, _, _ := bytes.Cut(page, []byte("<head>")); bytes.Contains(head, []byte(`lang="en"`)) {
		prefix = "Error: "
	}
	// Many handlers set the prefix in the title themselves; it is not
	// repeated.
	if bytes.Contains(page, []byte("<title>"+prefix)) {
		return page
	}
	return bytes.Replace(page, []byte("<title>"), []byte("<title>"+prefix), 1)
}

// FormatThousands writes v the Dutch way: a dot between thousands and a comma
// before decimals ("2.380", "12,5"). Amounts are in thousands of euros, so at
// most one decimal is meaningful.
func FormatThousands(v float64) string {
	// A typographic minus reads better in budget tables than a hyphen.
	return strings.Replace(numfmt.Format(v, 1, numfmt.Dutch), "-", "−", 1)
}

// formatSize writes a file size the Dutch way: "412 kB", "1,3 MB".
func formatSize(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return numfmt.Format(float64(n)/1000, 0, numfmt.Dutch) + " kB"
	}
	return numfmt.Format(float64(n)/1e6, 1, numfmt.Dutch) + " MB"
}
