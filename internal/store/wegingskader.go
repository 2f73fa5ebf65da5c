package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/account"
	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

var _ wk.Store = Wegingskader{}

// ---- frameworks

// Frameworks lists the stored versions of the wegingskader, oldest first.
func (s Wegingskader) Frameworks(ctx context.Context) ([]wk.FrameworkRecord, error) {
	rows, err := s.query(ctx, named("Frameworks"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wk.FrameworkRecord
	for rows.Next() {
		var rec wk.FrameworkRecord
		var src, at string
		if err := rows.Scan(&rec.Version, &src, &at, &rec.CreatedBy); err != nil {
			return nil, err
		}
		rec.Source, rec.CreatedAt = []byte(src), parseTime(at)
		out = append(out, rec)
	}
	return out, rows.Err()
}

// AddFramework stores a version with the next number.
func (s Wegingskader) AddFramework(ctx context.Context, rec *wk.FrameworkRecord, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRowContext(ctx, named("NextFrameworkVersion")).Scan(&v); err != nil {
			return err
		}
		_, err := s.exec(ctx, tx, named("InsertFramework"),
			v, string(rec.Source), timeText(rec.CreatedAt), rec.CreatedBy)
		if isUnique(err) {
			return perspectief.Errorf(perspectief.CodeConflict, "tegelijk werd een andere versie van het wegingskader vastgelegd; probeer het opnieuw")
		}
		if err != nil {
			return err
		}
		rec.Version = v
		return s.audit(ctx, tx, actor, "vastgelegd", "wegingskader", itoa(int64(v)), nil, map[string]any{"versie": v, "bestand": string(rec.Source)})
	})
}

// ---- requests

func (s Wegingskader) readAmounts(ctx context.Context, q string, args ...any) (map[int64]wk.Amounts, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]wk.Amounts{}
	for rows.Next() {
		var id, amount int64
		var year int
		if err := rows.Scan(&id, &year, &amount); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = wk.Amounts{}
		}
		out[id][year] = amount
	}
	return out, rows.Err()
}

// Requests lists every funding request in the order they came in.
func (s Wegingskader) Requests(ctx context.Context) ([]wk.Request, error) {
	rows, err := s.query(ctx, named("Requests"))
	if err != nil {
		return nil, err
	}
	var out []wk.Request
	for rows.Next() {
		var r wk.Request
		var group, goals, atts, at string
		if err := rows.Scan(&r.ID, &r.Applicant, &r.Title, &r.Description, &group, &goals, &atts, &at, &r.CreatedBy); err != nil {
			rows.Close()
			return nil, err
		}
		r.TargetGroup, r.CreatedAt = wk.TargetGroup(group), parseTime(at)
		if err := json.Unmarshal([]byte(goals), &r.Goals); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(atts), &r.Attachments); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	amounts, err := s.readAmounts(ctx, named("RequestAmounts"))
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Amounts = amounts[out[i].ID]
		if out[i].Amounts == nil {
			out[i].Amounts = wk.Amounts{}
		}
	}
	return out, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s Wegingskader) writeRequestAmounts(ctx context.Context, tx *sql.Tx, id int64, a wk.Amounts) error {
	if _, err := s.exec(ctx, tx, named("DeleteRequestAmounts"), id); err != nil {
		return err
	}
	for _, y := range a.Years() {
		if _, err := s.exec(ctx, tx, named("InsertRequestAmount"), id, y, a[y]); err != nil {
			return err
		}
	}
	return nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// AddRequest stores a new funding request.
func (s Wegingskader) AddRequest(ctx context.Context, r *wk.Request, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertRequest"),
			r.Applicant, r.Title, r.Description, string(r.TargetGroup), jsonText(nonNil(r.Goals)), jsonText(nonNil(r.Attachments)), timeText(r.CreatedAt), r.CreatedBy)
		if err != nil {
			return err
		}
		r.ID = id
		if err := s.writeRequestAmounts(ctx, tx, id, r.Amounts); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "aangemaakt", "aanvraag", itoa(id), nil, r)
	})
}

