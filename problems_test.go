package perspectief

import (
	"reflect"
	"testing"
)

func TestProblems(t *testing.T) {
	p := &Problems{File: "f.csv", Max: 2}
	if p.Refuse() != nil {
		t.Fatal("no problems must refuse nothing")
	}
	p.Add(3, "bedrag", "%q is geen bedrag", "x")
	p.AddLine("f.csv:4: regel: te kort")
	p.Add(5, "datum", "fout")
	p.Add(6, "datum", "fout")
	err := p.Refuse()
	want := []string{`f.csv:3: bedrag: "x" is geen bedrag`, "f.csv:4: regel: te kort", "en nog 2 fouten"}
	if ErrorCode(err) != CodeInvalid || ErrorMessage(err) != "Het bestand f.csv is geweigerd; er is niets ingelezen." || !reflect.DeepEqual(ErrorDetails(err), want) {
		t.Errorf("got %v %v", err, ErrorDetails(err))
	}
}
