package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/survey"
)

var _ survey.Store = Surveys{}

// SaveQuestionnaire stores q as the next version of its code.
func (s Surveys) SaveQuestionnaire(ctx context.Context, q *survey.Questionnaire) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var last int
		if err := tx.QueryRowContext(ctx, s.d.rebind(named("LatestQuestionnaireVersion")), q.Code).Scan(&last); err != nil {
			return err
		}
		q.Version = last + 1
		body, err := json.Marshal(q)
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, named("InsertQuestionnaire"),
			q.Code, q.Version, q.Title, string(q.Audience), string(body), timeText(q.CreatedAt), q.CreatedBy); err != nil {
			return err
		}
		return s.audit(ctx, tx, q.CreatedBy, "opgeslagen", "vragenlijst", q.Code+" versie "+itoa(int64(q.Version)), nil, q)
	})
}

// Questionnaires lists every version, by code and version.
func (s Surveys) Questionnaires(ctx context.Context) ([]survey.Questionnaire, error) {
	return s.readQuestionnaires(ctx, named("Questionnaires"))
}

// Questionnaire returns one version; version 0 is the newest.
func (s Surveys) Questionnaire(ctx context.Context, code string, version int) (*survey.Questionnaire, error) {
	q := named("Questionnaire")
	args := []any{code, version}
	if version == 0 {
		q = named("LatestQuestionnaire")
		args = args[:1]
	}
	qs, err := s.readQuestionnaires(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Vragenlijst %q versie %d bestaat niet.", code, version)
	}
	return &qs[0], nil
}

func (s Surveys) readQuestionnaires(ctx context.Context, q string, args ...any) ([]survey.Questionnaire, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.Questionnaire
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var qq survey.Questionnaire
		if err := json.Unmarshal([]byte(body), &qq); err != nil {
			return nil, err
		}
		out = append(out, qq)
	}
	return out, rows.Err()
}

// CreateWave stores a new wave.
func (s Surveys) CreateWave(ctx context.Context, w *survey.Wave) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.exec(ctx, tx, named("InsertWave"),
			w.Code, w.Title, w.Questionnaire, w.Version, w.Period, string(w.Access), w.LinkKey, w.MinN, w.Note, string(w.Status), timeText(w.CreatedAt), w.CreatedBy)
		if isUnique(err) {
			return perspectief.Errorf(perspectief.CodeConflict, "Er is al een meting met code %q.", w.Code)
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, w.CreatedBy, "aangemaakt", "meting", w.Code, nil, w)
	})
}

// UpdateWave changes a draft wave. The WHERE clause holds the rule that a
// published wave never changes, whatever the caller checked before.
func (s Surveys) UpdateWave(ctx context.Context, w *survey.Wave, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.waveIn(ctx, tx, w.Code)
		if err != nil {
			return err
		}
		res, err := s.exec(ctx, tx, named("UpdateDraftWave"),
			w.Title, w.Questionnaire, w.Version, w.Period, string(w.Access), w.MinN, w.Note, w.Code, string(survey.Draft))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return perspectief.Errorf(perspectief.CodeConflict, "Meting %s is gepubliceerd en verandert niet meer.", w.Code)
		}
		return s.audit(ctx, tx, actor, "gewijzigd", "meting", w.Code, before, w)
	})
}

// SetWaveStatus moves a wave from one status to another.
func (s Surveys) SetWaveStatus(ctx context.Context, code string, from, to survey.Status, at time.Time, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		w, err := s.waveIn(ctx, tx, code)
		if err != nil {
			return err
		}
		q := named("PublishWave")
		if to == survey.Closed {
			q = named("CloseWave")
		}
		res, err := s.exec(ctx, tx, q, string(to), timeText(at), code, string(from))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return perspectief.Errorf(perspectief.CodeConflict, "Meting %s is %s; dat kan nu niet.", code, strings.ToLower(w.Status.Label()))
		}
		return s.audit(ctx, tx, actor, string(to), "meting", code, map[string]string{"status": string(w.Status)}, map[string]string{"status": string(to)})
	})
}

// Waves lists every wave, newest first.
func (s Surveys) Waves(ctx context.Context) ([]survey.Wave, error) {
	rows, err := s.query(ctx, named("Waves"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.Wave
	for rows.Next() {
		w, err := scanWave(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *w)
	}
	return out, rows.Err()
}

// Wave returns one wave.
func (s Surveys) Wave(ctx context.Context, code string) (*survey.Wave, error) {
	return s.waveIn(ctx, s.db, code)
}

// WaveByLink returns the wave whose open link is key.
func (s Surveys) WaveByLink(ctx context.Context, key string) (*survey.Wave, error) {
	return s.oneWave(ctx, s.db, named("WaveByLink"), key, "link")
}

func (s Surveys) waveIn(ctx context.Context, q queryer, code string) (*survey.Wave, error) {
	return s.oneWave(ctx, q, named("WaveByCode"), code, code)
}

func (s Surveys) oneWave(ctx context.Context, q queryer, query string, arg any, name string) (*survey.Wave, error) {
	rows, err := s.queryIn(ctx, q, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, perspectief.Errorf(perspectief.CodeNotFound, "Meting %q bestaat niet.", name)
	}
	return scanWave(rows)
}

func scanWave(rows *sql.Rows) (*survey.Wave, error) {
	var w survey.Wave
	var access, status, created string
	var published, closed sql.NullString
	if err := rows.Scan(&w.Code, &w.Title, &w.Questionnaire, &w.Version, &w.Period, &access, &w.LinkKey, &w.MinN, &w.Note, &status, &created, &w.CreatedBy, &published, &closed); err != nil {
		return nil, err
	}
	w.Access, w.Status, w.CreatedAt = survey.Access(access), survey.Status(status), parseTime(created)
	if published.Valid {
		t := parseTime(published.String)
		w.PublishedAt = &t
	}
	if closed.Valid {
		t := parseTime(closed.String)
		w.ClosedAt = &t
	}
	return &w, nil
}

// AddTokens stores the hashes of new personal links.
func (s Surveys) AddTokens(ctx context.Context, wave string, hashes []string, actor string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(hashes); start += 500 {
			chunk := hashes[start:min(start+500, len(hashes))]
			args := make([]any, 0, 2*len(chunk))
			for _, h := range chunk {
				args = append(args, h, wave)
			}
			if _, err := s.exec(ctx, tx, batch(named("InsertSurveyTokens"), len(chunk)), args...); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, actor, "links_gemaakt", "meting", wave, nil, map[string]int{"aantal": len(hashes)})
	})
}

