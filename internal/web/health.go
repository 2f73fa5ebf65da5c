package web

import (
	"context"
	"net/http"
	"time"
)

// livez tells an orchestrator that the process still answers (liveness);
// it does not ask the database, so a database outage makes instances
// unready (healthz) instead of restarting them all.
func (s *Core) livez(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok"))
}

// healthz is for load balancers and container orchestrators: 200 while the
// database answers, 503 otherwise. It needs no login and says nothing more.
func (s *Core) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.Ping != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			s.Log().Warn("health check failed", "request_id", RequestInfo(r).ID, "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("niet beschikbaar"))
			return
		}
	}
	_, _ = w.Write([]byte("ok"))
}
