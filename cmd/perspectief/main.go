// Command perspectief is the single binary of Perspectief: the web server,
// the demo, and the command-line tools for accounts and the trendmonitor.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand; usage is a one-line summary for the help text.
type command struct {
	usage string
	run   func(ctx context.Context, args []string) error
}

var commands = map[string]command{}

// register is called from the init of each subcommand's file, so that every
// subcommand lives in a file of its own and main stays a dispatcher.
func register(name, usage string, run func(ctx context.Context, args []string) error) {
	commands[name] = command{usage: usage, run: run}
}

func main() {
	ctx, stop := signalContext()
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

// signalContext ends at SIGTERM or Ctrl-C, so that serve stops gracefully.
// After the first signal, a second one stops the process at once.
func signalContext() (context.Context, func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	return ctx, stop
}

func run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage()
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "perspectief: unknown command %q\n", args[0])
		printUsage()
		return 2
	}
	if err := cmd.run(ctx, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 2
		}
		fmt.Fprintf(os.Stderr, "perspectief %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func printUsage() {
	fmt.Fprintln(os.Stderr, "usage: perspectief COMMAND [flags]\n\ncommands:")
	for _, name := range sortedCommandNames() {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", name, commands[name].usage)
	}
}
