package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/datefmt"
	"github.com/perspectief/perspectief/internal/programme"
)

// The open-data package follows the Frictionless Data Package standard
// (https://specs.frictionlessdata.io/): a datapackage.json that describes
// every CSV file and every column (Table Schema), zipped with the files.
// It holds only the report's aggregates: no microdata, no free texts that
// may name people, and no suppressed cell, not even as an empty row.

// License of the package: CC0, the default of Dutch government open data
// (data.overheid.nl).
var openDataLicense = pkgLicense{Name: "CC0-1.0", Path: "https://creativecommons.org/publicdomain/zero/1.0/", Title: "Creative Commons Zero v1.0 Universal"}

type dataPackage struct {
	Profile     string        `json:"profile"`
	Name        string        `json:"name"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Version     string        `json:"version"`
	Created     string        `json:"created"`
	Keywords    []string      `json:"keywords"`
	Licenses    []pkgLicense  `json:"licenses"`
	Sources     []pkgSource   `json:"sources,omitempty"`
	Resources   []pkgResource `json:"resources"`
}

type pkgLicense struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

type pkgSource struct {
	Title string `json:"title"`
}

type pkgResource struct {
	Profile     string    `json:"profile"`
	Name        string    `json:"name"`
	Path        string    `json:"path"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Format      string    `json:"format"`
	Mediatype   string    `json:"mediatype"`
	Encoding    string    `json:"encoding"`
	Schema      pkgSchema `json:"schema"`
}

type pkgSchema struct {
	Fields        []pkgField `json:"fields"`
	PrimaryKey    []string   `json:"primaryKey,omitempty"`
	MissingValues []string   `json:"missingValues"`
}

type pkgField struct {
	Name        string          `json:"name"`
	Title       string          `json:"title"`
	Type        string          `json:"type"`
	Format      string          `json:"format,omitempty"`
	Description string          `json:"description"`
	Constraints *pkgConstraints `json:"constraints,omitempty"`
}

