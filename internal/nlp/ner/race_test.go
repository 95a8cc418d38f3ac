//go:build race

package ner

// raceEnabled is set when the tests run under the race detector, which
// slows the whole-file accuracy run about tenfold.
const raceEnabled = true
