package indicator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/tabular"
)

// FuzzReadValuesXLSX feeds arbitrary bytes (seeded with real XLSX files)
// to the XLSX reader: it must never panic, refuse only with a Dutch
// refusal (CodeInvalid) naming the file, and return only values the
// register knows.
func FuzzReadValuesXLSX(f *testing.F) {
	reg := testRegister(f)
	vals, err := ReadValues("w.csv", strings.NewReader(header+
		"o3_vroegsignalen,2024-Q3,GM0014,totaal,3,,,,x,\n"+
		"huishoudens_110,2023,WK001401,type:eenouder,onderdrukt,,,,Trendmonitor,\n"), reg)
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tabular.WriteXLSX(&buf, ValuesTable(vals)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadValuesXLSX("f.xlsx", bytes.NewReader(data), reg)
		if err != nil {
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid {
				t.Fatalf("not a refusal: %v", err)
			}
			for _, d := range perspectief.ErrorDetails(err) {
				if !strings.HasPrefix(d, "f.xlsx") && !strings.HasPrefix(d, "en nog ") {
					t.Fatalf("detail without the file name: %q", d)
				}
			}
			return
		}
		if len(got) == 0 {
			t.Fatal("no values and no refusal")
		}
		for _, v := range got {
			if _, ok := reg.Indicator(v.Indicator); !ok {
				t.Fatalf("unknown indicator accepted: %+v", v)
			}
		}
	})
}
