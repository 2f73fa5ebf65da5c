// Command gennorms writes internal/norms/default.csv from the source facts,
// so that the default norms can be rebuilt and reviewed from their sources.
// It runs through `go generate ./internal/norms`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/perspectief/perspectief/internal/norms"
)

func main() {
	src := flag.String("src", "source/bijstandsnormen.csv", "source facts")
	out := flag.String("out", "default.csv", "norms file to write")
	verbose := flag.Bool("v", false, "print the gaps that were filled")
	flag.Parse()
	if err := run(*src, *out, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gennorms:", err)
		os.Exit(1)
	}
}

func run(src, out string, verbose bool) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := norms.Derive(f)
	if err != nil {
		return err
	}
	if verbose {
		if _, err := f.Seek(0, 0); err != nil {
			return err
		}
		_, notes, err := norms.DeriveTable(f)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Printf("%d: %s\n", n.Year, n.Text)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".default-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
