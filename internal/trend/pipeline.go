package trend

import (
	"context"
	"sync"
)

// source produces the batches of a panel. start reads on goroutines of its
// own: it fills batches (taken from r.get), numbers them in file order,
// sends them on r.jobs once the sequencer lets it (r.sq.acquire), tells the
// sequencer how many there are, and closes r.jobs when reading ends.
type source interface {
	// present tells which columns the panel has: all required ones, and
	// those of the optional ones it carries.
	present() [numCols]bool
	window(workers int) int
	start(r *reading)
	close()
}

// reading is what a source needs from the pipeline.
type reading struct {
	sq   *sequencer
	jobs chan *batch
	free chan *batch
}

// get returns a recycled batch, or a new one.
func (r *reading) get() *batch {
	select {
	case b := <-r.free:
		return b
	default:
		return new(batch)
	}
}

// sequencer hands batches finished by the workers, in any order, to the
// linker in file order, and keeps the reader at most window batches ahead
// so that memory stays bounded.
type sequencer struct {
	mu     sync.Mutex
	cond   sync.Cond
	next   int
	total  int // -1 until the reader knows
	ready  []*batch
	window int
	stop   bool
}

func newSequencer(window int) *sequencer {
	s := &sequencer{total: -1, ready: make([]*batch, window), window: window}
	s.cond.L = &s.mu
	return s
}

// acquire waits until batch seq may be produced; false means stop.
func (s *sequencer) acquire(seq int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.stop && seq >= s.next+s.window {
		s.cond.Wait()
	}
	return !s.stop
}

func (s *sequencer) put(b *batch) {
	s.mu.Lock()
	s.ready[b.seq%s.window] = b
	s.cond.Broadcast()
	s.mu.Unlock()
}

// end tells how many batches there are.
func (s *sequencer) end(total int) {
	s.mu.Lock()
	s.total = total
	s.cond.Broadcast()
	s.mu.Unlock()
}

// take returns the next batch in file order, or nil when there are no more
// or the run was stopped.
func (s *sequencer) take() *batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.stop {
		if b := s.ready[s.next%s.window]; b != nil && b.seq == s.next {
			s.ready[s.next%s.window] = nil
			s.next++
			s.cond.Broadcast()
			return b
		}
		if s.total >= 0 && s.next >= s.total {
			return nil
		}
		s.cond.Wait()
	}
	return nil
}

func (s *sequencer) cancel() {
	s.mu.Lock()
	s.stop = true
	s.cond.Broadcast()
	s.mu.Unlock()
}

// read runs the pipeline: the source reads batches, the workers validate
// and aggregate them in parallel, and the calling goroutine links them in
// file order. It returns the first problem in file order.
func read(ctx context.Context, src source, workers []*worker, l *linker, prog *progress) error {
	window := src.window(len(workers))
	sq := newSequencer(window)
	stopWatch := context.AfterFunc(ctx, sq.cancel)
	defer stopWatch()
	r := &reading{sq: sq, jobs: make(chan *batch, len(workers)), free: make(chan *batch, window+2*len(workers)+2)}
	src.start(r)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for b := range r.jobs {
				w.finish(b)
				sq.put(b)
			}
		})
	}
	var err error
	done := func(b *batch) {
		prog.add(b.n)
		select {
		case r.free <- b:
		default:
		}
	}
	for err == nil {
		b := sq.take()
		if b == nil {
			// The end, or a stop: finish what the shards still hold.
			for err == nil {
				if b, err = l.next(); b == nil {
					break
				}
				if err == nil {
					done(b)
				}
			}
			break
		}
		if b, err = l.add(b); b != nil && err == nil {
			done(b)
		}
	}
	l.stop()
	sq.cancel()
	wg.Wait() // the workers end once the source has closed jobs
	src.close()
	if err == nil {
		err = ctx.Err()
	}
	return err
}
