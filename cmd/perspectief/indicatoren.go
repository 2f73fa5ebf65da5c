package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/perspectief/perspectief/internal/geo"
	"github.com/perspectief/perspectief/internal/indicator"
	"github.com/perspectief/perspectief/internal/store"
)

const indicatorenUsage = `usage:
  perspectief indicatoren inlezen --db DSN FILE.csv
  perspectief indicatoren kaart-inlezen --db DSN FILE.geojson

inlezen reads aggregated indicator values with the header
  indicator,periode,gebied,groep,waarde,teller,noemer,marge,bron,toelichting
checks every line against the indicator and area register and stores the
values in one transaction, replacing values with the same indicator,
periode, gebied and groep. A file with any bad line is refused whole.
A database without a register gets the built-in register first.

kaart-inlezen reads a GeoJSON FeatureCollection of CBS wijken or buurten (Polygons
or MultiPolygons in WGS84, the CBS code in the property buurtcode, wijkcode,
statcode or code) and stores the outlines; the maps of the indicator pages
then draw them. A file with any problem is refused whole, with a message
per problem naming the feature and property (features[3].properties.wijkcode).
`

func indicatorenInlezen(ctx context.Context, args []string) error {
	return withImport(ctx, "indicatoren inlezen", indicatorenUsage, args, func(db *store.DB, name string, f io.Reader) error {
		reg, err := db.Indicators().Register(ctx)
		if err != nil {
			return err
		}
		if len(reg.Indicators) == 0 {
			if reg, err = indicator.DefaultRegister(); err != nil {
				return err
			}
			if err := db.Indicators().SaveRegister(ctx, reg, "cli"); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "Stored the built-in register: %d indicators, %d areas.\n", len(reg.Indicators), len(reg.Areas))
		}
		vals, err := indicator.ReadValues(name, f, reg)
		if err != nil {
			return refused(err)
		}
		if err := db.Indicators().ImportValues(ctx, vals, name, "cli"); err != nil {
			return err
		}
		inds := map[string]bool{}
		for _, v := range vals {
			inds[v.Indicator] = true
		}
		fmt.Fprintf(os.Stderr, "Stored %d values of %d indicator(s) from %s.\n", len(vals), len(inds), name)
		return nil
	})
}

// indicatorenKaartInlezen imports outlines through the indicator service, as the
// web page does, acting as the command line's user.
func indicatorenKaartInlezen(ctx context.Context, args []string) error {
	return withImport(ctx, "indicatoren kaart-inlezen", indicatorenUsage, args, func(db *store.DB, name string, f io.Reader) error {
		shapes, err := indicator.NewService(db.Indicators(), db.Trends(), db.Shapes()).ImportShapes(ctx, cliUser, name, f)
		if err != nil {
			return refused(err)
		}
		levels := map[string]int{}
		for _, s := range shapes {
			levels[geo.Level(s.Code)]++
		}
		fmt.Fprintf(os.Stderr, "Stored the outlines of %d wijken and %d buurten from %s.\n", levels[geo.Wijk], levels[geo.Buurt], name)
		return nil
	})
}
