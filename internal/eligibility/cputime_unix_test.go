//go:build unix

package eligibility

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, user and system. The
// benchmarks report it per household beside the wall-clock ns/op, because
// on a shared machine the wall clock also counts the time other programs
// hold the core.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
