package geo

import (
	"fmt"
	"os"
	"testing"

	"sitrep/internal/actors"
	geostage "sitrep/internal/geo"
)

func TestZZDebug(t *testing.T) {
	gold, _ := ReadGold("../../../../shared/data", "fit")
	st := actors.New(actors.Options{})
	out, _ := os.Create("/tmp/geo-w/debug2.txt")
	defer out.Close()
	for _, c := range gold {
		docs, _ := Annotate(c.Articles, st, false, geostage.New())
		for i, d := range docs {
			preds := predictions(d, st.Gazetteer())
			for _, gt := range c.Articles[i].gold {
				hit := false
				for _, p := range preds {
					hit = hit || p.Overlaps(gt.Span)
				}
				if hit {
					continue
				}
				cover := ""
				for _, e := range d.Entities {
					for _, m := range e.Mentions {
						if m.Overlaps(gt.Span) {
							cover += fmt.Sprintf(" [%s %s %q key=%s cc=%s]", e.Type, m.Kind, m.In(d.Text), e.Key, e.Country)
						}
					}
				}
				ctx := d.Text[max(0, gt.Start-40):min(len(d.Text), gt.End+40)]
				fmt.Fprintf(out, "%s\t%q\t%s\t%q\n", c.Name, gt.In(d.Text), cover, ctx)
			}
		}
	}
}
