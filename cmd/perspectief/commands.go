package main

import (
	"context"
	"io"
	"os"
	"slices"
)

// command is one command of perspectief: either one action (run, or parse
// and start for the server and the demo, whose flags ParseFlags reads) or
// a group of verbs. Names follow docs/decisions.md ("One language for the
// command line"): the Dutch noun the screens use, and the Dutch infinitive
// of the screens' button for the same action.
type command struct {
	name    string
	aliases []string // earlier names, still accepted, not shown
	hidden  bool     // an earlier name with its own shape of arguments
	summary string   // one line in `perspectief help`
	usage   string   // the group's usage text, for a missing or unknown verb

	run   func(ctx context.Context, args []string) error
	parse func(args []string) error
	start func(ctx context.Context) error
	verbs []verb
}

// verb is one action of a command group.
type verb struct {
	name    string
	aliases []string // earlier names, still accepted, not shown
	run     func(ctx context.Context, args []string) error
}

// toStdout adapts a command that writes its report to a writer.
func toStdout(f func(ctx context.Context, args []string, w io.Writer) error) func(context.Context, []string) error {
	return func(ctx context.Context, args []string) error { return f(ctx, args, os.Stdout) }
}

// commands is the table of every command and verb, in one place.
func (m *Main) commands() []command {
	return []command{
		{name: "server", aliases: []string{"serve"}, parse: m.parseServer, start: m.runServer,
			summary: "serve the web UI and API on a SQLite file or a postgres:// database: server --db DSN"},
		{name: "demo", parse: m.parseDemo, start: m.runDemo,
			summary: "create (or reuse) the demo database with the Groningen programme and serve it"},
		{name: "backup", run: runBackup,
			summary: "write a consistent copy of a (running) SQLite database: backup --db FILE --out FILE"},
		{name: "account", aliases: []string{"user"}, usage: accountUsage,
			summary: "accounts: account aanmaken|tonen|rol-wijzigen|uitschakelen|inschakelen|wachtwoord-instellen --db DSN",
			verbs: []verb{
				{"aanmaken", []string{"add"}, accountAanmaken},
				{"tonen", []string{"list"}, accountTonen},
				{"rol-wijzigen", []string{"role"}, accountRolWijzigen},
				{"uitschakelen", []string{"disable"}, accountUitschakelen},
				{"inschakelen", []string{"enable"}, accountInschakelen},
				{"wachtwoord-instellen", []string{"passwd"}, accountWachtwoordInstellen},
			}},
		{name: "token", usage: tokenUsage,
			summary: "API tokens: token maken --db DSN --email ADDRESS [--days N]",
			verbs:   []verb{{"maken", []string{"create"}, tokenMaken}}},
		{name: "panel", usage: panelUsage,
			summary: "a synthetic household panel: panel genereren --out FILE.csv|FILE.parquet",
			verbs:   []verb{{"genereren", nil, panelGenereren}}},
		{name: "generate", hidden: true, usage: panelUsage,
			verbs: []verb{{"panel", nil, panelGenereren}}},
		{name: "trend", usage: trendUsage,
			summary: "trendmonitor: trend berekenen|inlezen (compute or read in indicator tables)",
			verbs: []verb{
				{"berekenen", []string{"compute"}, trendBerekenen},
				{"inlezen", []string{"import"}, trendInlezen},
			}},
		{name: "indicatoren", usage: indicatorenUsage,
			summary: "indicators: indicatoren inlezen (values, CSV) | kaart-inlezen (map outlines, GeoJSON)",
			verbs: []verb{
				{"inlezen", []string{"import"}, indicatorenInlezen},
				{"kaart-inlezen", []string{"kaart"}, indicatorenKaartInlezen},
			}},
		{name: "regelingen", usage: regelingenUsage,
			summary: "schemes: bereik-berekenen, controleren, inlezen, versies-tonen, uitnodigen",
			verbs: []verb{
				{"bereik-berekenen", []string{"bereik"}, toStdout(regelingenBereik)},
				{"controleren", []string{"controleer"}, toStdout(regelingenControleren)},
				{"inlezen", []string{"laad"}, toStdout(regelingenInlezen)},
				{"versies-tonen", []string{"versies"}, toStdout(regelingenVersiesTonen)},
				{"uitnodigen", nil, toStdout(regelingenUitnodigen)},
			}},
		{name: "enquete", usage: enqueteUsage,
			summary: "experience surveys: enquete antwoorden-inlezen|vragenlijst-inlezen|links-maken",
			verbs: []verb{
				{"antwoorden-inlezen", []string{"import"}, enqueteAntwoordenInlezen},
				{"vragenlijst-inlezen", []string{"vragenlijst"}, enqueteVragenlijstInlezen},
				{"links-maken", []string{"links"}, enqueteLinksMaken},
			}},
		{name: "uitgaven", usage: uitgavenUsage,
			summary: "procesmonitor: uitgaven inlezen (spending from the financial administration, CSV)",
			verbs:   []verb{{"inlezen", []string{"import"}, uitgavenInlezen}}},
		{name: "wegingskader", usage: wegingskaderUsage,
			summary: "the wegingskader's choice within the budget for a round: wegingskader kiezen --in ROUND.json",
			verbs:   []verb{{"kiezen", []string{"kies"}, wegingskaderKiezen}}},
		{name: "rapport", run: runRapport,
			summary: "the yearly progress report as PDF or HTML, and its open data: rapport --db DSN --jaar YYYY --out FILE.pdf"},
	}
}

// lookup finds a command by its name or an earlier name.
func (m *Main) lookup(name string) (command, bool) {
	for _, c := range m.commands() {
		if c.name == name || slices.Contains(c.aliases, name) {
			return c, true
		}
	}
	return command{}, false
}
