package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/programme"
)

var _ programme.Store = Programmes{}

// Model reads the whole programme. The model is small (tens of goals and
// interventions), so reading it whole keeps the domain free of query logic.
func (s Programmes) Model(ctx context.Context) (*programme.Model, error) {
	return s.modelIn(ctx, s.db)
}

// modelIn reads the model through q: the database, or a transaction that
// must see its own changes (a version snapshot is read inside the change).
func (s *conn) modelIn(ctx context.Context, q queryer) (*programme.Model, error) {
	m := &programme.Model{}
	err := q.QueryRowContext(ctx, named("ProgrammeHeader")).
		Scan(&m.Name, &m.Description, &m.StartYear, &m.EndYear)
	if isNoRows(err) {
		return m, nil // an empty database has an empty programme
	}
	if err != nil {
		return nil, err
	}
	if err := s.readGoals(ctx, q, m); err != nil {
		return nil, err
	}
	if err := s.readLines(ctx, q, m); err != nil {
		return nil, err
	}
	if err := s.readInterventions(ctx, q, m); err != nil {
		return nil, err
	}
	if err := s.readBudget(ctx, q, m); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *conn) readGoals(ctx context.Context, q queryer, m *programme.Model) error {
	rows, err := s.queryIn(ctx, q, named("Goals"))
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for rows.Next() {
		var g programme.Goal
		var level string
		if err := rows.Scan(&g.Code, &level, &g.Title, &g.Description, &g.Expected); err != nil {
			rows.Close()
			return err
		}
		g.Level = programme.Level(level)
		idx[g.Code] = len(m.Goals)
		m.Goals = append(m.Goals, g)
	}
	rows.Close()
	rows, err = s.queryIn(ctx, q, named("GoalLinks"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c, p string
		if err := rows.Scan(&c, &p); err != nil {
			return err
		}
		if i, ok := idx[c]; ok {
			m.Goals[i].Parents = append(m.Goals[i].Parents, p)
		}
	}
	return rows.Err()
}

func (s *conn) readLines(ctx context.Context, q queryer, m *programme.Model) error {
	rows, err := s.queryIn(ctx, q, named("Lines"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l programme.Line
		if err := rows.Scan(&l.Code, &l.Name, &l.Description); err != nil {
			return err
		}
		m.Lines = append(m.Lines, l)
	}
	return rows.Err()
}

func (s *conn) readInterventions(ctx context.Context, q queryer, m *programme.Model) error {
	rows, err := s.queryIn(ctx, q, named("Interventions"))
	if err != nil {
		return err
	}
	idx := map[string]int{}
	for rows.Next() {
		var iv programme.Intervention
		c := &iv.Canvas
		var leaders, wijken string
		if err := rows.Scan(&iv.Code, &iv.Line, &iv.Title, &iv.Owner, &leaders, &iv.Stage, &iv.Area, &wijken, &c.Objective, &c.Approach, &c.Audience, &c.Partners); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(leaders), &iv.Leaders); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(wijken), &iv.Wijken); err != nil {
			rows.Close()
			return err
		}
		if len(iv.Wijken) == 0 {
			iv.Wijken = nil
		}
		if len(iv.Leaders) == 0 {
			iv.Leaders = nil // as the file reads an intervention without them
		}
		idx[iv.Code] = len(m.Interventions)
		m.Interventions = append(m.Interventions, iv)
	}
	rows.Close()
	rows, err = s.queryIn(ctx, q, named("InterventionGoals"))
	if err != nil {
		return err
	}
	for rows.Next() {
		var ic, gc string
		if err := rows.Scan(&ic, &gc); err != nil {
			rows.Close()
			return err
		}
		if i, ok := idx[ic]; ok {
			m.Interventions[i].OperationalGoals = append(m.Interventions[i].OperationalGoals, gc)
		}
	}
	rows.Close()
	rows, err = s.queryIn(ctx, q, named("IntendedResults"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ic string
		var r programme.Result
		var amount sql.NullFloat64
		if err := rows.Scan(&ic, &r.Code, &r.Description, &r.Unit, &r.Target, &amount, &r.Year); err != nil {
			return err
		}
		if amount.Valid {
			r.Amount = &amount.Float64
		}
		if i, ok := idx[ic]; ok {
			m.Interventions[i].Canvas.Results = append(m.Interventions[i].Canvas.Results, r)
		}
	}
	return rows.Err()
}

func (s *conn) readBudget(ctx context.Context, q queryer, m *programme.Model) error {
	rows, err := s.queryIn(ctx, q, named("BudgetRows"))
	if err != nil {
		return err
	}
	type ref struct {
		kind string
		i    int
	}
	byID := map[int64]ref{}
	for rows.Next() {
		var id int64
		var kind string
		var r programme.BudgetRow
		var structural sql.NullFloat64
		if err := rows.Scan(&id, &kind, &r.Code, &r.Label, &r.Line, &r.Note, &r.From, &r.To, &structural); err != nil {
			rows.Close()
			return err
		}
		r.Structural = floatPtr(structural)
		r.Amounts = map[int]float64{}
		if kind == "beschikbaar" {
			byID[id] = ref{kind, len(m.Budget.Available)}
			m.Budget.Available = append(m.Budget.Available, r)
		} else {
			byID[id] = ref{kind, len(m.Budget.Allocated)}
			m.Budget.Allocated = append(m.Budget.Allocated, r)
		}
	}
	rows.Close()
	rows, err = s.queryIn(ctx, q, named("BudgetAmounts"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var year int
		var amount float64
		if err := rows.Scan(&id, &year, &amount); err != nil {
			return err
		}
		ref, ok := byID[id]
		if !ok {
			continue
		}
		if ref.kind == "beschikbaar" {
			m.Budget.Available[ref.i].Amounts[year] = amount
		} else {
			m.Budget.Allocated[ref.i].Amounts[year] = amount
		}
	}
	return rows.Err()
}

// ReplaceModel replaces the programme in one transaction, whatever version
// is stored: for the demo and tests. Imports go through ApplyModel.
func (s Programmes) ReplaceModel(ctx context.Context, m *programme.Model, actor string) error {
	_, err := s.ApplyModel(ctx, m, actor, programme.Change{Base: programme.NoBase, Kind: programme.VersionImport, Reason: "Programmabestand ingelezen"})
	return err
}

// ApplyModel replaces the programme in one transaction: either the whole
// new model is stored, with its version, or nothing changes. With a base
// version, the newest version is checked under the lock of the programme
// row, so two imports prepared against the same version cannot both win.
func (s Programmes) ApplyModel(ctx context.Context, m *programme.Model, actor string, c programme.Change) (int, error) {
	before, err := s.Model(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockProgramme(ctx, tx); err != nil {
			return err
		}
		if c.Base != programme.NoBase {
			cur, err := s.currentVersion(ctx, tx)
			if err != nil {
				return err
			}
			if cur != c.Base {
				return programme.StaleError(c.Base, cur)
			}
		}
		if err := s.beginModelChange(ctx, tx, actor); err != nil {
			return err
		}
		if err := s.writeModel(ctx, tx, m); err != nil {
			return err
		}
		if n, err = s.recordVersion(ctx, tx, actor, versionNote{kind: c.Kind, reason: c.Reason}); err != nil {
			return err
		}
		action := "ingelezen"
		if c.Kind == programme.VersionRestore {
			action = "teruggezet"
		}
		return s.audit(ctx, tx, actor, action, "programma", m.Name, before, m)
	})
	return n, err
}

// CurrentVersion is the number of the newest stored version, 0 for none.
func (s Programmes) CurrentVersion(ctx context.Context) (int, error) {
	return s.currentVersion(ctx, s.db)
}

func (s *conn) currentVersion(ctx context.Context, q queryer) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, named("CurrentVersion")).Scan(&n)
	return n, err
}

