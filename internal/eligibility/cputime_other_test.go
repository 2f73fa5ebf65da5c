//go:build !unix

package eligibility

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
