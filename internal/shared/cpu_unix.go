//go:build unix

package shared

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time the process has used so far. Benchmarks report
// work per CPU second beside work per wall-clock second: on a machine shared
// with other work it is the steadier figure.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
