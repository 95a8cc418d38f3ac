//go:build !race

package extract

// raceEnabled is true under the race detector, which makes the extractor
// some ten times slower: the floor tests then score a smaller subset.
const raceEnabled = false
