package store

import (
	"context"

	"github.com/perspectief/perspectief/internal/account"
)

// The store has one repository per feature. Each is a small value over the
// shared connection pool (conn) that implements its domain's storage
// interface(s) with the queries of its own file in queries/. Get one from
// an open DB: db.Surveys(), db.Accounts(), ...; they cost nothing to make.

// Programmes stores the programme model, its versions, progress updates and
// comments (programme.Store; the model reader of learning, survey and
// procesmonitor). Queries: queries/programmes.sql.
type Programmes struct{ *conn }

// Accounts stores users, sessions, API tokens and the audit log
// (account.Store). Queries: queries/accounts.sql.
//
// It carries the throttles too: account.Service uses its Store as the
// account.ThrottleStore when no other is set, as it did when one type
// implemented every store.
type Accounts struct {
	*conn
	Throttles
}

// Throttles stores the rate-limit counters of logins, API tokens and
// survey submissions (account.ThrottleStore, survey.ThrottleStore).
// Queries: queries/throttles.sql.
type Throttles struct{ *conn }

// Indicators stores the indicator register and the imported and typed-in
// values (indicator.Store). Queries: queries/indicators.sql.
type Indicators struct{ *conn }

// Trends stores the trendmonitor's runs and results
// (indicator.TrendStore). Queries: queries/trends.sql.
type Trends struct{ *conn }

// Shapes stores the area shapes of the maps (geo.Store).
// Queries: queries/shapes.sql.
type Shapes struct{ *conn }

// Surveys stores questionnaires, waves, personal survey links and
// responses (survey.Store). Queries: queries/surveys.sql.
//
// It carries the throttles too: survey.Service throttles the open links
// only when its Store is also a survey.ThrottleStore.
type Surveys struct {
	*conn
	Throttles
}

// Learning stores the learning log (learning.Store).
// Queries: queries/learning.sql.
type Learning struct{ *conn }

// Procesmonitor stores bookings, commitments and milestones
// (procesmonitor.Store). Queries: queries/procesmonitor.sql.
type Procesmonitor struct{ *conn }

// Wegingskader stores frameworks, requests, rounds, scores and grants
// (wegingskader.Store). Queries: queries/wegingskader.sql.
type Wegingskader struct{ *conn }

// Rules stores the versions of the eligibility rules
// (eligibility.VersionStore). Queries: queries/rules.sql.
type Rules struct{ *conn }

// Reports stores the report's narratives and frozen dossiers
// (report.Store). Queries: queries/reports.sql.
type Reports struct{ *conn }

// Reminders is the sent-log of e-mail reminders (reminder.Store).
// Queries: queries/reminders.sql.
type Reminders struct{ *conn }

func (db *DB) Reminders() Reminders         { return Reminders{db.conn} }
func (db *DB) Programmes() Programmes       { return Programmes{db.conn} }
func (db *DB) Accounts() Accounts           { return Accounts{db.conn, Throttles{db.conn}} }
func (db *DB) Throttles() Throttles         { return Throttles{db.conn} }
func (db *DB) Indicators() Indicators       { return Indicators{db.conn} }
func (db *DB) Trends() Trends               { return Trends{db.conn} }
func (db *DB) Shapes() Shapes               { return Shapes{db.conn} }
func (db *DB) Surveys() Surveys             { return Surveys{db.conn, Throttles{db.conn}} }
func (db *DB) Learning() Learning           { return Learning{db.conn} }
func (db *DB) Procesmonitor() Procesmonitor { return Procesmonitor{db.conn} }
func (db *DB) Wegingskader() Wegingskader   { return Wegingskader{db.conn} }
func (db *DB) Rules() Rules                 { return Rules{db.conn} }
func (db *DB) Reports() Reports             { return Reports{db.conn} }

// Users lists the accounts a round's panel is chosen from; wegingskader.Store
// asks for them next to its own data. The query is the accounts' own.
func (s Wegingskader) Users(ctx context.Context) ([]account.User, error) {
	return Accounts{conn: s.conn}.Users(ctx)
}
