package reminder

import (
	"fmt"
	"strings"
	"time"

	"github.com/perspectief/perspectief/internal/account"
)

// KindTertialReport tells the regiegroep that a tertial report was frozen:
// once per version and member.
const KindTertialReport = "tertiaalrapportage"

// TertialNoticeDays is how long after its freezing a tertial report is
// announced; an older one (say, on the first start with mail) is not.
const TertialNoticeDays = 30

// FrozenReport is a frozen version of a tertial report.
type FrozenReport struct {
	Period   string // 2025-T2
	Version  int
	Label    string // "Tertiaalrapportage 2025 T2, versie 1"
	FrozenAt time.Time
}

// TertialNotices lists the notice of the newest frozen tertial report to
// every active member of the regiegroep, when it was frozen within
// TertialNoticeDays of day.
func TertialNotices(rs []FrozenReport, users []account.User, day time.Time, siteURL string) []Message {
	var newest *FrozenReport
	for i := range rs {
		if newest == nil || rs[i].FrozenAt.After(newest.FrozenAt) {
			newest = &rs[i]
		}
	}
	if newest == nil || day.Sub(newest.FrozenAt) > TertialNoticeDays*24*time.Hour {
		return nil
	}
	var out []Message
	for _, u := range users {
		if u.Disabled() || u.Role != account.RoleSteering {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Beste %s,\n\nDe %s is op %s vastgelegd voor de regiegroep: per programmalijn de stand van de interventies, de escalaties, de mijlpalen die te laat zijn, de signalen uit de begroting en de oordelen over de indicatoren.\n\nU leest haar in Perspectief%s.\n\nPerspectief\n",
			u.DisplayName(), strings.ToLower(newest.Label[:1])+newest.Label[1:], dutchDate(newest.FrozenAt), link(siteURL, fmt.Sprintf("/tertiaalrapportage/%s/versies/%d", newest.Period, newest.Version)))
		out = append(out, Message{Kind: KindTertialReport, Period: fmt.Sprintf("%s/versie-%d", newest.Period, newest.Version), To: u.Email, Name: u.DisplayName(),
			Subject: "Nieuw voor de regiegroep: " + newest.Label, Body: b.String()})
	}
	return out
}
