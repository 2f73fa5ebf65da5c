package indicator

import "regexp"

// The trendmonitor engine (package trend) words its reasons in English, as
// the spec's command-line tool does. An upload through the web or the API
// shows them in Dutch: dutchReason translates the reasons a table can get;
// anything else is shown as the engine words it.
var trendReasons = []struct {
	re    *regexp.Regexp
	dutch string
}{
	{regexp.MustCompile(`^unknown indicator (.*)$`), "onbekende indicator $1"},
	{regexp.MustCompile(`^unknown niveau (.*)$`), "onbekend niveau $1 (gemeente, wijk of buurt)"},
	{regexp.MustCompile(`^unknown groep (.*)$`), "onbekende groep $1"},
	{regexp.MustCompile(`^not a (gemeente|wijk|buurt) code: (.*)$`), "geen code van een $1: $2"},
	{regexp.MustCompile(`^jaar (\d+) outside (\d+)\.\.(\d+)$`), "jaar $1 ligt niet tussen $2 en $3"},
	{regexp.MustCompile(`^not an integer: (.*)$`), "geen geheel getal: $1"},
	{regexp.MustCompile(`^integer out of range: (.*)$`), "getal te groot: $1"},
	{regexp.MustCompile(`^not a number: (.*)$`), "geen getal: $1"},
	{regexp.MustCompile(`^must be empty on a suppressed row$`), "moet leeg zijn in een onderdrukte rij"},
	{regexp.MustCompile(`^must be empty when noemer is 0$`), "moet leeg zijn als de noemer 0 is"},
	{regexp.MustCompile(`^teller (-?\d+) is negative$`), "teller $1 is negatief"},
	{regexp.MustCompile(`^noemer (\d+) is less than teller (\d+)$`), "noemer $1 is kleiner dan teller $2"},
	{regexp.MustCompile(`^waarde (.*) does not match 100\*teller/noemer = (.*)$`), "waarde $1 klopt niet met 100*teller/noemer = $2"},
	{regexp.MustCompile(`^onderdrukt must be 0, 1 or 2, got (.*)$`), "onderdrukt moet 0, 1 of 2 zijn, niet $1"},
	{regexp.MustCompile(`^duplicate row \(first on line (\d+)\)$`), "dubbele rij (staat al op regel $1)"},
	{regexp.MustCompile(`^duplicate column$`), "kolom staat er twee keer"},
	{regexp.MustCompile(`^missing column \(the file has no header\)$`), "kolom ontbreekt (het bestand heeft geen kopregel)"},
	{regexp.MustCompile(`^missing column$`), "kolom ontbreekt"},
	{regexp.MustCompile(`^missing field: the record has (\d+) fields, the header (\d+)$`), "te weinig velden: de regel heeft er $1, de kopregel $2"},
	{regexp.MustCompile(`^too many fields: the record has (\d+) fields, the header (\d+)$`), "te veel velden: de regel heeft er $1, de kopregel $2"},
}

func dutchReason(reason string) string {
	for _, r := range trendReasons {
		if r.re.MatchString(reason) {
			return r.re.ReplaceAllString(reason, r.dutch)
		}
	}
	return reason
}
