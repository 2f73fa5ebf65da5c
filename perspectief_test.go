package perspectief

import (
	"fmt"
	"reflect"
	"testing"
)

func TestFieldErrors(t *testing.T) {
	fields := []FieldError{{Path: "periode", Message: "kies een periode"}, {Path: "waarden[0].resultaat", Message: "onbekend"}}
	err := fmt.Errorf("opslaan: %w", Invalid("De voortgang is niet opgeslagen.", fields))
	if ErrorCode(err) != CodeInvalid || ErrorMessage(err) != "De voortgang is niet opgeslagen." {
		t.Errorf("code %q, message %q", ErrorCode(err), ErrorMessage(err))
	}
	if got := ErrorFields(err); !reflect.DeepEqual(got, fields) {
		t.Errorf("fields %v, want %v", got, fields)
	}
	// Pages that list problems as text get the fields first, then the
	// lines that belong to no field.
	e := Invalid("x", fields)
	e.Details = []string{"en nog 3 fouten"}
	want := []string{"periode: kies een periode", "waarden[0].resultaat: onbekend", "en nog 3 fouten"}
	if got := ErrorDetails(e); !reflect.DeepEqual(got, want) {
		t.Errorf("details %q, want %q", got, want)
	}
	if ErrorFields(fmt.Errorf("plain")) != nil || ErrorDetails(fmt.Errorf("plain")) != nil {
		t.Error("an error without a domain code has no fields or details")
	}
}

func TestFieldErrorItem(t *testing.T) {
	tests := []struct {
		path, list string
		i          int
		field      string
		ok         bool
	}{
		{"bijlagen[2].titel", "bijlagen", 2, "titel", true},
		{"canvas.beoogde_resultaten[0].code", "canvas.beoogde_resultaten", 0, "code", true},
		{"bijlagen[12].url", "bijlagen", 12, "url", true},
		{"bijlagen", "bijlagen", 0, "", false},
		{"bijlagen[x].titel", "bijlagen", 0, "", false},
		{"bijlagen[-1].titel", "bijlagen", 0, "", false},
		{"bijlagen[1]", "bijlagen", 0, "", false},
		{"bedragen.2026", "bijlagen", 0, "", false},
		{"canvas.doelstelling", "canvas.beoogde_resultaten", 0, "", false},
	}
	for _, tc := range tests {
		i, field, ok := FieldError{Path: tc.path}.Item(tc.list)
		if i != tc.i || field != tc.field || ok != tc.ok {
			t.Errorf("%q.Item(%q) = %d, %q, %v; want %d, %q, %v", tc.path, tc.list, i, field, ok, tc.i, tc.field, tc.ok)
		}
	}
}