// writeModel replaces every row of the model inside tx.
func (s *conn) writeModel(ctx context.Context, tx *sql.Tx, m *programme.Model) error {
	for _, q := range []string{named("ClearBudgetAmounts"), named("ClearBudgetRows"), named("ClearIntendedResults"), named("ClearInterventionGoals"),
		named("ClearInterventions"), named("ClearLines"), named("ClearGoalLinks"), named("ClearGoals"), named("ClearProgrammeHeader")} {
		if _, err := s.exec(ctx, tx, q); err != nil {
			return err
		}
	}
	if _, err := s.exec(ctx, tx, named("InsertProgrammeHeader"),
		m.Name, m.Description, m.StartYear, m.EndYear); err != nil {
		return err
	}
	for i, g := range m.Goals {
		if _, err := s.exec(ctx, tx, named("InsertGoal"),
			g.Code, i, string(g.Level), g.Title, g.Description, g.Expected); err != nil {
			return err
		}
	}
	for _, g := range m.Goals {
		for j, p := range g.Parents {
			if _, err := s.exec(ctx, tx, named("InsertGoalLink"), p, g.Code, j); err != nil {
				return err
			}
		}
	}
	for i, l := range m.Lines {
		if _, err := s.exec(ctx, tx, named("InsertLine"), l.Code, i, l.Name, l.Description); err != nil {
			return err
		}
	}
	for i, iv := range m.Interventions {
		if err := s.insertIntervention(ctx, tx, i, iv); err != nil {
			return err
		}
	}
	for _, kind := range []string{"beschikbaar", "inzet"} {
		rows := m.Budget.Available
		if kind == "inzet" {
			rows = m.Budget.Allocated
		}
		for i, r := range rows {
			id, err := s.insertID(ctx, tx, named("InsertBudgetRow"),
				kind, i, r.Code, r.Label, r.Line, r.Note, r.From, r.To, nullFloat(r.Structural))
			if err != nil {
				return err
			}
			years := make([]int, 0, len(r.Amounts))
			for y := range r.Amounts {
				years = append(years, y)
			}
			sort.Ints(years)
			for _, y := range years {
				if _, err := s.exec(ctx, tx, named("InsertBudgetAmount"), id, y, r.Amounts[y]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *conn) insertIntervention(ctx context.Context, tx *sql.Tx, pos int, iv programme.Intervention) error {
	c := iv.Canvas
	if _, err := s.exec(ctx, tx, named("InsertIntervention"),
		iv.Code, pos, iv.Line, iv.Title, iv.Owner, jsonList(iv.Leaders), string(iv.Stage), string(iv.Area), jsonList(iv.Wijken), c.Objective, c.Approach, c.Audience, c.Partners); err != nil {
		return err
	}
	for j, g := range iv.OperationalGoals {
		if _, err := s.exec(ctx, tx, named("InsertInterventionGoal"), iv.Code, g, j); err != nil {
			return err
		}
	}
	return s.insertResults(ctx, tx, iv.Code, c.Results)
}

func (s *conn) insertResults(ctx context.Context, tx *sql.Tx, code string, rs []programme.Result) error {
	for j, r := range rs {
		if _, err := s.exec(ctx, tx, named("InsertIntendedResult"),
			code, r.Code, j, r.Description, r.Unit, r.Target, nullFloat(r.Amount), r.Year); err != nil {
			return err
		}
	}
	return nil
}

// AddInterventions inserts new interventions after the existing ones, all
// in one transaction with one audit event each.
func (s Programmes) AddInterventions(ctx context.Context, ivs []programme.Intervention, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.beginModelChange(ctx, tx, actor); err != nil {
			return err
		}
		var pos int
		if err := tx.QueryRowContext(ctx, named("NextInterventionPosition")).Scan(&pos); err != nil {
			return err
		}
		codes := make([]string, len(ivs))
		for i, iv := range ivs {
			err := s.insertIntervention(ctx, tx, pos+i, iv)
			if isUnique(err) {
				return perspectief.Errorf(perspectief.CodeConflict, "interventie %q bestaat al", iv.Code)
			}
			if err != nil {
				return err
			}
			if err := s.audit(ctx, tx, actor, "toegevoegd", "interventie", iv.Code, nil, iv); err != nil {
				return err
			}
			codes[i] = iv.Code
		}
		_, err := s.recordVersion(ctx, tx, actor, versionNote{kind: programme.VersionGrant, reason: "Toegekend in het wegingskader: " + strings.Join(codes, ", ")})
		return err
	})
}

// SaveIntervention stores the canvas of an intervention. before is what the
// caller read; it goes into the audit log.
func (s Programmes) SaveIntervention(ctx context.Context, before, after programme.Intervention, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.beginModelChange(ctx, tx, actor); err != nil {
			return err
		}
		c := after.Canvas
		res, err := s.exec(ctx, tx, named("UpdateIntervention"),
			after.Title, after.Owner, jsonList(after.Leaders), c.Objective, c.Approach, c.Audience, c.Partners, after.Code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("interventie", after.Code)
		}
		if _, err := s.exec(ctx, tx, named("DeleteIntendedResults"), after.Code); err != nil {
			return err
		}
		if err := s.insertResults(ctx, tx, after.Code, c.Results); err != nil {
			return err
		}
		if before.Owner != after.Owner || !slices.Equal(before.Leaders, after.Leaders) {
			if _, err := s.recordVersion(ctx, tx, actor, versionNote{kind: programme.VersionLeaders, reason: "Projectleiders van " + after.Code + " toegewezen"}); err != nil {
				return err
			}
			type people struct {
				Leaders []string `json:"projectleiders"`
				Owner   string   `json:"eigenaar"`
			}
			return s.audit(ctx, tx, actor, "gewijzigd", "projectleiders", after.Code, people{before.Leaders, before.Owner}, people{after.Leaders, after.Owner})
		}
		if _, err := s.recordVersion(ctx, tx, actor, versionNote{kind: programme.VersionCanvas, reason: "Canvas van " + after.Code + " gewijzigd"}); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "gewijzigd", "canvas", after.Code, before.Canvas, after.Canvas)
	})
}

