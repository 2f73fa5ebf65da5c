package eligibility

import (
	"bytes"
	"fmt"
	"sort"
	"time"
)

// Versions of a scheme's rules. A beheerder loads a new version of a
// scheme file; the old versions stay. Each version applies from its
// geldig_van: on a day d, the scheme is decided by the newest version (the
// one stored last) whose geldig_van is on or before d, and it is in force
// when that version's period contains d. So a corrected file replaces its
// predecessor from its own geldig_van on, a file that starts a new period
// leaves the older version deciding the days before it, and a version with
// a geldig_tot ends the scheme even where an older one was open-ended.

// StoredVersion is one version of a scheme file as the platform stores it.
type StoredVersion struct {
	ID        int64 // order of storing; the newest has the highest
	Code      string
	Version   string
	File      string // the file's name as it was loaded
	Content   []byte
	SHA256    string
	ValidFrom time.Time
	ValidTo   time.Time // zero: open-ended
	Origin    string    // OriginShipped or OriginLoaded
	Actor     string
	LoadedAt  time.Time
}

// Stored describes sc for storing, as loaded by actor at t.
func (sc *Scheme) Stored(actor string, t time.Time) StoredVersion {
	return StoredVersion{Code: sc.Code, Version: sc.Version, File: sc.File, Content: sc.Content, SHA256: sc.SHA256,
		ValidFrom: sc.Valid.From, ValidTo: sc.Valid.To, Origin: sc.Origin, Actor: actor, LoadedAt: t}
}

// applies reports whether version sc may decide day d: it starts on or
// before d.
func (sc *Scheme) applies(d time.Time) bool { return !d.Before(sc.Valid.From) }

// current returns, per code, the version that decides day d (nil for a
// code none of whose versions has started), in code order.
func (s *Set) current(d time.Time) []*Scheme {
	var out []*Scheme
	for i := 0; i < len(s.Schemes); {
		j := i
		var pick *Scheme
		for ; j < len(s.Schemes) && s.Schemes[j].Code == s.Schemes[i].Code; j++ {
			if s.Schemes[j].applies(d) {
				pick = s.Schemes[j] // Schemes are oldest first within a code
			}
		}
		if pick != nil {
			out = append(out, pick)
		}
		i = j
	}
	return out
}

// InForce returns the schemes in force on day d, each as the version of
// its rules that decides d.
func (s *Set) InForce(d time.Time) []*Scheme {
	var out []*Scheme
	for _, sc := range s.current(d) {
		if sc.InForce(d) {
			out = append(out, sc)
		}
	}
	return out
}

// SchemeOn returns the version of scheme code that decides day d, in force
// or not (then its period says why); false when the code is unknown or
// none of its versions has started by d.
func (s *Set) SchemeOn(code string, d time.Time) (*Scheme, bool) {
	for _, sc := range s.current(d) {
		if sc.Code == code {
			return sc, true
		}
	}
	return nil, false
}

// Scheme returns the newest version of the scheme with the given code.
func (s *Set) Scheme(code string) (*Scheme, bool) {
	var out *Scheme
	for _, sc := range s.Schemes {
		if sc.Code == code {
			out = sc
		}
	}
	return out, out != nil
}

// Versions returns every version of scheme code, newest first.
func (s *Set) Versions(code string) []*Scheme {
	var out []*Scheme
	for _, sc := range s.Schemes {
		if sc.Code == code {
			out = append(out, sc)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Version returns version v of scheme code.
func (s *Set) Version(code, v string) (*Scheme, bool) {
	for _, sc := range s.Schemes {
		if sc.Code == code && sc.Version == v {
			return sc, true
		}
	}
	return nil, false
}

// Codes returns the scheme codes, in order.
func (s *Set) Codes() []string {
	var out []string
	for _, sc := range s.Schemes {
		if len(out) == 0 || out[len(out)-1] != sc.Code {
			out = append(out, sc.Code)
		}
	}
	return out
}

// ParseVersion checks a new version of a scheme file (file is its name,
// for the messages) exactly as the shipped files are checked, against the
// set's fact catalogue, and refuses a version that the set already has:
// results name the version that decided them, so a version must stay what
// it was. Problems come as a *LoadError, one FILE:LINE: field: reason each.
func (s *Set) ParseVersion(file string, data []byte) (*Scheme, error) {
	l := &loader{file: file}
	sc := s.parseScheme(l, bytes.Clone(data))
	if sc != nil && len(l.problems) == 0 {
		if old, ok := s.Version(sc.Code, sc.Version); ok {
			how := "geladen " + old.LoadedAt.Format("2006-01-02")
			if old.Origin == OriginShipped {
				how = "meegeleverd"
			}
			l.add(sc.versionLine, "versie", "versie %q van %s bestaat al (%s); geef de nieuwe regels een eigen versie", sc.Version, sc.Code, how)
		}
	}
	if len(l.problems) > 0 {
		return nil, &LoadError{Problems: l.problems}
	}
	sc.Origin = OriginLoaded
	return sc, nil
}

// WithVersions returns the set with the stored versions added, in the
// order of their ID (the order they were stored). A stored version with
// the code and version of a shipped one stands in its place. Each is
// checked as when it was loaded; a version that no longer loads (the fact
// catalogue changed under it) refuses the whole set, because falling back
// to an older version would decide by rules nobody chose.
func (s *Set) WithVersions(vs []StoredVersion) (*Set, error) {
	out := *s
	out.Schemes = append([]*Scheme(nil), s.Schemes...)
	sort.Slice(vs, func(i, j int) bool { return vs[i].ID < vs[j].ID })
	var problems []string
	for _, v := range vs {
		l := &loader{file: v.File}
		sc := s.parseScheme(l, v.Content)
		if len(l.problems) > 0 || sc == nil {
			problems = append(problems, l.problems...)
			continue
		}
		if sc.Code != v.Code || sc.Version != v.Version {
			problems = append(problems, fmt.Sprintf("%s:%d: code: opgeslagen als %s %s, het bestand zegt %s %s", v.File, 1, v.Code, v.Version, sc.Code, sc.Version))
			continue
		}
		sc.Origin, sc.Seq, sc.LoadedAt, sc.LoadedBy = v.Origin, v.ID, v.LoadedAt, v.Actor
		replaced := false
		for i, old := range out.Schemes {
			if old.Code == sc.Code && old.Version == sc.Version {
				if old.Seq != 0 {
					problems = append(problems, fmt.Sprintf("%s:%d: versie: versie %q van %s staat twee keer opgeslagen", v.File, sc.versionLine, sc.Version, sc.Code))
				}
				out.Schemes[i], replaced = sc, true
			}
		}
		if !replaced {
			out.Schemes = append(out.Schemes, sc)
		}
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	out.sortSchemes()
	return &out, nil
}

// sortSchemes orders by code and, within a code, oldest version first: a
// shipped version not stored (Seq 0) before every stored one.
func (s *Set) sortSchemes() {
	sort.SliceStable(s.Schemes, func(i, j int) bool {
		a, b := s.Schemes[i], s.Schemes[j]
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Seq < b.Seq
	})
}
