package report

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readPackage unzips a data package and checks every CSV file against its
// Table Schema: the header names the fields in order, required fields are
// filled, and every value has the field's type and constraints.
func readPackage(t *testing.T, zb []byte) (dataPackage, map[string][][]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = b
		names = append(names, f.Name)
	}
	if len(names) == 0 || names[0] != "datapackage.json" {
		t.Fatalf("zip entries %v: datapackage.json must come first", names)
	}
	var pkg dataPackage
	dec := json.NewDecoder(bytes.NewReader(files["datapackage.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Profile != "tabular-data-package" || !regexp.MustCompile(`^[a-z0-9._-]+$`).MatchString(pkg.Name) || len(pkg.Licenses) == 0 {
		t.Errorf("package descriptor: profile %q, name %q, licenses %v", pkg.Profile, pkg.Name, pkg.Licenses)
	}
	tables := map[string][][]string{}
	for _, res := range pkg.Resources {
		body, ok := files[res.Path]
		if !ok {
			t.Errorf("resource %s: file %s is not in the zip", res.Name, res.Path)
			continue
		}
		if res.Profile != "tabular-data-resource" || res.Format != "csv" || res.Encoding != "utf-8" || res.Description == "" {
			t.Errorf("resource %s: %+v", res.Name, res)
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", res.Path, err)
			continue
		}
		var head []string
		for _, f := range res.Schema.Fields {
			head = append(head, f.Name)
			if f.Description == "" || f.Title == "" {
				t.Errorf("%s.%s: every column needs a title and a description", res.Name, f.Name)
			}
		}
		if !slices.Equal(rows[0], head) {
			t.Errorf("%s header %v, schema %v", res.Path, rows[0], head)
		}
		for i, row := range rows[1:] {
			for j, f := range res.Schema.Fields {
				checkCell(t, res.Path, i+2, f, row[j])
			}
		}
		tables[res.Name] = rows[1:]
	}
	return pkg, tables
}

func checkCell(t *testing.T, file string, line int, f pkgField, v string) {
	t.Helper()
	if v == "" {
		if f.Constraints != nil && f.Constraints.Required {
			t.Errorf("%s:%d: %s: required, but empty", file, line, f.Name)
		}
		return
	}
	var err error
	var n float64
	switch f.Type {
	case "number":
		n, err = strconv.ParseFloat(v, 64)
	case "integer":
		var i int
		i, err = strconv.Atoi(v)
		n = float64(i)
	case "year":
		if !regexp.MustCompile(`^\d{4}$`).MatchString(v) {
			t.Errorf("%s:%d: %s: %q is not a year", file, line, f.Name, v)
		}
	case "date":
		_, err = time.Parse(time.DateOnly, v)
	case "string":
	default:
		t.Errorf("%s: %s: unknown type %q", file, f.Name, f.Type)
	}
	if err != nil {
		t.Errorf("%s:%d: %s: %q is not a %s", file, line, f.Name, v, f.Type)
	}
	if c := f.Constraints; c != nil {
		if len(c.Enum) > 0 && !slices.Contains(c.Enum, v) {
			t.Errorf("%s:%d: %s: %q is not one of %v", file, line, f.Name, v, c.Enum)
		}
		if c.Minimum != nil && n < *c.Minimum {
			t.Errorf("%s:%d: %s: %s below the minimum", file, line, f.Name, v)
		}
	}
}

// openDataOf builds the 2024 report and packs its open data.
func openDataOf(t *testing.T, s *Service) (*Report, []byte) {
	t.Helper()
	r, err := s.Build(context.Background(), 2024)
	if err != nil {
		t.Fatal(err)
	}
	zb, err := OpenData(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, zb
}

func TestOpenDataFollowsItsSchemaAndLeavesOutSuppressedCells(t *testing.T) {
	s, _ := testService()
	s.Sources.Spending = fakeSpending{{Line: "L1", Available: f(1000), Allocated: 900, Spent: 800.5}, {Line: "L2", Allocated: 10, Spent: 0}}
	s.Sources.Decisions = fakeDecisions{{Round: "1", Date: time.Date(2024, 3, 1, 23, 30, 0, 0, time.UTC), Granted: []Grant{{Title: "Buurtkas, \"Selwerd\"", Amount: 12500}}}}
	_, zb := openDataOf(t, s)
	pkg, tables := readPackage(t, zb)
	var names []string
	for _, res := range pkg.Resources {
		names = append(names, res.Name)
	}
	if want := []string{"trendindicatoren", "interventies", "interventies_per_status", "doelindicatoren", "begroting", "besteding", "wegingskader_toekenningen"}; !slices.Equal(names, want) {
		t.Errorf("resources %v, want %v", names, want)
	}

	// The trend series has 2021, 2023 and 2024; 2022 is suppressed and
	// appears in no form, not even as an empty row.
	var years []string
	for _, row := range tables["trendindicatoren"] {
		years = append(years, row[5])
	}
	if !slices.Equal(years, []string{"2021", "2023", "2024"}) {
		t.Errorf("trend rows for years %v, want 2021, 2023 and 2024 only", years)
	}
	if got := tables["trendindicatoren"][0]; !slices.Equal(got, []string{"huishoudens_110", "Huishoudens tot 110%", "procent", "GM0014", "Gemeente Groningen", "2021", "12.5", "125", "1000"}) {
		t.Errorf("first trend row %v", got)
	}
	// The goal whose latest value is suppressed shows the value before it.
	for _, row := range tables["doelindicatoren"] {
		if row[1] == "aanmeldingen" && (row[4] != "2023" || row[5] != "40" || row[7] != "geen streefwaarde") {
			t.Errorf("aanmeldingen row %v: want the 2023 value, never the suppressed 2024 one", row)
		}
	}
	if got := tables["wegingskader_toekenningen"]; len(got) != 1 || got[0][1] != "2024-03-02" || got[0][2] != `Buurtkas, "Selwerd"` {
		t.Errorf("grants %v: the date is the day in Dutch time, the title read back whole", got)
	}
	var all string
	for _, rows := range tables {
		for _, row := range rows {
			all += strings.Join(row, ",") + "\n"
		}
	}
	for _, secret := range []string{"onderdrukt", "Te weinig aanvragen"} {
		if strings.Contains(all, secret) {
			t.Errorf("the package holds %q: suppressed cells and free texts stay out", secret)
		}
	}
}

func TestOpenDataLeavesOutChaptersWithoutData(t *testing.T) {
	s, _ := testService()
	r, zb := openDataOf(t, s)
	pkg, _ := readPackage(t, zb)
	for _, res := range pkg.Resources {
		if res.Name == "besteding" || res.Name == "wegingskader_toekenningen" {
			t.Errorf("resource %s without a source", res.Name)
		}
	}
	again, _ := OpenData(r)
	if !bytes.Equal(zb, again) {
		t.Error("the same report gives a different zip")
	}
}
