//go:build unix

package pos_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used so far: on a shared machine
// tokens per CPU second is a steadier figure than per wall-clock second.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
