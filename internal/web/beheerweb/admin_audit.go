package beheerweb

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/perspectief/perspectief/internal/web"
)

// auditPageSize is how many events one page of the audit log shows.
const auditPageSize = 50

type auditView struct {
	web.Page
	Events   []AuditRow
	PageNo   int
	PrevPage int // 0 when there is none
	NextPage int // 0 when there is none
}

// AuditRow is an audit event with its before and after states indented for
// reading.
type AuditRow struct {
	At     time.Time
	Actor  string
	Action string
	Entity string
	Key    string
	Before string
	After  string
}

// readableJSON indents JSON and writes its empty values (null) as "leeg";
// anything that is not JSON is shown as it is.
// jsonNull is a null value in indented JSON: after a key or in a list.
var jsonNull = regexp.MustCompile(`(?m)(: |^\s*)null\b`)

func readableJSON(s string) string {
	if s == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return jsonNull.ReplaceAllString(buf.String(), "${1}leeg")
}

func (s *Pages) audit(w http.ResponseWriter, r *http.Request, rc *web.ReqCtx) error {
	if err := requireAdmin(rc); err != nil {
		return err
	}
	page, err := strconv.Atoi(r.URL.Query().Get("pagina"))
	if err != nil || page < 1 {
		page = 1
	}
	// One more than a page, to know whether there is a next page without
	// counting the whole log.
	evs, err := s.Accounts.AuditLog(r.Context(), *rc.User, auditPageSize+1, (page-1)*auditPageSize)
	if err != nil {
		return err
	}
	v := auditView{Page: s.Page(r, rc, "Auditlog", "beheer"), PageNo: page}
	if page > 1 {
		v.PrevPage = page - 1
		v.Title += " — pagina " + strconv.Itoa(page)
	}
	if len(evs) > auditPageSize {
		evs = evs[:auditPageSize]
		v.NextPage = page + 1
	}
	for _, e := range evs {
		v.Events = append(v.Events, AuditRow{At: e.At, Actor: e.Actor, Action: e.Action, Entity: e.Entity, Key: e.Key, Before: readableJSON(e.Before), After: readableJSON(e.After)})
	}
	s.Render(w, r, http.StatusOK, "audit", v)
	return nil
}
