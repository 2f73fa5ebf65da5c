package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	wk "github.com/perspectief/perspectief/internal/wegingskader"
)

const wegingskaderUsage = `usage:
  perspectief wegingskader kiezen --in ROUND.json [--tijd 2s]

kiezen reads a round (- for standard input)
  {"jaren":[2026,2027], "budget":[250000,150000],
   "aanvragen":[{"id":"A1","score":77.6,"bedragen":[45000,45000]}, ...],
   "vast":{"A3":"in","A5":"uit"}}
(one amount per year, whole euros; "vast" is optional) and prints the
requests with the highest total score that fit the budget of every year:
  {"gekozen":["A1",...], "score":342.9, "bewezen":true, "max_tekort":0, "ms":12}
bewezen says that no better choice exists; when the search did not prove
that within --tijd, max_tekort is how far below the best possible choice
this one may at most be. A file with any problem is refused whole, every
problem named by its field.
`

// kiesOutput is what "wegingskader kiezen" prints.
type kiesOutput struct {
	Chosen       []string `json:"gekozen"`
	Score        float64  `json:"score"`
	Proven       bool     `json:"bewezen"`
	MaxShortfall float64  `json:"max_tekort"`
	MS           int64    `json:"ms"`
}

func wegingskaderKiezen(ctx context.Context, args []string) error {
	return kies(ctx, args, os.Stdin, os.Stdout)
}

func kies(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("wegingskader kiezen", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), wegingskaderUsage, "\nflags:\n"); fs.PrintDefaults() }
	in := fs.String("in", "", "the round as JSON `FILE` (- for standard input)")
	limit := fs.Duration("tijd", 2*time.Second, "how long the search may take")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || fs.NArg() != 0 {
		fs.Usage()
		return errors.New("--in is required")
	}
	if *limit <= 0 {
		return errors.New("--tijd must be above 0")
	}
	r := stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	rf, err := wk.ReadRoundFile(r)
	if err != nil {
		return err
	}
	start := time.Now()
	sol, err := rf.Choose(ctx, *limit)
	if err != nil {
		return err
	}
	out := kiesOutput{Chosen: []string{}, Score: math.Round(sol.Value*1e6) / 1e6, Proven: sol.Proven,
		MaxShortfall: math.Ceil(sol.MaxShortfall()*1e6) / 1e6, MS: time.Since(start).Milliseconds()}
	for i, c := range sol.Chosen {
		if c {
			out.Chosen = append(out.Chosen, rf.IDs[i])
		}
	}
	enc := json.NewEncoder(stdout)
	return enc.Encode(out)
}
