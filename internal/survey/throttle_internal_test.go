package survey

import "testing"

// Two instances behind one load balancer count a client under the same key
// when they share a secret; without one, each counts under its own random
// key; the key changes with the day either way.
func TestClientKeysSharedBySecret(t *testing.T) {
	secret := []byte("een geheim van minstens tweeendertig bytes lang!")
	a, b := &Service{}, &Service{}
	for _, s := range []*Service{a, b} {
		if err := s.SetThrottleSecret(secret); err != nil {
			t.Fatal(err)
		}
	}
	ka, kb := a.clients.of("2026-12-07", "w1", "203.0.113.9"), b.clients.of("2026-12-07", "w1", "203.0.113.9")
	if ka != kb {
		t.Errorf("instances with one secret count a client under %s and %s", ka, kb)
	}
	if next := a.clients.of("2026-12-08", "w1", "203.0.113.9"); next == ka {
		t.Error("the key did not change with the day")
	}
	if other := a.clients.of("2026-12-07", "w1", "203.0.113.10"); other == ka {
		t.Error("two addresses got one key")
	}
	other := &Service{}
	if err := other.SetThrottleSecret([]byte("een ander geheim, ook ruim tweeendertig bytes")); err != nil {
		t.Fatal(err)
	}
	if k := other.clients.of("2026-12-07", "w1", "203.0.113.9"); k == ka {
		t.Error("a different secret gave the same key")
	}
	r1, r2 := &Service{}, &Service{}
	if r1.clients.of("2026-12-07", "w1", "203.0.113.9") == r2.clients.of("2026-12-07", "w1", "203.0.113.9") {
		t.Error("two instances without a secret share a key; it should be random per instance")
	}
	if err := (&Service{}).SetThrottleSecret([]byte("kort")); err == nil {
		t.Error("a 4-byte secret was accepted")
	}
}
