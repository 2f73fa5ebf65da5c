package procesmonitor

import (
	"strings"
	"testing"
)

// TestParseAmount: what a person types in the commitments form, the Dutch
// way, arrives as the amount meant.
func TestParseAmount(t *testing.T) {
	good := map[string]int64{
		"261.000": 26100000, "261000": 26100000, "€ 261.000": 26100000, "1.234,56": 123456, "1,5": 150,
		"1.500": 150000, "1.500.000": 150000000, "80.50": 8050, "261000.00": 26100000, "0": 0, "-1.000": -100000,
	}
	for s, want := range good {
		if got, err := ParseAmount(s); err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "1.50.000", "12.3456", ".500", "1,2,3", "1.000,", "abc", "1.0000,5", "1,234"} {
		if _, err := ParseAmount(s); err == nil {
			t.Errorf("ParseAmount(%q) accepted", s)
		} else if !strings.Contains(err.Error(), "bijvoorbeeld 261.000") {
			t.Errorf("ParseAmount(%q): message %q does not show how to write it", s, err)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for c, want := range map[int64]string{26100000: "261.000", 123456: "1.234,56", 150: "1,50", 0: "0", -100000: "-1.000", 99: "0,99", 100000000000: "1.000.000.000"} {
		if got := FormatAmount(c); got != want {
			t.Errorf("FormatAmount(%d) = %q, want %q", c, got, want)
		}
	}
}

// FuzzParseAmount: whatever is typed, an accepted amount writes back to a
// text that reads the same.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"261.000", "1.234,56", "1,5", "€ 3", "-80.50", "1.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAmount(s)
		if err != nil {
			return
		}
		back, err := ParseAmount(FormatAmount(c))
		if err != nil || back != c {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, c, FormatAmount(c), back, err)
		}
	})
}
