package procesmonitor

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
)

var testTargets = map[string]string{"L1": "lijn", "L1.1": "post", "ORG": "organisatie"}

func read(src string) ([]Booking, error) {
	return ReadBookings("uitgaven.csv", strings.NewReader(src), resolver(testTargets), day("2025-06-30"))
}

const header = "boekdatum,lijn_of_post,bedrag,omschrijving,referentie\n"

func TestReadBookings(t *testing.T) {
	bs, err := read(header +
		"2025-03-14,L1.1,1234.56,Flyers,FA-1\n" +
		"14-03-2025,l1,\"-80,5\",\"Correctie, deels\",FA-2\n" +
		"2025-06-30,ORG,300,,FA-3\n" +
		"\n")
	if err != nil {
		t.Fatalf("%v %v", err, perspectief.ErrorDetails(err))
	}
	want := []Booking{
		{Reference: "FA-1", Date: day("2025-03-14"), Target: "L1.1", Cents: 123456, Description: "Flyers", Line: 2},
		{Reference: "FA-2", Date: day("2025-03-14"), Target: "L1", Cents: -8050, Description: "Correctie, deels", Line: 3},
		{Reference: "FA-3", Date: day("2025-06-30"), Target: "ORG", Cents: 30000, Line: 4},
	}
	if len(bs) != len(want) {
		t.Fatalf("got %+v", bs)
	}
	for i := range want {
		if bs[i] != want[i] {
			t.Errorf("booking %d = %+v, want %+v", i, bs[i], want[i])
		}
	}

	// A Dutch spreadsheet export: semicolons, a byte order mark, a decimal
	// comma.
	bs, err = read("\uFEFFBoekdatum;Lijn_of_post;Bedrag;Omschrijving;Referentie\r\n2025-01-02;L1.1;12,5;Koffie;X9\r\n")
	if err != nil || len(bs) != 1 || bs[0].Cents != 1250 || bs[0].Reference != "X9" {
		t.Fatalf("semicolon file: %+v %v %v", bs, err, perspectief.ErrorDetails(err))
	}
}

func TestReadBookingsRefuses(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"empty", "", []string{"uitgaven.csv:1: het bestand is leeg"}},
		{"wrong header", "datum,post,bedrag\n", []string{"uitgaven.csv:1: kolommen: verwacht boekdatum,lijn_of_post,bedrag,omschrijving,referentie"}},
		{"no rows", header, []string{"uitgaven.csv:2: het bestand bevat geen boekingen"}},
		{"bad date", header + "2025-02-30,L1,1,,R1\n", []string{`uitgaven.csv:2: boekdatum: "2025-02-30" is geen datum`}},
		{"future", header + "2025-07-01,L1,1,,R1\n", []string{"uitgaven.csv:2: boekdatum: 2025-07-01 ligt in de toekomst"}},
		{"old year", header + "1989-12-31,L1,1,,R1\n", []string{"uitgaven.csv:2: boekdatum: jaar 1989 ligt niet tussen 1990 en 2100"}},
		{"unknown code", header + "2025-01-01,L9,1,,R1\n", []string{`uitgaven.csv:2: lijn_of_post: "L9" is geen post of programmalijn van de begroting`}},
		{"no code", header + "2025-01-01,,1,,R1\n", []string{"uitgaven.csv:2: lijn_of_post: ontbreekt"}},
		{"thousands separator", header + "2025-01-01,L1,1.234.56,,R1\n", []string{`uitgaven.csv:2: bedrag: "1.234.56" is geen bedrag`}},
		{"three decimals", header + "2025-01-01,L1,1.234,,R1\n", []string{`uitgaven.csv:2: bedrag: "1.234" is geen bedrag`}},
		{"currency sign", header + "2025-01-01,L1,€ 12,,R1\n", []string{`uitgaven.csv:2: bedrag: "€ 12" is geen bedrag`}},
		{"too large", header + "2025-01-01,L1,1000000000.01,,R1\n", []string{"groter dan een miljard euro"}},
		{"no reference", header + "2025-01-01,L1,1,,\n", []string{"uitgaven.csv:2: referentie: ontbreekt"}},
		{"duplicate reference", header + "2025-01-01,L1,1,,R1\n2025-01-02,L1,2,,R1\n", []string{`uitgaven.csv:3: referentie: "R1" staat al op regel 2`}},
		{"columns", header + "2025-01-01,L1,1,R1\n", []string{"uitgaven.csv:2: regel: 4 kolommen, verwacht 5"}},
		{"quote", header + "2025-01-01,L1,1,\"open,R1\n", []string{"ongeldige CSV"}},
		{"not utf-8", header + "2025-01-01,L1,1,caf\xe9,R1\n", []string{"uitgaven.csv:2: bestand is geen UTF-8; het lijkt Windows-1252"}},
		// Every bad line is named, not only the first.
		{"several", header + "2025-01-01,L1,x,,R1\n2025-01-01,L1,1,,R2\n2025-13-01,L1,1,,R3\n", []string{"uitgaven.csv:2: bedrag:", "uitgaven.csv:4: boekdatum:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bs, err := read(c.src)
			if err == nil {
				t.Fatalf("accepted: %+v", bs)
			}
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.Contains(perspectief.ErrorMessage(err), "geweigerd; er is niets ingelezen") {
				t.Fatalf("error %v, want a refusal", err)
			}
			all := strings.Join(perspectief.ErrorDetails(err), "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("details\n%s\ndo not contain %q", all, w)
				}
			}
		})
	}
}