// Token returns the wave of a personal link and whether it was used.
func (s Surveys) Token(ctx context.Context, hash string) (string, bool, error) {
	var wave string
	var used int
	err := s.queryRow(ctx, named("SurveyToken"), hash).Scan(&wave, &used)
	if isNoRows(err) {
		return "", false, perspectief.Errorf(perspectief.CodeNotFound, "Deze link bestaat niet.")
	}
	return wave, used != 0, err
}

// TokenCounts counts the personal links of a wave and how many were used.
func (s Surveys) TokenCounts(ctx context.Context, wave string) (int, int, error) {
	var issued, used int
	err := s.queryRow(ctx, named("SurveyTokenCounts"), wave).Scan(&issued, &used)
	return issued, used, err
}

// SubmitResponse stores a response from the public form. The audit event
// has no actor, no response id and only the day as its time: an exact
// time next to the order of the responses could tie an answer to the
// moment someone was seen filling it in.
func (s Surveys) SubmitResponse(ctx context.Context, r *survey.Response, tokenHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if tokenHash != "" {
			res, err := s.exec(ctx, tx, named("UseSurveyToken"), tokenHash, r.Wave)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return survey.ErrUsed
			}
		}
		// The wave must still be open when the answer arrives, not only
		// when the form was opened.
		var status string
		if err := tx.QueryRowContext(ctx, s.d.rebind(named("WaveStatus")), r.Wave).Scan(&status); err != nil {
			return err
		}
		if survey.Status(status) != survey.Published {
			return survey.ErrClosed
		}
		if err := s.insertResponse(ctx, tx, r); err != nil {
			return err
		}
		day, _ := time.Parse(dateLayout, r.Date)
		_, err := s.exec(ctx, tx, named("InsertSubmissionAudit"),
			timeText(day), "anoniem", "antwoord_ontvangen", "meting", r.Wave)
		return err
	})
}

// ImportResponses stores the responses of a CSV file in one transaction,
// skipping those whose key the wave already holds, and returns how many it
// stored. The unique index on (wave, key) refuses a concurrent import of
// the same rows.
func (s Surveys) ImportResponses(ctx context.Context, wave string, rs []survey.Response, source, actor string) (int, error) {
	added := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		known := map[string]bool{}
		rows, err := s.queryIn(ctx, tx, named("ImportedResponseKeys"), wave)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			known[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range rs {
			rs[i].Wave = wave
			if rs[i].Key != "" && known[rs[i].Key] {
				continue
			}
			if err := s.insertResponse(ctx, tx, &rs[i]); err != nil {
				return err
			}
			known[rs[i].Key] = rs[i].Key != ""
			added++
		}
		return s.audit(ctx, tx, actor, "ingelezen", "antwoorden", wave, nil, map[string]any{"bestand": source, "antwoorden": added, "al_ingelezen": len(rs) - added})
	})
	return added, err
}

func (s Surveys) insertResponse(ctx context.Context, tx *sql.Tx, r *survey.Response) error {
	id, err := s.insertID(ctx, tx, named("InsertResponse"), r.Wave, r.Area, r.Date, r.Channel, nullString(r.Key))
	if err != nil {
		return err
	}
	r.ID = id
	if len(r.Answers) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(r.Answers))
	for code, v := range r.Answers {
		args = append(args, id, code, v)
	}
	_, err = s.exec(ctx, tx, batch(named("InsertAnswers"), len(r.Answers)), args...)
	return err
}

// Responses returns every response of a wave with its answers.
func (s Surveys) Responses(ctx context.Context, wave string) ([]survey.Response, error) {
	rows, err := s.query(ctx, named("Responses"), wave)
	if err != nil {
		return nil, err
	}
	var out []survey.Response
	idx := map[int64]int{}
	for rows.Next() {
		r := survey.Response{Wave: wave, Answers: map[string]string{}}
		if err := rows.Scan(&r.ID, &r.Area, &r.Date, &r.Channel); err != nil {
			rows.Close()
			return nil, err
		}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	arows, err := s.query(ctx, named("Answers"), wave)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var code, v string
		if err := arows.Scan(&id, &code, &v); err != nil {
			return nil, err
		}
		if i, ok := idx[id]; ok {
			out[i].Answers[code] = v
		}
	}
	return out, arows.Err()
}

// ResponseCounts counts the responses per wave.
func (s Surveys) ResponseCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.query(ctx, named("ResponseCounts"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var w string
		var n int
		if err := rows.Scan(&w, &n); err != nil {
			return nil, err
		}
		out[w] = n
	}
	return out, rows.Err()
}
