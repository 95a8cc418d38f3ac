//go:build race

package clean_test

// raceEnabled is true under the race detector; slow corpus tests then read
// less of the corpus.
const raceEnabled = true
