package eligibility

import "testing"

func TestDefaultLoads(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Schemes) < 10 {
		t.Fatalf("got %d schemes", len(set.Schemes))
	}
	for _, sc := range set.Schemes {
		if len(sc.Sources) == 0 || sc.Checked.IsZero() {
			t.Errorf("%s: no source or check date", sc.Code)
		}
	}
}