func TestParseCents(t *testing.T) {
	good := map[string]int64{"0": 0, "12": 1200, "12,5": 1250, "12.05": 1205, "-0,01": -1, "+7": 700, "1000000000": 100000000000}
	for s, want := range good {
		if got, err := ParseCents(s); err != nil || got != want {
			t.Errorf("ParseCents(%q) = %d, %v; want %d", s, got, err, want)
		}
		if c, _ := ParseCents(FormatCents(good[s])); c != want {
			t.Errorf("FormatCents(%d) does not read back", want)
		}
	}
	for _, s := range []string{"", "-", ",5", "5,", "1e3", "1 000", "1.000,00", "0x10", "NaN", "12,345", "--1"} {
		if _, err := ParseCents(s); err == nil {
			t.Errorf("ParseCents(%q) accepted", s)
		}
	}
}

// FuzzReadBookings: whatever the file, the reader refuses with details or
// returns bookings that are valid and write back to a file that reads the
// same.
func FuzzReadBookings(f *testing.F) {
	f.Add(header + "2025-03-14,L1.1,1234.56,Flyers,FA-1\n")
	f.Add("boekdatum;lijn_of_post;bedrag;omschrijving;referentie\n14-03-2025;ORG;-1,5;\"a;b\";R\n")
	f.Add(header + "2025-01-01,L1,1,\"open,R1\n")
	f.Add(header + "2025-01-01,L1,1,,R1\n2025-01-01,L1,1,,R1\n")
	f.Add("\uFEFF" + header + "\n\n2024-02-29,l1.1,+0,\"x\ny\",\"R\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		bs, err := read(src)
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid || len(perspectief.ErrorDetails(err)) == 0 {
				t.Fatalf("refusal without details: %v", err)
			}
			return
		}
		refs := map[string]bool{}
		for _, b := range bs {
			if _, ok := testTargets[b.Target]; !ok || b.Reference == "" || refs[b.Reference] || b.Date.After(day("2025-06-30")) {
				t.Fatalf("invalid booking accepted: %+v", b)
			}
			refs[b.Reference] = true
		}
		var buf bytes.Buffer
		if err := WriteBookings(&buf, bs); err != nil {
			t.Fatal(err)
		}
		again, err := read(buf.String())
		if err != nil {
			t.Fatalf("written file does not read back: %v %v\n%s", err, perspectief.ErrorDetails(err), buf.String())
		}
		if len(again) != len(bs) {
			t.Fatalf("%d bookings read back, want %d", len(again), len(bs))
		}
		for i := range bs {
			a, b := again[i], bs[i]
			if a.Reference != b.Reference || !a.Date.Equal(b.Date) || a.Target != b.Target || a.Cents != b.Cents || a.Description != b.Description {
				t.Fatalf("booking %d changed on the way back: %+v, was %+v", i, a, b)
			}
		}
	})
}
