package ner

// RaceEnabled tells the package's external tests whether the race detector
// is on.
const RaceEnabled = raceEnabled
