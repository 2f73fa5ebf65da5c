package indicator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/pending"
	"github.com/perspectief/perspectief/internal/trend"
)

// This file holds the uploads of data without a shell: indicator values
// (CSV or XLSX, the checks of the CLI import) and trendmonitor tables
// computed elsewhere (the spec's output format), which are stored only
// with secondary suppression. Both go in two steps: Preview checks the
// file, says what it would add and replace and keeps the file in the
// database under a one-time token; Confirm takes it back by that token and
// stores it, all or nothing. The API does both at once (ImportValuesFile,
// ImportTrendTable). The store audits who stored which file, with counts.

// Upload kinds.
const (
	UploadValues = "indicatorwaarden"
	UploadTrend  = "trendtabel"
)

// MaxUploadBytes bounds an uploaded file.
const MaxUploadBytes = maxCSVBytes

// UploadTTL is how long a previewed file waits for its confirmation.
const UploadTTL = pending.TTL

// Upload is a file between its preview and its confirmation.
type Upload = pending.File

// UploadStore keeps previewed files in the database, so that any instance
// of the server can take the confirmation.
type UploadStore = pending.Store

// CanUploadTrend says why u may not store a trendmonitor table; nil when
// u may.
func (s *Service) CanUploadTrend(u account.User) error {
	return account.Require(u.CanEditIndicators(), "een trendmonitortabel inleest")
}

// ValuesPlan says what an upload of values adds and replaces.
type ValuesPlan struct {
	File     string
	Token    string // set by PreviewValues: confirms this file
	Rows     int
	Added    int // values of cells that have none yet
	Replaced int // values that take the place of a stored one
	// Indicators lists per indicator what the file holds, by code.
	Indicators []IndicatorPlan
	Areas      []string
}

// IndicatorPlan is one indicator's part of an upload.
type IndicatorPlan struct {
	Code, Name      string
	Rows            int
	Added, Replaced int
	Periods         []string
}

// TrendPlan says what an uploaded trendmonitor table stores.
type TrendPlan struct {
	File       string
	Token      string // set by PreviewTrendTable: confirms this file
	Rows       int
	Indicators []string
	Years      []int
	Gemeenten  []string
	Areas      int
	// Replaced is the number of stored trendmonitor cells of the table's
	// years and gemeenten, which the table replaces.
	Replaced int
	// Exposed counts the sums (a parent row and its child rows) that give
	// a suppressed cell away in the table as uploaded; Hidden is the
	// number of cells secondary suppression hides to close them.
	Exposed, Hidden, Passes int
	RunID                   int64 // set once stored
}

func (p *ValuesPlan) setToken(t string) { p.Token = t }
func (p *TrendPlan) setToken(t string)  { p.Token = t }

// preview checks a file of kind that u may upload (may) with plan, and
// keeps it for confirm under the plan's token.
func preview[P interface{ setToken(string) }](ctx context.Context, s *Service, u account.User, may func(account.User) error,
	kind, name string, data []byte, plan func() (P, error)) (P, error) {
	var none P
	if err := may(u); err != nil {
		return none, err
	}
	p, err := plan()
	if err != nil {
		return none, err
	}
	token, err := pending.Keep(ctx, s.Uploads, s.now(), kind, u.Email, name, data)
	p.setToken(token)
	return p, err
}

// confirm takes the file of kind that u previewed under token, once, and
// stores it with store.
func confirm[P any](ctx context.Context, s *Service, u account.User, may func(account.User) error,
	kind, token string, store func(context.Context, account.User, string, []byte) (P, error)) (P, error) {
	var none P
	if err := may(u); err != nil {
		return none, err
	}
	up, err := pending.Take(ctx, s.Uploads, s.now(), kind, u.Email, token)
	if err != nil {
		return none, err
	}
	return store(ctx, u, up.FileName, up.Content)
}

func (s *Service) now() time.Time { return time.Now().UTC() }

// PreviewValues checks an uploaded file of values (CSV, or XLSX when data
// is a zip archive) and says what it would change; the file is kept for
// ConfirmValues under the plan's token. Nothing is stored as values.
func (s *Service) PreviewValues(ctx context.Context, u account.User, name string, data []byte) (*ValuesPlan, error) {
	return preview(ctx, s, u, s.CanEnterValues, UploadValues, name, data, func() (*ValuesPlan, error) {
		plan, _, _, err := s.checkValues(ctx, name, data)
		return plan, err
	})
}

// ConfirmValues stores the values of the file previewed under token, all
// or nothing.
func (s *Service) ConfirmValues(ctx context.Context, u account.User, token string) (*ValuesPlan, error) {
	return confirm(ctx, s, u, s.CanEnterValues, UploadValues, token, s.ImportValuesFile)
}

