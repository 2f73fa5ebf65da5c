package procesmonitor

import (
	"context"
	"time"
)

// SignalsAt computes the forecast of year as it stood on asOf, with the
// bookings booked by then, and returns the forecast of every item (and of
// the spending booked on a line itself), in the order of the overview. The
// commitments are today's: they are not kept with a history.
func (s *Service) SignalsAt(ctx context.Context, year int, asOf time.Time) ([]ItemForecast, error) {
	m, err := s.Programme.Model(ctx)
	if err != nil {
		return nil, err
	}
	bs, err := s.Store.Bookings(ctx, 0)
	if err != nil {
		return nil, err
	}
	cs, err := s.Store.Commitments(ctx)
	if err != nil {
		return nil, err
	}
	asOf = Civil(asOf)
	kept := bs[:0:0]
	for _, b := range bs {
		if !b.Date.After(asOf) {
			kept = append(kept, b)
		}
	}
	o := Compute(m, kept, cs, asOf, year)
	var out []ItemForecast
	for _, l := range o.Lines {
		out = append(out, l.Items...)
	}
	return out, nil
}
