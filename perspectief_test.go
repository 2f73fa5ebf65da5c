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