// ImportValuesFile checks a file of values as PreviewValues does and
// stores them at once, all or nothing; the plan says what it changed.
func (s *Service) ImportValuesFile(ctx context.Context, u account.User, name string, data []byte) (*ValuesPlan, error) {
	if err := s.CanEnterValues(u); err != nil {
		return nil, err
	}
	plan, vals, builtin, err := s.checkValues(ctx, name, data)
	if err != nil {
		return nil, err
	}
	if builtin != nil {
		// Values refer to the register; store the built-in one first, as
		// the CLI import does.
		if err := s.Store.SaveRegister(ctx, builtin, u.Email); err != nil {
			return nil, err
		}
	}
	return plan, s.Store.ImportValues(ctx, vals, name, u.Email)
}

// checkValues reads a file of values against the stored register, or the
// built-in one when none is stored yet (then returned as builtin, to be
// stored with the values), and plans them.
func (s *Service) checkValues(ctx context.Context, name string, data []byte) (plan *ValuesPlan, vals []Value, builtin *Register, err error) {
	reg, err := s.Store.Register(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(reg.Indicators) == 0 {
		if reg, err = DefaultRegister(); err != nil {
			return nil, nil, nil, err
		}
		builtin = reg
	}
	if vals, err = readValuesFile(name, data, reg); err != nil {
		return nil, nil, nil, err
	}
	plan, err = s.planValues(ctx, name, vals, reg)
	return plan, vals, builtin, err
}

// readValuesFile reads data as XLSX when it is a zip archive, else as CSV.
func readValuesFile(name string, data []byte, reg *Register) ([]Value, error) {
	if IsXLSX(data) {
		return ReadValuesXLSX(name, bytes.NewReader(data), reg)
	}
	return ReadValues(name, bytes.NewReader(data), reg)
}

// planValues compares vals with the stored values of their indicators.
func (s *Service) planValues(ctx context.Context, name string, vals []Value, reg *Register) (*ValuesPlan, error) {
	type cell struct{ period, area, group string }
	plan := &ValuesPlan{File: name, Rows: len(vals)}
	byCode := map[string]*IndicatorPlan{}
	stored := map[string]map[cell]bool{}
	areas := map[string]bool{}
	for _, v := range vals {
		ip := byCode[v.Indicator]
		if ip == nil {
			ip = &IndicatorPlan{Code: v.Indicator}
			if ind, ok := reg.Indicator(v.Indicator); ok {
				ip.Name = ind.Name
			}
			byCode[v.Indicator] = ip
			old, err := s.Store.StoredValues(ctx, ValueFilter{Indicator: v.Indicator})
			if err != nil {
				return nil, err
			}
			cells := map[cell]bool{}
			for _, o := range old {
				cells[cell{o.Period.String(), o.Area, o.Group}] = true
			}
			stored[v.Indicator] = cells
		}
		ip.Rows++
		if stored[v.Indicator][cell{v.Period.String(), v.Area, v.Group}] {
			ip.Replaced++
			plan.Replaced++
		} else {
			ip.Added++
			plan.Added++
		}
		if p := v.Period.String(); !slices.Contains(ip.Periods, p) {
			ip.Periods = append(ip.Periods, p)
		}
		areas[v.Area] = true
	}
	for _, ip := range byCode {
		slices.SortFunc(ip.Periods, func(a, b string) int {
			pa, _ := ParsePeriod(a)
			pb, _ := ParsePeriod(b)
			return pa.Compare(pb)
		})
		plan.Indicators = append(plan.Indicators, *ip)
	}
	slices.SortFunc(plan.Indicators, func(a, b IndicatorPlan) int { return strings.Compare(a.Code, b.Code) })
	for a := range areas {
		plan.Areas = append(plan.Areas, a)
	}
	slices.Sort(plan.Areas)
	return plan, nil
}

// PreviewTrendTable checks an uploaded trendmonitor table, counts the sums
// that expose a suppressed cell and works out the secondary suppression
// that closes them; the file is kept for ConfirmTrendTable under the
// plan's token. A table that lacks the household counts the rule needs is
// refused, naming the cells.
func (s *Service) PreviewTrendTable(ctx context.Context, u account.User, name string, data []byte) (*TrendPlan, error) {
	return preview(ctx, s, u, s.CanUploadTrend, UploadTrend, name, data, func() (*TrendPlan, error) {
		plan, _, err := s.planTrend(ctx, name, data)
		return plan, err
	})
}

// ConfirmTrendTable stores the table previewed under token, with secondary
// suppression, as one run.
func (s *Service) ConfirmTrendTable(ctx context.Context, u account.User, token string) (*TrendPlan, error) {
	return confirm(ctx, s, u, s.CanUploadTrend, UploadTrend, token, s.ImportTrendTable)
}

// ImportTrendTable checks a trendmonitor table as PreviewTrendTable does
// and stores it at once with secondary suppression, as one run that
// replaces the stored cells of its years and gemeenten.
func (s *Service) ImportTrendTable(ctx context.Context, u account.User, name string, data []byte) (*TrendPlan, error) {
	if err := s.CanUploadTrend(u); err != nil {
		return nil, err
	}
	plan, rows, err := s.planTrend(ctx, name, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	run := &TrendRun{Kind: "ingelezen", Source: name, SourceSHA256: hex.EncodeToString(sum[:]),
		Norms: "onbekend (ingelezen tabel)", Actor: u.Email, CreatedAt: s.now(),
		Exposed: plan.Exposed, Hidden: plan.Hidden}
	if err := s.Trend.SaveTrendRun(ctx, run, rows); err != nil {
		return nil, err
	}
	plan.RunID = run.ID
	return plan, nil
}

// planTrend reads and protects a table: the plan and the rows as they
// would be stored.
func (s *Service) planTrend(ctx context.Context, name string, data []byte) (*TrendPlan, []trend.Row, error) {
	if s.Trend == nil {
		return nil, nil, perspectief.Errorf(perspectief.CodeInternal, "Deze server bewaart geen trendmonitorcijfers.")
	}
	if len(data) > MaxUploadBytes {
		return nil, nil, refuseFile(name, []string{fmt.Sprintf("%s: het bestand is groter dan %d MB", name, MaxUploadBytes>>20)})
	}
	rows, err := trend.ReadTable(name, bytes.NewReader(data))
	if err != nil {
		return nil, nil, TrendTableRefusal(name, err)
	}
	if len(rows) == 0 {
		return nil, nil, refuseFile(name, []string{name + ":2: de tabel bevat geen rijen"})
	}
	st, err := trend.ApplySecondary(rows, trend.TableHouseholds(rows))
	if err != nil {
		return nil, nil, TrendTableRefusal(name, err)
	}
	plan := &TrendPlan{File: name, Exposed: st.Exposed, Hidden: st.Cells, Passes: st.Passes}
	var run TrendRun
	RunScope(&run, rows)
	plan.Rows, plan.Years, plan.Gemeenten = run.Rows, run.Years, run.Gemeenten
	areas := map[string]bool{}
	for _, r := range rows {
		areas[r.Area] = true
		if ind := r.Indicator.String(); !slices.Contains(plan.Indicators, ind) {
			plan.Indicators = append(plan.Indicators, ind)
		}
	}
	slices.Sort(plan.Indicators)
	plan.Areas = len(areas)
	for _, y := range plan.Years {
		old, err := s.Trend.TrendValues(ctx, TrendFilter{Year: y})
		if err != nil {
			return nil, nil, err
		}
		for _, v := range old {
			if _, ok := slices.BinarySearch(plan.Gemeenten, Gemeente(v.Area)); ok {
				plan.Replaced++
			}
		}
	}
	return plan, rows, nil
}

// maxNamedCells bounds the cells a refusal names.
const maxNamedCells = 20

// TrendTableRefusal turns the error of reading or protecting a table into
// a Dutch refusal naming what is wrong and where: the file, line and
// column of a bad field, or the cells that lack the household counts
// secondary suppression compares. Other errors are returned as they are.
func TrendTableRefusal(name string, err error) error {
	var ie *trend.InputError
	if errors.As(err, &ie) {
		where := name + ":" + strconv.FormatInt(ie.Line, 10)
		return refuseFile(name, []string{fmt.Sprintf("%s: kolom %s: %s", where, ie.Column, dutchReason(ie.Reason))})
	}
	var me *trend.MissingCountsError
	if !errors.As(err, &me) {
		return err
	}
	e := refuseFile(name, nil).(*perspectief.Error)
	e.Message = fmt.Sprintf("%s: tabel geweigerd, er is niets opgeslagen. %d sommen maken een onderdrukte cel terug te rekenen. "+
		"Om ze te sluiten moet telkens de cel met de minste huishoudens achter de noemer verborgen worden (secundaire onderdrukking), "+
		"maar de tabel geeft dat aantal niet voor deze %d cellen (indicator jaar niveau gebied groep). "+
		"Bereken de tabel waar de microdata staan met 'perspectief trend berekenen --secundair' en lees die in.", name, me.Exposed, len(me.Cells))
	for i, c := range me.Cells {
		if i == maxNamedCells {
			e.Details = append(e.Details, fmt.Sprintf("en nog %d cellen", len(me.Cells)-maxNamedCells))
			break
		}
		e.Details = append(e.Details, trend.CellName(c))
	}
	return e
}

// ReadUpload reads at most MaxUploadBytes of r; a larger file is refused.
func ReadUpload(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxUploadBytes {
		return nil, refuseFile(name, []string{fmt.Sprintf("%s: het bestand is groter dan %d MB", name, MaxUploadBytes>>20)})
	}
	return data, nil
}
