package web

import "github.com/perspectief/perspectief"

// FieldErr is a validation message tied to a form field; Anchor is the id
// of the field, for the links of the error summary.
type FieldErr struct {
	Anchor  string
	Message string
}

// UpperFirst makes a domain message ("de titel ontbreekt") start like a
// sentence for display next to a field.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// Place says where a form shows the problem with one field: the id of the
// control the error summary links to, the key under which the control
// shows its message (Anchor when empty), a prefix for the summary line
// ("Beoogd resultaat 2: ") and, when set, a text that replaces the
// domain's.
type Place struct {
	Anchor, Key, Prefix, Message string
}

// FormErrors turns a refused save into the form's error summary and the
// messages next to its controls. place is the form's one mapping from a
// field's path (perspectief.FieldError.Path) to its control; messages that
// belong to no field go to the control place("") names. An error without
// any gives one summary line, linked to that control too.
func FormErrors(err error, place func(path string) Place) ([]FieldErr, map[string]string) {
	var list []FieldErr
	byKey := map[string]string{}
	add := func(path, msg string) {
		p := place(path)
		if p.Message != "" {
			msg = p.Message
		}
		msg = UpperFirst(msg)
		key := p.Key
		if key == "" {
			key = p.Anchor
		}
		list = append(list, FieldErr{Anchor: p.Anchor, Message: p.Prefix + msg})
		if prev, seen := byKey[key]; seen {
			byKey[key] = prev + " " + msg
		} else {
			byKey[key] = msg
		}
	}
	for _, f := range perspectief.ErrorFields(err) {
		add(f.Path, f.Message)
	}
	for _, d := range perspectief.ErrorDetailLines(err) {
		add("", d)
	}
	if len(list) == 0 {
		add("", perspectief.ErrorMessage(err))
	}
	return list, byKey
}
