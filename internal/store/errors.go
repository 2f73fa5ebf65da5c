package store

import "github.com/perspectief/perspectief"

func errDuplicateTrendRow(err error) error {
	return &perspectief.Error{Code: perspectief.CodeInvalid, Message: "de tabel bevat een rij twee keer (zelfde indicator, jaar, niveau, gebied en groep)", Err: err}
}
