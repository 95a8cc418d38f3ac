//go:build !unix

package shared

import "time"

// CPUTime is 0 where the process's CPU time is not available.
func CPUTime() time.Duration { return 0 }
