// Package trend is the trendmonitor engine: it turns a household-year income
// panel into the poverty indicator table of the trendmonitor spec
// (docs/trendmonitor.md records the choices the spec left open).
//
// The package has no HTTP or SQL. Its API:
//
//   - ReadNorms reads a norms file (jaar, categorie, bedrag) into Norms.
//   - Compute reads a panel file, CSV or Parquet, validates every row,
//     computes the nine indicators per year, area (gemeente, wijk, buurt)
//     and group (totaal, type:..., bron:...) and applies disclosure control
//     with minimum cell size Options.MinCell. A panel with the optional
//     columns of the spec's section 6 also gets the groups leeftijd:... and
//     opleiding:... and one gebruik_*_110 indicator per usage flag. It returns a Result: the rows
//     and the run's metadata (panel name and SHA-256, norms source, k,
//     counts).
//   - WriteCSV writes rows as the indicator table CSV, atomically; WriteTable
//     writes the same to any io.Writer.
//   - ReadTable reads an indicator table back and validates it, for
//     importing a table computed elsewhere.
//   - ApplySecondary applies secondary suppression (spec section 7) to any
//     rows, given the households behind each denominator: Options.Secondary
//     does so in Compute, TableHouseholds takes the counts from an imported
//     table, CountExposed counts the sums that give a hidden cell away.
//
// Every problem in an input file is an *InputError that prints as the spec
// demands: FILE:LINE: COLUMN: reason for CSV, FILE: row N: COLUMN: reason for
// Parquet. Compute reports the first problem in file order.
//
// # Design
//
// The national panel has 80 million rows, so the engine is built for
// throughput in bounded memory, in batches of 65,536 rows:
//
//   - Reading: one goroutine splits a CSV file into records; Parquet row
//     groups are read in parallel, each column chunk's pages decoded ahead
//     and copied from the typed page buffers (no generic row reader), with
//     codes parsed once per dictionary entry.
//   - Validation and aggregation: workers, one per CPU, check each batch and
//     add its population rows to counters of their own per buurt and year.
//   - Linking: households get dense numbers from open-addressing tables
//     sharded by hash, one goroutine per shard, fed every batch in file
//     order so that the first duplicate reported is the first in the file.
//     Two sets of (year, household), a bit set per year, record the years
//     each household has a row and the years it was in the population at or
//     below 110%.
//   - Table: rows at or below 110% are checked against those bit sets for
//     four-year runs once all years are read; counters are merged, rolled up
//     from buurt to wijk and gemeente, and turned into rows, or with
//     Options.Out written as they are made.
//
// docs/trendmonitor.md has the measurements.
package trend