// UpdateRequest stores a changed request.
func (s Wegingskader) UpdateRequest(ctx context.Context, before, after wk.Request, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, named("UpdateRequest"),
			after.Applicant, after.Title, after.Description, string(after.TargetGroup), jsonText(nonNil(after.Goals)), jsonText(nonNil(after.Attachments)), after.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return perspectief.Errorf(perspectief.CodeNotFound, "aanvraag %d bestaat niet", after.ID)
		}
		if err := s.writeRequestAmounts(ctx, tx, after.ID, after.Amounts); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "gewijzigd", "aanvraag", itoa(after.ID), before, after)
	})
}

// ---- rounds

// Rounds reads every round with its budget, panel, requests, decision and
// grants, oldest first. There are a handful of rounds a year, so reading
// them whole keeps the rules in the domain.
func (s Wegingskader) Rounds(ctx context.Context) ([]wk.Round, error) {
	rows, err := s.query(ctx, named("Rounds"))
	if err != nil {
		return nil, err
	}
	var out []wk.Round
	idx := map[int64]int{}
	for rows.Next() {
		var r wk.Round
		var status, at, decision string
		var opened, closed sql.NullString
		if err := rows.Scan(&r.ID, &r.Name, &r.Description, &r.FrameworkVersion, &status, &at, &r.CreatedBy, &opened, &closed, &decision); err != nil {
			rows.Close()
			return nil, err
		}
		r.Status, r.CreatedAt = wk.Status(status), parseTime(at)
		r.OpenedAt, r.ClosedAt = nullTime(opened), nullTime(closed)
		if decision != "" {
			r.Decision = &wk.Decision{}
			if err := json.Unmarshal([]byte(decision), r.Decision); err != nil {
				rows.Close()
				return nil, err
			}
		}
		r.Budget, r.Fixed = wk.Amounts{}, map[int64]wk.Fix{}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	budgets, err := s.readAmounts(ctx, named("RoundBudgets"))
	if err != nil {
		return nil, err
	}
	for id, b := range budgets {
		if i, ok := idx[id]; ok {
			out[i].Budget = b
		}
	}
	if err := s.readPanels(ctx, out, idx); err != nil {
		return nil, err
	}
	if err := s.readRoundRequests(ctx, out, idx); err != nil {
		return nil, err
	}
	return out, s.readGrants(ctx, out, idx)
}

func nullTime(v sql.NullString) *time.Time {
	if !v.Valid {
		return nil
	}
	t := parseTime(v.String)
	return &t
}

func (s Wegingskader) readPanels(ctx context.Context, out []wk.Round, idx map[int64]int) error {
	rows, err := s.query(ctx, named("RoundPanels"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m wk.Member
		var role string
		var submitted sql.NullString
		if err := rows.Scan(&id, &m.Email, &m.Name, &role, &submitted); err != nil {
			return err
		}
		m.Role, m.SubmittedAt = account.Role(role), nullTime(submitted)
		if i, ok := idx[id]; ok {
			out[i].Panel = append(out[i].Panel, m)
		}
	}
	return rows.Err()
}

func (s Wegingskader) readRoundRequests(ctx context.Context, out []wk.Round, idx map[int64]int) error {
	rows, err := s.query(ctx, named("RoundRequests"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, req int64
		var fix string
		if err := rows.Scan(&id, &req, &fix); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			out[i].Requests = append(out[i].Requests, req)
			if fix != "" {
				out[i].Fixed[req] = wk.Fix(fix)
			}
		}
	}
	return rows.Err()
}

func (s Wegingskader) readGrants(ctx context.Context, out []wk.Round, idx map[int64]int) error {
	rows, err := s.query(ctx, named("Grants"))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var g wk.Grant
		var at string
		if err := rows.Scan(&id, &g.Request, &g.Intervention, &g.Line, &g.GrantedBy, &at); err != nil {
			return err
		}
		g.GrantedAt = parseTime(at)
		if i, ok := idx[id]; ok {
			out[i].Grants = append(out[i].Grants, g)
		}
	}
	return rows.Err()
}

// Round reads one round.
func (s Wegingskader) Round(ctx context.Context, id int64) (*wk.Round, error) {
	all, err := s.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, perspectief.Errorf(perspectief.CodeNotFound, "beoordelingsronde %d bestaat niet", id)
}

// roundAudit is what the audit log keeps of a round's preparation.
func roundAudit(r wk.Round) map[string]any {
	var panel []string
	for _, m := range r.Panel {
		panel = append(panel, m.Email+" ("+string(m.Role)+")")
	}
	return map[string]any{"naam": r.Name, "omschrijving": r.Description, "kaderversie": r.FrameworkVersion, "budget": r.Budget, "panel": panel, "aanvragen": r.Requests}
}

func (s Wegingskader) writeRoundParts(ctx context.Context, tx *sql.Tx, r wk.Round) error {
	for _, q := range []string{named("DeleteRoundBudgets"), named("DeleteRoundPanel"), named("DeleteRoundRequests")} {
		if _, err := s.exec(ctx, tx, q, r.ID); err != nil {
			return err
		}
	}
	for _, y := range r.Budget.Years() {
		if _, err := s.exec(ctx, tx, named("InsertRoundBudget"), r.ID, y, r.Budget[y]); err != nil {
			return err
		}
	}
	for i, m := range r.Panel {
		if _, err := s.exec(ctx, tx, named("InsertPanelMember"), r.ID, m.Email, i, m.Name, string(m.Role)); err != nil {
			return err
		}
	}
	for i, id := range r.Requests {
		if _, err := s.exec(ctx, tx, named("InsertRoundRequest"), r.ID, id, i); err != nil {
			return err
		}
	}
	return nil
}

// AddRound stores a new round.
func (s Wegingskader) AddRound(ctx context.Context, r *wk.Round, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.insertID(ctx, tx, named("InsertRound"),
			r.Name, r.Description, r.FrameworkVersion, string(r.Status), timeText(r.CreatedAt), r.CreatedBy)
		if err != nil {
			return err
		}
		r.ID = id
		if err := s.writeRoundParts(ctx, tx, *r); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "aangemaakt", "beoordelingsronde", itoa(id), nil, roundAudit(*r))
	})
}