// AddUpdate appends a progress update; updates are never changed afterwards.
func (s Programmes) AddUpdate(ctx context.Context, u *programme.Update) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertProgressUpdate"),
			u.Intervention, u.Period.String(), string(u.Status), u.Narrative, u.Successes, u.Concerns, boolInt(u.Escalated), u.EscalationReason, u.Author, timeText(u.CreatedAt))
		if err != nil {
			return err
		}
		u.ID = id
		for _, v := range u.Values {
			if _, err := s.exec(ctx, tx, named("InsertProgressValue"), id, v.Result, v.Value); err != nil {
				return err
			}
		}
		after := map[string]any{"periode": u.Period.String(), "status": u.Status, "toelichting": u.Narrative, "successen": u.Successes, "zorgen": u.Concerns, "waarden": u.Values}
		return s.audit(ctx, tx, u.Author, "toegevoegd", "voortgang", u.Intervention, nil, after)
	})
}

// Updates returns every progress update in the order they were made.
func (s Programmes) Updates(ctx context.Context) ([]programme.Update, error) {
	rows, err := s.query(ctx, named("ProgressUpdates"))
	if err != nil {
		return nil, err
	}
	var out []programme.Update
	idx := map[int64]int{}
	for rows.Next() {
		var u programme.Update
		var period, status, created string
		var escalated int
		if err := rows.Scan(&u.ID, &u.Intervention, &period, &status, &u.Narrative, &u.Successes, &u.Concerns, &escalated, &u.EscalationReason, &u.Author, &created); err != nil {
			rows.Close()
			return nil, err
		}
		p, err := perspectief.ParsePeriod(period)
		if err != nil {
			rows.Close()
			return nil, err
		}
		u.Period, u.Status, u.CreatedAt, u.Escalated = p, programme.Status(status), parseTime(created), escalated != 0
		idx[u.ID] = len(out)
		out = append(out, u)
	}
	rows.Close()
	rows, err = s.query(ctx, named("ProgressValues"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v programme.ResultValue
		if err := rows.Scan(&id, &v.Result, &v.Value); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].Values = append(out[i].Values, v)
		}
	}
	return out, rows.Err()
}

// AddComment stores advice or a remark.
func (s Programmes) AddComment(ctx context.Context, c *programme.Comment) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertComment"),
			c.TargetKind, c.TargetCode, c.Text, c.Author, c.AuthorRole, timeText(c.CreatedAt))
		if err != nil {
			return err
		}
		c.ID = id
		return s.audit(ctx, tx, c.Author, "toegevoegd", "opmerking", c.TargetKind+":"+c.TargetCode, nil, map[string]any{"tekst": c.Text})
	})
}

// Comments lists the comments on one goal or intervention, oldest first.
func (s Programmes) Comments(ctx context.Context, kind, code string) ([]programme.Comment, error) {
	rows, err := s.query(ctx, named("Comments"), kind, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []programme.Comment
	for rows.Next() {
		var c programme.Comment
		var created string
		if err := rows.Scan(&c.ID, &c.TargetKind, &c.TargetCode, &c.Text, &c.Author, &c.AuthorRole, &created); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// jsonList writes a list of strings as a JSON array ("[]" for none).
func jsonList(leaders []string) string {
	if len(leaders) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(leaders) // a list of strings always marshals
	return string(b)
}
