// Command perspectief is the single binary of Perspectief: the web server,
// the demo, and the command-line tools for accounts and the trendmonitor.
//
// main only wires: Main reads the command line (ParseFlags), runs the one
// command chosen from the table in commands.go (Run) and closes what that
// command opened (Close). The use cases live in the domain packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/perspectief/perspectief/internal/reminder"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/perspectief/perspectief/internal/account"
)

func main() {
	ctx, stop := signalContext()
	defer stop()
	os.Exit(runMain(ctx, os.Args[1:]))
}

// runMain runs one command line and returns the exit status: 0 done, 1 the
// command failed, 2 the command line was wrong or help was asked for.
func runMain(ctx context.Context, args []string) int {
	m := NewMain()
	defer m.Close()
	if err := m.ParseFlags(ctx, args); err != nil {
		return m.exitCode(err)
	}
	return m.exitCode(m.Run(ctx))
}

// signalContext ends at SIGTERM or Ctrl-C, so that the server stops
// gracefully. After the first signal, a second one stops the process at once.
func signalContext() (context.Context, func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	return ctx, stop
}

// Main is the program: the command chosen on the command line with its
// settings, and what it opened.
type Main struct {
	Stderr io.Writer

	// Server holds the settings of the server and the demo, read by
	// ParseFlags.
	Server ServerConfig

	hashes    *account.Hasher   // the server's password-hash slots
	reminders *reminder.Service // the reminders of the tertial rhythm (sent only with --smtp)
	name      string            // the command as typed, for error messages
	run       func(ctx context.Context) error
	closers   []io.Closer
}

// NewMain returns a Main with the default settings.
func NewMain() *Main {
	return &Main{Stderr: os.Stderr, Server: defaultServerConfig()}
}

// errUsage is a wrong command line; its message and the usage are printed
// and the exit status is 2.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

// ParseFlags chooses the command (and verb) from args. The server and the
// demo read their flags here; the other commands read theirs when they run.
func (m *Main) ParseFlags(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.printUsage()
		return flag.ErrHelp
	}
	cmd, ok := m.lookup(args[0])
	if !ok {
		m.printUsage()
		return errUsage{fmt.Sprintf("perspectief: unknown command %q", args[0])}
	}
	m.name = args[0]
	rest := args[1:]
	switch {
	case cmd.parse != nil:
		if err := cmd.parse(rest); err != nil {
			return err
		}
		m.run = cmd.start
	case len(cmd.verbs) > 0:
		v, err := m.verb(cmd, rest)
		if err != nil {
			return err
		}
		m.name += " " + rest[0]
		m.run = func(ctx context.Context) error { return v.run(ctx, rest[1:]) }
	default:
		m.run = func(ctx context.Context) error { return cmd.run(ctx, rest) }
	}
	return nil
}

// verb chooses the verb of a command from args[0], printing the command's
// usage for none, for help and for an unknown one.
func (m *Main) verb(cmd command, args []string) (verb, error) {
	if len(args) > 0 {
		for _, v := range cmd.verbs {
			if v.name == args[0] || slices.Contains(v.aliases, args[0]) {
				return v, nil
			}
		}
	}
	fmt.Fprint(m.Stderr, cmd.usage)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return verb{}, flag.ErrHelp
	}
	return verb{}, fmt.Errorf("unknown subcommand %q", args[0])
}

// Run runs the command ParseFlags chose.
func (m *Main) Run(ctx context.Context) error {
	if m.run == nil {
		return errors.New("no command: call ParseFlags first")
	}
	return m.run(ctx)
}

// Close closes what the command opened (the server's database), newest first.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i].Close())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// exitCode prints err as the command line shows it and returns the exit status.
func (m *Main) exitCode(err error) int {
	var ue errUsage
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 2
	case errors.As(err, &ue):
		fmt.Fprintln(m.Stderr, ue.msg)
		return 2
	}
	name := m.name
	if name == "" {
		name = "(command line)"
	}
	fmt.Fprintf(m.Stderr, "perspectief %s: %v\n", name, err)
	return 1
}

func (m *Main) printUsage() {
	fmt.Fprintln(m.Stderr, "usage: perspectief COMMAND [VERB] [flags]\n\ncommands:")
	for _, c := range m.commands() {
		if !c.hidden {
			fmt.Fprintf(m.Stderr, "  %-13s %s\n", c.name, c.summary)
		}
	}
}
