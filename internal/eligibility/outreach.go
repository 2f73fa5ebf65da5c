package eligibility

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/atomicfile"
	"github.com/perspectief/perspectief/internal/tabular"
)

// The outreach export ('uitnodigen'): the households of the population that
// are entitled to a scheme but do not use it. It is the one place where
// household ids leave the engine, so the command in front of it checks the
// role and audits every export; this file only selects.

// OutreachAllowed says whether u may make an outreach list: only the
// beheerder and the programmateam, since it is the one export of household
// ids.
func OutreachAllowed(u account.User) error {
	return account.Require(u.CanEditProgramme(), "een uitnodigingslijst met huishoudens maakt; dat mogen alleen een beheerder en het programmateam")
}

// OutreachFilter narrows the export to households whose income as a
// percentage of the social minimum (inkomen / norm() * 100, with the norm
// of the reference date's year) lies in [Van, Tot]. A nil bound is open. A
// household whose norm cannot be computed is left out when a bound is set,
// since it cannot be placed in the range.
type OutreachFilter struct {
	Van, Tot *float64
}

func (f OutreachFilter) active() bool { return f.Van != nil || f.Tot != nil }

// OutreachRow is one invited household.
type OutreachRow struct {
	ID    string
	Buurt string
	// Pct is inkomen / norm * 100; Known false when the norm is unknown.
	Pct   float64
	Known bool
}

// OutreachHeader is the header of the export.
const OutreachHeader = "huishouden,buurt"

// Outreach returns, sorted by id, the households of p that are entitled
// ('ja') to scheme code on day d and are not in u for it, within filter.
// A scheme that does not exist, or is not in force on d, is an error.
func (s *Set) Outreach(p *Panel, u Usage, code string, d time.Time, filter OutreachFilter) ([]OutreachRow, error) {
	if filter.Van != nil && filter.Tot != nil && *filter.Van > *filter.Tot {
		return nil, fmt.Errorf("ondergrens %g ligt boven bovengrens %g", *filter.Van, *filter.Tot)
	}
	var sc *Scheme
	for _, c := range s.InForce(d) {
		if c.Code == code {
			sc = c
		}
	}
	if sc == nil {
		for _, c := range s.Schemes {
			if c.Code == code {
				return nil, fmt.Errorf("regeling %q geldt niet op %s", code, d.Format("2006-01-02"))
			}
		}
		return nil, fmt.Errorf("onbekende regeling %q", code)
	}
	params := sc.paramsAt(d)
	users := u[code]
	incSlot := s.Slot("inkomen")
	var rows []OutreachRow
	for _, h := range p.Households {
		ctx := evalCtx{facts: h.Facts, params: params, year: d.Year(), norm: s.norm, slots: &s.slots}
		if o, _ := decide(sc, &ctx); o != Ja || users[h.ID] {
			continue
		}
		r := OutreachRow{ID: h.ID, Buurt: p.Cells[h.Cell].Buurt}
		if n := ctx.computeNorm(); n.Known() && n.num > 0 && incSlot >= 0 && h.Facts[incSlot].Known() {
			r.Pct, r.Known = 100*h.Facts[incSlot].num/n.num, true
		}
		if filter.active() {
			if !r.Known || (filter.Van != nil && r.Pct < *filter.Van) || (filter.Tot != nil && r.Pct > *filter.Tot) {
				continue
			}
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	return rows, nil
}

// WriteOutreach writes the export as CSV huishouden,buurt. The list is
// opened by people in a spreadsheet, so it goes through the guarded table
// writer: an id or buurt from the panel file that starts like a formula is
// written as text.
func WriteOutreach(w io.Writer, rows []OutreachRow) error {
	return outreachTable(rows).WriteCSV(w)
}

// WriteOutreachXLSX writes the same list as an Excel workbook: one sheet,
// both columns text (a household id stays "007", not 7).
func WriteOutreachXLSX(w io.Writer, rows []OutreachRow) error {
	return tabular.WriteXLSX(w, outreachTable(rows))
}

func outreachTable(rows []OutreachRow) tabular.Table {
	t := tabular.Table{Sheet: "uitnodigen", Header: []string{"huishouden", "buurt"}, Rows: make([][]tabular.Cell, 0, len(rows))}
	for _, r := range rows {
		t.Rows = append(t.Rows, tabular.Texts(r.ID, r.Buurt))
	}
	return t
}

// WriteOutreachFile writes the export to path, as an Excel workbook when
// path ends in .xlsx and as CSV otherwise, whole or not at all, through
// a temporary file beside it. commit runs after the temporary file is
// complete and before it is renamed into place; when it fails the
// temporary file is removed and path is left as it was (the command audits
// the export there, so that no list appears without its audit event).
func WriteOutreachFile(path string, rows []OutreachRow, commit func() error) error {
	// Household ids: readable by the owner only.
	return atomicfile.Write(path, atomicfile.Options{Perm: 0o600, BeforeRename: commit}, func(w io.Writer) error {
		if strings.EqualFold(filepath.Ext(path), ".xlsx") {
			return WriteOutreachXLSX(w, rows)
		}
		return WriteOutreach(w, rows)
	})
}