type pkgConstraints struct {
	Required bool     `json:"required,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Minimum  *float64 `json:"minimum,omitempty"`
}

// table is one CSV file with its description.
type table struct {
	name, title, description string
	fields                   []pkgField
	key                      []string
	rows                     [][]string
}

func required() *pkgConstraints { return &pkgConstraints{Required: true} }

func nonNegative() *pkgConstraints {
	zero := 0.0
	return &pkgConstraints{Minimum: &zero}
}

func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64)
}

func optNum(p *float64) string {
	if p == nil {
		return ""
	}
	return num(*p)
}

// OpenData packs the report's aggregates as a Frictionless data package
// (zip). Chapters without data have no file.
func OpenData(r *Report) ([]byte, error) {
	tables := []table{trendTable(r), statusTable(r), statusCountTable(r), goalTable(r), budgetTable(r), spendingTable(r), grantTable(r)}
	pkg := dataPackage{
		Profile:     "tabular-data-package",
		Name:        fmt.Sprintf("perspectief-voortgangsrapportage-%d", r.Year),
		Title:       fmt.Sprintf("Voortgangsrapportage %d: open data", r.Year),
		Description: fmt.Sprintf("De cijfers uit de voortgangsrapportage %d van het programma %s, als open data. Alleen geaggregeerde cijfers: geen gegevens over personen of huishoudens, geen vrije teksten en geen onderdrukte cellen (die ontbreken).", r.Year, r.Programme),
		Version:     "1.0.0",
		Created:     r.MadeAt.UTC().Format(time.RFC3339),
		Keywords:    []string{"armoede", "schulden", "voortgangsrapportage", "Perspectief"},
		Licenses:    []pkgLicense{openDataLicense},
	}
	if r.Dossier != nil {
		pkg.Version = fmt.Sprintf("%d.0.0", r.Dossier.Version)
		pkg.Title += ", " + DossierLabel(r.Year, r.Dossier.Version)
	}
	for _, s := range r.Trends.Sources {
		pkg.Sources = append(pkg.Sources, pkgSource{Title: s})
	}
	var csvs []struct {
		path string
		body []byte
	}
	for _, t := range tables {
		if len(t.rows) == 0 {
			continue
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		head := make([]string, len(t.fields))
		for i, f := range t.fields {
			head[i] = f.Name
		}
		if err := w.Write(head); err != nil {
			return nil, err
		}
		if err := w.WriteAll(t.rows); err != nil {
			return nil, err
		}
		path := t.name + ".csv"
		pkg.Resources = append(pkg.Resources, pkgResource{
			Profile: "tabular-data-resource", Name: t.name, Path: path, Title: t.title, Description: t.description,
			Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
			Schema: pkgSchema{Fields: t.fields, PrimaryKey: t.key, MissingValues: []string{""}},
		})
		csvs = append(csvs, struct {
			path string
			body []byte
		}{path, b.Bytes()})
	}
	desc, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	// A fixed time in every entry makes the same report the same zip.
	put := func(name string, body []byte) error {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: r.MadeAt.UTC()})
		if err != nil {
			return err
		}
		_, err = w.Write(body)
		return err
	}
	if err := put("datapackage.json", append(desc, '\n')); err != nil {
		return nil, err
	}
	for _, c := range csvs {
		if err := put(c.path, c.body); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func trendTable(r *Report) table {
	t := table{
		name:        "trendindicatoren",
		title:       "Trendindicatoren per jaar",
		description: "De waarden van de trendindicatoren (hoofdstuk 2) voor de gemeente, per jaar tot en met het rapportjaar. Onderdrukte waarden (te weinig huishoudens) staan er niet in.",
		fields: []pkgField{
			{Name: "indicator", Title: "Indicator", Type: "string", Description: "Code van de indicator in het indicatorenregister.", Constraints: required()},
			{Name: "naam", Title: "Naam", Type: "string", Description: "Naam van de indicator."},
			{Name: "eenheid", Title: "Eenheid", Type: "string", Description: "Eenheid van de waarde: procent (van de noemer) of aantal."},
			{Name: "gebied", Title: "Gebied", Type: "string", Description: "Code van het gebied: een CBS-code (GM0014) of een eigen gebiedscode uit het register.", Constraints: required()},
			{Name: "gebied_naam", Title: "Gebiedsnaam", Type: "string", Description: "Naam van het gebied."},
			{Name: "jaar", Title: "Jaar", Type: "year", Description: "Het jaar waarover de waarde gaat.", Constraints: required()},
			{Name: "waarde", Title: "Waarde", Type: "number", Description: "De waarde in de eenheid van de indicator; bij procent is dat 100 × teller / noemer.", Constraints: required()},
			{Name: "teller", Title: "Teller", Type: "number", Description: "Aantal in de teller (bijvoorbeeld huishoudens tot 110% van het sociaal minimum), als bekend.", Constraints: nonNegative()},
			{Name: "noemer", Title: "Noemer", Type: "number", Description: "Aantal in de noemer (bijvoorbeeld alle huishoudens), als bekend.", Constraints: nonNegative()},
		},
		key: []string{"indicator", "gebied", "jaar"},
	}
	for _, ind := range r.Trends.Indicators {
		for _, s := range ind.Series {
			for _, p := range s.Points {
				if p.Suppressed || p.Value == nil {
					continue
				}
				t.rows = append(t.rows, []string{ind.Code, ind.Name, ind.Unit, s.Area, s.AreaName, itoa(p.Year), num(*p.Value), optNum(p.Num), optNum(p.Den)})
			}
		}
	}
	return t
}

var statusEnum = func() []string {
	var out []string
	for _, s := range programme.Statuses {
		out = append(out, string(s))
	}
	return append(out, "geen_update")
}()

func statusCode(s string) string {
	if s == "" {
		return "geen_update"
	}
	return s
}

func statusTable(r *Report) table {
	t := table{
		name:        "interventies",
		title:       "Interventies en hun status",
		description: "Elke interventie met haar status volgens de laatste voortgangsrapportage in het rapportjaar (hoofdstuk 3).",
		fields: []pkgField{
			{Name: "lijn", Title: "Programmalijn", Type: "string", Description: "Code van de programmalijn.", Constraints: required()},
			{Name: "interventie", Title: "Interventie", Type: "string", Description: "Code van de interventie.", Constraints: required()},
			{Name: "titel", Title: "Titel", Type: "string", Description: "Titel van de interventie."},
			{Name: "status", Title: "Status", Type: "string", Description: "Status volgens de laatste voortgangsrapportage in het jaar; geen_update als er in het jaar geen was.", Constraints: &pkgConstraints{Required: true, Enum: statusEnum}},
			{Name: "status_omschrijving", Title: "Status in woorden", Type: "string", Description: "De status zoals het rapport hem noemt."},
			{Name: "periode", Title: "Periode", Type: "string", Description: "Het tertiaal van die voortgangsrapportage (JJJJ-T1, JJJJ-T2 of JJJJ-T3); leeg als er geen was."},
			{Name: "fase", Title: "Fase", Type: "string", Description: "Onderzoek, Pilot, Opschalen of Borgen; leeg als de fase niet is vastgelegd."},
			{Name: "gebied", Title: "Gebied", Type: "string", Description: "Gemeentebreed, Groningen Noord of de namen van de gekozen wijken; leeg als het gebied niet is vastgelegd."},
			{Name: "resultaten_gehaald", Title: "Resultaten gehaald", Type: "integer", Description: "Aantal beoogde resultaten met een aantal dat aan het eind van het jaar gehaald was."},
			{Name: "resultaten_niet_gehaald", Title: "Resultaten niet gehaald", Type: "integer", Description: "Aantal beoogde resultaten met een aantal dat (nog) niet gehaald was."},
			{Name: "resultaten_geen_meting", Title: "Resultaten zonder meting", Type: "integer", Description: "Aantal beoogde resultaten met een aantal waarvoor geen waarde is gemeld."},
			{Name: "resultaten_oordeel", Title: "Oordeel per resultaat", Type: "string", Description: "Per beoogd resultaat met een aantal het oordeel in één zin, gescheiden door ' | '."},
		},
		key: []string{"interventie"},
	}
	for _, l := range r.Interventions.Lines {
		for _, iv := range l.Interventions {
			n := map[string]int{}
			var sentences []string
			for _, res := range iv.Results {
				n[res.Verdict]++
				sentences = append(sentences, res.Code+": "+res.Sentence)
			}
			t.rows = append(t.rows, []string{l.Code, iv.Code, iv.Title, statusCode(iv.Status), iv.StatusLabel, iv.Period, iv.Stage, iv.Area,
				strconv.Itoa(n["gehaald"]), strconv.Itoa(n["niet_gehaald"]), strconv.Itoa(n["geen_meting"]), strings.Join(sentences, " | ")})
		}
	}
	return t
}

func statusCountTable(r *Report) table {
	t := table{
		name:        "interventies_per_status",
		title:       "Aantal interventies per programmalijn en status",
		description: "Hoeveel interventies van elke programmalijn aan het eind van het rapportjaar welke status hadden (hoofdstuk 3).",
		fields: []pkgField{
			{Name: "lijn", Title: "Programmalijn", Type: "string", Description: "Code van de programmalijn.", Constraints: required()},
			{Name: "status", Title: "Status", Type: "string", Description: "Status; geen_update telt de interventies zonder voortgangsrapportage in het jaar.", Constraints: &pkgConstraints{Required: true, Enum: statusEnum}},
			{Name: "aantal", Title: "Aantal", Type: "integer", Description: "Aantal interventies.", Constraints: &pkgConstraints{Required: true, Minimum: nonNegative().Minimum}},
		},
		key: []string{"lijn", "status"},
	}
	for _, l := range r.Interventions.Lines {
		for _, c := range l.Counts {
			t.rows = append(t.rows, []string{l.Code, statusCode(c.Status), itoa(c.Count)})
		}
	}
	return t
}

func goalTable(r *Report) table {
	t := table{
		name:        "doelindicatoren",
		title:       "Indicatoren van de operationele doelen met hun oordeel",
		description: "Per operationeel doel de indicatoren, hun laatste waarde tot en met het rapportjaar en het oordeel over de streefwaarde van dat jaar (hoofdstuk 4).",
		fields: []pkgField{
			{Name: "doel", Title: "Doel", Type: "string", Description: "Code van het operationele doel.", Constraints: required()},
			{Name: "indicator", Title: "Indicator", Type: "string", Description: "Code van de indicator.", Constraints: required()},
			{Name: "naam", Title: "Naam", Type: "string", Description: "Naam van de indicator."},
			{Name: "eenheid", Title: "Eenheid", Type: "string", Description: "Eenheid van de waarde."},
			{Name: "periode", Title: "Periode", Type: "string", Description: "Periode van de laatste waarde (JJJJ, JJJJ-T1, JJJJ-Q1 of JJJJ-MM); leeg als er geen is."},
			{Name: "waarde", Title: "Waarde", Type: "number", Description: "De laatste waarde tot en met het rapportjaar; leeg als er geen is of als hij onderdrukt is."},
			{Name: "streefwaarde", Title: "Streefwaarde", Type: "string", Description: "De streefwaarde voor het rapportjaar in woorden; leeg als er geen is."},
			{Name: "oordeel", Title: "Oordeel", Type: "string", Description: "gehaald, niet gehaald, of onbekend (geen waarde of geen eerdere meting); geen streefwaarde als het jaar er geen heeft.", Constraints: &pkgConstraints{Required: true, Enum: []string{"gehaald", "niet gehaald", "onbekend", "geen streefwaarde"}}},
			{Name: "toelichting", Title: "Toelichting", Type: "string", Description: "Waarop het oordeel berust."},
		},
		key: []string{"doel", "indicator"},
	}
	for _, g := range r.Goals.Goals {
		for _, gi := range g.Indicators {
			verdict := gi.Verdict
			if gi.Target == "" {
				verdict = "geen streefwaarde"
			}
			t.rows = append(t.rows, []string{g.Code, gi.Code, gi.Name, gi.Unit, gi.Period, optNum(gi.Value), gi.Target, verdict, gi.Explanation})
		}
	}
	return t
}

func budgetTable(r *Report) table {
	t := table{
		name:        "begroting",
		title:       "Begroting van het programma",
		description: "Het beschikbare budget per bron en de inzet per programmalijn en post in het rapportjaar, in duizenden euro's (hoofdstuk 5).",
		fields: []pkgField{
			{Name: "jaar", Title: "Jaar", Type: "year", Description: "Begrotingsjaar.", Constraints: required()},
			{Name: "soort", Title: "Soort", Type: "string", Description: "beschikbaar (een bron van geld) of inzet (waar het geld heen gaat).", Constraints: &pkgConstraints{Required: true, Enum: []string{"beschikbaar", "inzet"}}},
			{Name: "lijn", Title: "Programmalijn", Type: "string", Description: "Code van de programmalijn; leeg bij beschikbaar budget en bij programmabrede inzet."},
			{Name: "post", Title: "Post", Type: "string", Description: "Naam van de begrotingspost.", Constraints: required()},
			{Name: "bedrag_duizend_euro", Title: "Bedrag (× € 1.000)", Type: "number", Description: "Bedrag in duizenden euro's; negatief voor een korting.", Constraints: required()},
		},
	}
	y := itoa(r.Year)
	for _, a := range r.Finance.Available {
		t.rows = append(t.rows, []string{y, "beschikbaar", "", a.Label, num(a.Amount)})
	}
	for _, g := range r.Finance.Allocated {
		for _, row := range g.Rows {
			t.rows = append(t.rows, []string{y, "inzet", g.Code, row.Label, num(row.Amount)})
		}
	}
	return t
}

func spendingTable(r *Report) table {
	t := table{
		name:        "besteding",
		title:       "Besteding per programmalijn",
		description: "Per programmalijn wat er in het rapportjaar beschikbaar was, wat werd ingezet en wat werd besteed, in euro's (hoofdstuk 5, uit de procesmonitor).",
		fields: []pkgField{
			{Name: "jaar", Title: "Jaar", Type: "year", Description: "Het jaar.", Constraints: required()},
			{Name: "lijn", Title: "Programmalijn", Type: "string", Description: "Code van de programmalijn; leeg voor programmabreed geld."},
			{Name: "lijn_naam", Title: "Naam", Type: "string", Description: "Naam van de programmalijn."},
			{Name: "beschikbaar_euro", Title: "Beschikbaar (€)", Type: "number", Description: "Beschikbaar in euro's; leeg als het geld niet over de lijnen is verdeeld."},
			{Name: "inzet_euro", Title: "Inzet (€)", Type: "number", Description: "Volgens de begroting ingezet, in euro's.", Constraints: required()},
			{Name: "besteed_euro", Title: "Besteed (€)", Type: "number", Description: "Besteed in euro's.", Constraints: required()},
		},
		key: []string{"lijn"},
	}
	for _, s := range r.Finance.Spending {
		t.rows = append(t.rows, []string{itoa(r.Year), s.Line, s.Name, optNum(s.Available), num(s.Allocated), num(s.Spent)})
	}
	return t
}

func grantTable(r *Report) table {
	t := table{
		name:        "wegingskader_toekenningen",
		title:       "Toegekende aanvragen per ronde van het wegingskader",
		description: "De aanvragen die het beoordelingsteam in het rapportjaar volgens het wegingskader toekende, met het bedrag (hoofdstuk 6).",
		fields: []pkgField{
			{Name: "ronde", Title: "Ronde", Type: "string", Description: "Naam of nummer van de ronde.", Constraints: required()},
			{Name: "datum", Title: "Datum", Type: "date", Description: "Dag van het besluit (JJJJ-MM-DD).", Constraints: required()},
			{Name: "aanvraag", Title: "Aanvraag", Type: "string", Description: "Wat werd aangevraagd, en door wie.", Constraints: required()},
			{Name: "bedrag_euro", Title: "Bedrag (€)", Type: "number", Description: "Toegekend bedrag in euro's.", Constraints: required()},
		},
	}
	for _, d := range r.Decisions.Rounds {
		for _, g := range d.Granted {
			t.rows = append(t.rows, []string{d.Round, d.Date.In(datefmt.Amsterdam).Format(time.DateOnly), g.Title, num(g.Amount)})
		}
	}
	return t
}