// lockRound makes sure round id is in status, and in PostgreSQL holds its
// row until the transaction ends, so that a change that checked the status
// cannot cross a status change made at the same moment.
func (s Wegingskader) lockRound(ctx context.Context, tx *sql.Tx, id int64, status wk.Status) error {
	res, err := s.exec(ctx, tx, named("LockRoundInStatus"), id, string(status))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return perspectief.Errorf(perspectief.CodeConflict, "de ronde is intussen veranderd (niet meer %q); laad de pagina opnieuw", status.Label())
	}
	return nil
}

// UpdateRound replaces a round in preparation.
func (s Wegingskader) UpdateRound(ctx context.Context, before, after wk.Round, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, after.ID, wk.StatusDraft); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("UpdateRound"),
			after.Name, after.Description, after.FrameworkVersion, after.ID); err != nil {
			return err
		}
		if err := s.writeRoundParts(ctx, tx, after); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "gewijzigd", "beoordelingsronde", itoa(after.ID), roundAudit(before), roundAudit(after))
	})
}

// SetStatus moves a round on. Closing also writes the handed-in scores to
// the audit log: while the round was open, the log held only which member
// saved how many scores, so that reading the log could not break the
// blind phase.
func (s Wegingskader) SetStatus(ctx context.Context, id int64, from, to wk.Status, at time.Time, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, id, from); err != nil {
			return err
		}
		q := named("OpenRound")
		if to == wk.StatusClosed {
			q = named("CloseRound")
		}
		if _, err := s.exec(ctx, tx, q, string(to), timeText(at), id); err != nil {
			return err
		}
		after := map[string]any{"status": to}
		if to == wk.StatusClosed {
			scores, err := s.submittedScores(ctx, tx, id)
			if err != nil {
				return err
			}
			after["ingediende_scores"] = scores
		}
		return s.audit(ctx, tx, actor, "status", "beoordelingsronde", itoa(id), map[string]any{"status": from}, after)
	})
}

