package cli

import "sitrep/internal/eval/geo"

// geoEvalOptions reads `sitrep eval geo` arguments: the dev half to score
// ("fit", "report", the default, or "all") and "no-ner" to run segment and
// actors only, as the evaluation did before the geo stage; "no-rec" leaves
// toponym recognition to the actors stage (the geo stage's recogniser off).
func geoEvalOptions(args []string) geo.Options {
	var o geo.Options
	for _, a := range args {
		switch a {
		case "fit", "report", "all":
			o.Half = a
		case "no-ner":
			o.NoNER = true
		case "no-rec":
			o.NoRecogniser = true
		}
	}
	return o
}
