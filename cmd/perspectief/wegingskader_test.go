package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWegingskaderKies runs "wegingskader kiezen" on the demo round's shape:
// two years, one request fixed in and one out.
func TestWegingskaderKies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ronde.json")
	round := `{"jaren":[2026,2027], "budget":[250000,150000],
	  "aanvragen":[{"id":"A1","score":77.6,"bedragen":[45000,45000]},
	               {"id":"A2","score":60,"bedragen":[200000,0]},
	               {"id":"A3","score":50,"bedragen":[100000,100000]},
	               {"id":"A4","score":30,"bedragen":[100000,0]},
	               {"id":"A5","score":90,"bedragen":[10000,10000]}],
	  "vast":{"A3":"in","A5":"uit"}}`
	if err := os.WriteFile(path, []byte(round), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := kies(context.Background(), []string{"--in", path, "--tijd", "2s"}, nil, &out); err != nil {
		t.Fatal(err)
	}
	var got kiesOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	// A3 (fixed in) leaves 150.000 and 50.000: A1 and A4 fit (145.000 and
	// 45.000), A2 does not; A5 is fixed out.
	if !slices.Equal(got.Chosen, []string{"A1", "A3", "A4"}) || got.Score != 157.6 || !got.Proven || got.MaxShortfall != 0 {
		t.Errorf("got %+v", got)
	}
	for _, key := range []string{`"gekozen"`, `"score"`, `"bewezen"`, `"max_tekort"`, `"ms"`} {
		if !strings.Contains(out.String(), key) {
			t.Errorf("output %s lacks %s", out.String(), key)
		}
	}
	// Bad input is refused with the field named, from standard input too.
	err := kies(context.Background(), []string{"--in", "-"}, strings.NewReader(`{"jaren":[2026],"budget":[1],"aanvragen":[{"id":"A","score":1,"bedragen":[-3]}]}`), &out)
	if err == nil || !strings.Contains(err.Error(), "aanvragen[0].bedragen[0]: een bedrag is een heel aantal euro van 0 of meer, niet -3") {
		t.Errorf("bad amount: %v", err)
	}
}