func (s Wegingskader) submittedScores(ctx context.Context, tx *sql.Tx, id int64) ([]wk.Score, error) {
	rows, err := tx.QueryContext(ctx, s.d.rebind(named("SubmittedScores")), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanScores(rows)
}

func scanScores(rows *sql.Rows) ([]wk.Score, error) {
	var out []wk.Score
	for rows.Next() {
		var sc wk.Score
		var at string
		if err := rows.Scan(&sc.Request, &sc.Member, &sc.Criterion, &sc.Value, &sc.Motivation, &at); err != nil {
			return nil, err
		}
		sc.UpdatedAt = parseTime(at)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Scores reads every score of a round, drafts included; the domain
// decides whose scores anyone may see.
func (s Wegingskader) Scores(ctx context.Context, id int64) ([]wk.Score, error) {
	rows, err := s.query(ctx, named("Scores"), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return scanScores(rows)
}

// lockMember makes sure the member sits on the panel and has not handed
// in, holding the panel row like lockRound holds the round.
func (s Wegingskader) lockMember(ctx context.Context, tx *sql.Tx, id int64, member string) error {
	res, err := s.exec(ctx, tx, named("LockPanelMember"), id, member)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return perspectief.Errorf(perspectief.CodeConflict, "%s zit niet in het panel of heeft de scores al ingediend", member)
	}
	return nil
}

// SaveScores replaces a member's scores of one request. The audit event
// names what was saved but not the scores: they are blind until the round
// closes, and closing writes them to the log.
func (s Wegingskader) SaveScores(ctx context.Context, id int64, member string, request int64, scores []wk.Score, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, id, wk.StatusOpen); err != nil {
			return err
		}
		if err := s.lockMember(ctx, tx, id, member); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("DeleteMemberScores"), id, member, request); err != nil {
			return err
		}
		var crit []string
		for _, sc := range scores {
			if _, err := s.exec(ctx, tx, named("InsertScore"),
				id, member, request, sc.Criterion, sc.Value, sc.Motivation, timeText(sc.UpdatedAt)); err != nil {
				return err
			}
			crit = append(crit, sc.Criterion)
		}
		after := map[string]any{"lid": member, "aanvraag": request, "criteria_gescoord": strings.Join(crit, ", ")}
		return s.audit(ctx, tx, actor, "scores opgeslagen", "beoordelingsronde", itoa(id), nil, after)
	})
}

// Submit records that a member handed in.
func (s Wegingskader) Submit(ctx context.Context, id int64, member string, at time.Time, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, id, wk.StatusOpen); err != nil {
			return err
		}
		if err := s.lockMember(ctx, tx, id, member); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("SubmitScores"), timeText(at), id, member); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "scores ingediend", "beoordelingsronde", itoa(id), nil, map[string]any{"lid": member})
	})
}

// SetFixes stores which requests are fixed in or out.
func (s Wegingskader) SetFixes(ctx context.Context, id int64, before, after map[int64]wk.Fix, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, id, wk.StatusClosed); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("ClearFixes"), id); err != nil {
			return err
		}
		for req, f := range after {
			if _, err := s.exec(ctx, tx, named("SetFix"), string(f), id, req); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, "vastgezet", "beoordelingsronde", itoa(id), before, after)
	})
}

// Decide records the decision and closes the choice.
func (s Wegingskader) Decide(ctx context.Context, id int64, d wk.Decision, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, id, wk.StatusClosed); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("Decide"), string(wk.StatusDecided), jsonText(d), id); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "besloten", "beoordelingsronde", itoa(id), nil, d)
	})
}

// AddGrants records the interventions granted requests became.
func (s Wegingskader) AddGrants(ctx context.Context, id int64, gs []wk.Grant, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockRound(ctx, tx, id, wk.StatusDecided); err != nil {
			return err
		}
		for _, g := range gs {
			_, err := s.exec(ctx, tx, named("InsertGrant"),
				id, g.Request, g.Intervention, g.Line, g.GrantedBy, timeText(g.GrantedAt))
			if isUnique(err) {
				return perspectief.Errorf(perspectief.CodeConflict, "aanvraag %d is al toegekend", g.Request)
			}
			if err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, "toegekend", "beoordelingsronde", itoa(id), nil, gs)
	})
}
