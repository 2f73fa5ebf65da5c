package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// Body limits. An import carries the whole programme; everything else is a
// single form's worth of text.
const (
	maxImportBody = 16 << 20
	maxJSONBody   = 1 << 20
)

// yamlTypes are the media types accepted for a programme file. JSON is
// accepted too because a JSON document is valid YAML.
var yamlTypes = []string{"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json"}

// requireContentType refuses a body whose media type is not one of allowed,
// so that a form post or a mislabelled file fails clearly rather than as a
// confusing parse error.
func requireContentType(r *http.Request, allowed ...string) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return requestError(http.StatusUnsupportedMediaType,
			"De kop Content-Type ontbreekt; stuur %s.", strings.Join(allowed, " of "))
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !slices.Contains(allowed, mt) {
		return requestError(http.StatusUnsupportedMediaType,
			"Content-Type %q wordt hier niet geaccepteerd; stuur %s.", ct, strings.Join(allowed, " of "))
	}
	return nil
}

// readBody reads the whole body up to limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(limit)
		}
		return nil, requestError(http.StatusBadRequest, "De body kon niet gelezen worden.")
	}
	return data, nil
}

func tooLarge(limit int64) error {
	return requestError(http.StatusRequestEntityTooLarge, "De body is groter dan %d MiB.", limit>>20)
}

// decodeJSON reads a single JSON object into v. Unknown fields are refused:
// a misspelt field would otherwise be dropped without a word, and the client
// would believe it had been stored.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if err := requireContentType(r, "application/json"); err != nil {
		return err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, v)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(maxJSONBody)
		}
		return requestError(http.StatusBadRequest, "Na het JSON-object volgt nog meer; stuur precies één object.")
	}
	return nil
}

// jsonError turns a decoding error into a Dutch message that names the
// field or the position.
func jsonError(err error, v any) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return tooLarge(maxJSONBody)
	case errors.Is(err, io.EOF):
		return requestError(http.StatusBadRequest, "De body is leeg; stuur een JSON-object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return requestError(http.StatusBadRequest, "De JSON houdt onverwacht op.")
	case errors.As(err, &se):
		return requestError(http.StatusBadRequest, "De body is geen geldige JSON (bij teken %d).", se.Offset)
	case errors.As(err, &te):
		if te.Field == "" {
			return requestError(http.StatusBadRequest, "De body moet een JSON-object zijn, geen %s.", jsonKind(te.Value))
		}
		return withField(requestError(http.StatusBadRequest, "Veld %q moet %s zijn, geen %s.", te.Field, kindName(te.Type), jsonKind(te.Value)),
			te.Field, fmt.Sprintf("moet %s zijn, geen %s", kindName(te.Type), jsonKind(te.Value)))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return withField(requestError(http.StatusBadRequest, "De body bevat het onbekende veld %s.", name),
			strings.Trim(name, `"`), "onbekend veld; bekende velden: "+strings.Join(fieldNames(reflect.TypeOf(v), ""), ", "))
	}
	return requestError(http.StatusBadRequest, "De body is geen geldige JSON.")
}

// jsonKind names a JSON value kind as encoding/json reports it.
func jsonKind(v string) string {
	switch {
	case v == "string":
		return "tekst"
	case v == "number" || strings.HasPrefix(v, "number "):
		return "getal"
	case v == "bool":
		return "waar/onwaar"
	case v == "array":
		return "lijst"
	case v == "object":
		return "object"
	}
	return v
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "een tekst"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "een geheel getal"
	case reflect.Float32, reflect.Float64:
		return "een getal"
	case reflect.Bool:
		return "waar of onwaar"
	case reflect.Slice, reflect.Array:
		return "een lijst"
	}
	return "een object"
}

// fieldNames lists the JSON names a request type accepts, nested ones as
// waarden[].resultaat, so that the message for an unknown field shows the
// client what it could have meant.
func fieldNames(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, prefix+name)
		elem := f.Type
		suffix := "."
		if elem.Kind() == reflect.Slice {
			suffix = "[]."
		}
		out = append(out, fieldNames(elem, prefix+name+suffix)...)
	}
	return out
}
