//go:build !race

package ner_test

const raceEnabled = false
