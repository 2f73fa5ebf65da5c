package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/perspectief/perspectief"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/trend"
)

// computedRun describes a run computed from a panel.
func computedRun(res *trend.Result) *indicator.TrendRun {
	norms := res.NormsSource
	if res.NormsSHA256 != "" {
		norms += " (sha256 " + res.NormsSHA256 + ")"
	}
	return &indicator.TrendRun{
		Kind: "berekend", Source: filepath.Base(res.Panel), SourceSHA256: res.PanelSHA256,
		Norms: norms, MinCell: res.MinCell, Actor: "cli", CreatedAt: time.Now().UTC(),
	}
}

// checkDB opens (and migrates) the database once before a long run, so that
// a wrong DSN fails at once rather than after the computation.
func checkDB(ctx context.Context, dsn string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("--db: %w", err)
	}
	return db.Close()
}

// saveTrend stores a run in the database named by dsn.
func saveTrend(ctx context.Context, dsn string, run *indicator.TrendRun, rows []trend.Row) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Trends().SaveTrendRun(ctx, run, rows); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "Stored %d rows for %d year(s) and %d gemeente(n) as run %d.\n", run.Rows, len(run.Years), len(run.Gemeenten), run.ID)
	return nil
}

// importTrendTable reads an indicator table made earlier, checks it and
// stores it with the table's own name and checksum.
func importTrendTable(ctx context.Context, dsn, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	rows, err := trend.ReadTable(path, io.TeeReader(f, h))
	if err != nil {
		return err
	}
	if _, err := io.Copy(h, f); err != nil { // hash any bytes the reader left
		return err
	}
	// The platform stores only tables with secondary suppression: count the
	// sums that give a suppressed cell away, and close them, or refuse when
	// the table lacks what the rule needs.
	st, err := trend.ApplySecondary(rows, trend.TableHouseholds(rows))
	if err != nil {
		return importRefusal(path, err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d sums exposed a suppressed cell; secondary suppression hid %d more cells (onderdrukt = 2) in %d passes.\n",
		path, st.Exposed, st.Cells, st.Passes)
	run := &indicator.TrendRun{Kind: "ingelezen", Source: filepath.Base(path), SourceSHA256: hex.EncodeToString(h.Sum(nil)),
		Norms: "onbekend (ingelezen tabel)", Actor: "cli", CreatedAt: time.Now().UTC()}
	return saveTrend(ctx, dsn, run, rows)
}

// importRefusal explains, in Dutch, why a table cannot be protected and
// stored: which cells lack the household counts the rule compares (the
// refusal the web and API uploads give too).
func importRefusal(path string, err error) error {
	var e *perspectief.Error
	if !errors.As(err, new(*trend.MissingCountsError)) || !errors.As(indicator.TrendTableRefusal(path, err), &e) {
		return err
	}
	return errors.New(e.Message + "\n  " + strings.Join(e.Details, "\n  "))
}
