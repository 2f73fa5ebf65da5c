package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/learning"
	"github.com/perspectief/perspectief/internal/programme"
)

var _ learning.Store = Learning{}

// AddEntry stores an entry of the learning log with its links.
func (s Learning) AddEntry(ctx context.Context, e *learning.Entry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertEntry(ctx, tx, e); err != nil {
			return err
		}
		return s.audit(ctx, tx, e.Author, "toegevoegd", "leerlogboek", itoa(e.ID), nil, e)
	})
}

// AddDecision stores a decision, the recalibrated programme and its
// version in one transaction.
func (s Learning) AddDecision(ctx context.Context, e *learning.Entry, m *programme.Model) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.beginModelChange(ctx, tx, e.Author); err != nil {
			return err
		}
		if err := s.insertEntry(ctx, tx, e); err != nil {
			return err
		}
		if err := s.writeModel(ctx, tx, m); err != nil {
			return err
		}
		n, err := s.recordVersion(ctx, tx, e.Author, versionNote{at: e.CreatedAt, kind: programme.VersionDecision, reason: e.Title, decision: e.ID, lessons: e.Basis})
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("SetEntryProgrammeVersion"), n, e.ID); err != nil {
			return err
		}
		e.Version = n
		if err := s.audit(ctx, tx, e.Author, "toegevoegd", "leerlogboek", itoa(e.ID), nil, e); err != nil {
			return err
		}
		return s.audit(ctx, tx, e.Author, "herijkt", "programma", "versie "+strconv.Itoa(n), nil, map[string]any{"besluit": e.ID, "herijking": e.Changes})
	})
}

func (s Learning) insertEntry(ctx context.Context, tx *sql.Tx, e *learning.Entry) error {
	changes := e.Changes
	if changes == nil {
		changes = []learning.Change{}
	}
	ch, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	id, err := s.insertID(ctx, tx, named("InsertEntry"),
		string(e.Kind), e.Date.Format(dateLayout), e.Title, e.Text, string(e.Source), e.Author, e.AuthorName, string(ch), e.Version, timeText(e.CreatedAt), learning.SearchText(e))
	if err != nil {
		return err
	}
	e.ID = id
	links := []struct {
		kind  string
		codes []string
	}{
		{learning.LinkGoal, e.Goals}, {learning.LinkLine, e.Lines}, {learning.LinkIntervention, e.Interventions},
		{learning.LinkIndicator, e.Indicators}, {learning.LinkRound, e.Rounds},
	}
	basis := make([]string, len(e.Basis))
	for i, b := range e.Basis {
		basis[i] = itoa(b)
	}
	links = append(links, struct {
		kind  string
		codes []string
	}{learning.LinkBasis, basis})
	for _, l := range links {
		for i, c := range l.codes {
			if _, err := s.exec(ctx, tx, named("InsertEntryLink"), id, l.kind, c, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// Entries returns the entries that match f, newest first. The search is a
// LIKE per query word over search_text, which holds the entry's words
// normalized (learning.Normalize): lowercase, no accents, only letters,
// digits and single spaces, so a word can never carry a LIKE wildcard.
// That is plain SQL on both databases and fast enough for a log of some
// thousands of entries.
func (s Learning) Entries(ctx context.Context, f learning.Filter) ([]learning.Entry, error) {
	// The filter decides at run time which conditions the query has, so
	// they are added here rather than written out for every combination.
	q := named("Entries")
	var args []any
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if !f.From.IsZero() {
		q += ` AND entry_date >= ?`
		args = append(args, f.From.Format(dateLayout))
	}
	if !f.To.IsZero() {
		q += ` AND entry_date <= ?`
		args = append(args, f.To.Format(dateLayout))
	}
	for _, l := range []struct{ kind, code string }{
		{learning.LinkGoal, f.Goal}, {learning.LinkLine, f.Line}, {learning.LinkIntervention, f.Intervention},
		{learning.LinkIndicator, f.Indicator}, {learning.LinkRound, f.Round},
	} {
		if l.code != "" {
			q += ` AND EXISTS (SELECT 1 FROM learning_links l WHERE l.entry_id = e.id AND l.kind = ? AND l.code = ?)`
			args = append(args, l.kind, l.code)
		}
	}
	for _, w := range learning.QueryWords(f.Query) {
		q += ` AND search_text LIKE ?`
		args = append(args, "%"+w+"%")
	}
	q += ` ORDER BY entry_date DESC, id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	return s.readEntries(ctx, q, args...)
}

// Entry returns one entry.
func (s Learning) Entry(ctx context.Context, id int64) (*learning.Entry, error) {
	es, err := s.readEntries(ctx, named("EntryByID"), id)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Logboekitem %d bestaat niet.", id)
	}
	return &es[0], nil
}

// CitedBy lists the entries that name entry id as their basis, oldest first.
func (s Learning) CitedBy(ctx context.Context, id int64) ([]learning.Entry, error) {
	return s.readEntries(ctx, named("EntriesCiting"),
		learning.LinkBasis, itoa(id))
}

func (s Learning) readEntries(ctx context.Context, q string, args ...any) ([]learning.Entry, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []learning.Entry
	idx := map[int64]int{}
	for rows.Next() {
		var e learning.Entry
		var kind, date, source, changes, created string
		if err := rows.Scan(&e.ID, &kind, &date, &e.Title, &e.Text, &source, &e.Author, &e.AuthorName, &changes, &e.Version, &created); err != nil {
			rows.Close()
			return nil, err
		}
		e.Kind, e.Source, e.CreatedAt = learning.Kind(kind), learning.Source(source), parseTime(created)
		e.Date, _ = time.Parse(dateLayout, date)
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			rows.Close()
			return nil, err
		}
		idx[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Links for the entries read, a few hundred ids at a time to stay
	// under the databases' limits on parameters.
	ids := make([]any, 0, len(out))
	for _, e := range out {
		ids = append(ids, e.ID)
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		lrows, err := s.query(ctx, inList(named("EntryLinks"), len(chunk)), chunk...)
		if err != nil {
			return nil, err
		}
		for lrows.Next() {
			var id int64
			var kind, code string
			if err := lrows.Scan(&id, &kind, &code); err != nil {
				lrows.Close()
				return nil, err
			}
			e := &out[idx[id]]
			switch kind {
			case learning.LinkGoal:
				e.Goals = append(e.Goals, code)
			case learning.LinkLine:
				e.Lines = append(e.Lines, code)
			case learning.LinkIntervention:
				e.Interventions = append(e.Interventions, code)
			case learning.LinkIndicator:
				e.Indicators = append(e.Indicators, code)
			case learning.LinkRound:
				e.Rounds = append(e.Rounds, code)
			case learning.LinkBasis:
				if n, err := strconv.ParseInt(code, 10, 64); err == nil {
					e.Basis = append(e.Basis, n)
				}
			}
		}
		lrows.Close()
		if err := lrows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
