// Package export writes stored events in the formats other tools read:
// GDELT 2.0 event-table rows, PLOVER JSON Lines, CSV with a header,
// GraphML (the actor network, for Gephi) and GeoJSON (located events, for
// QGIS and web maps).
package export

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"sitrep/internal/geo"
	"sitrep/internal/store"
)

// Format is an export format.
type Format string

// Formats.
const (
	GDELT   Format = "gdelt"
	PLOVER  Format = "plover"
	CSV     Format = "csv"
	GraphML Format = "graphml"
	GeoJSON Format = "geojson"
)

// Formats lists every format, for usage messages.
var Formats = []Format{GDELT, PLOVER, CSV, GraphML, GeoJSON}

// batch is how many events are read from the store at a time.
const batch = 2000

// Write writes the events matching f in format to w. For GraphML the
// events are aggregated into the actor network (f.Actor, f.Since and
// f.Until select the events; the other filters do not apply). f.Limit, when
// set, caps the number of events.
func Write(ctx context.Context, w io.Writer, st store.Store, format Format, f store.EventFilter) error {
	switch format {
	case GDELT, PLOVER, CSV:
	case GeoJSON:
		f.Located = true // a feature needs a point
	case GraphML:
		net, err := st.Network(ctx, store.NetworkFilter{Since: f.Since, Until: f.Until, Actor: f.Actor,
			Exact: f.View == store.Exact})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return WriteGraphML(w, net, f.View)
	default:
		return fmt.Errorf("export: unknown format %q", format)
	}
	var rw rowWriter
	switch format {
	case GDELT:
		rw = newGDELTWriter(w)
	case PLOVER:
		rw = newPLOVERWriter(w)
	case CSV:
		rw = newCSVWriter(w)
	case GeoJSON:
		rw = newGeoJSONWriter(w)
	}
	limit := f.Limit
	written := 0
	for offset := f.Offset; ; offset += batch {
		f.Offset, f.Limit = offset, batch
		if limit > 0 {
			f.Limit = min(batch, limit-written)
		}
		rows, err := st.Events(ctx, f)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, r := range rows {
			if err := rw.write(r); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
		written += len(rows)
		if len(rows) < f.Limit || (limit > 0 && written >= limit) {
			break
		}
	}
	if err := rw.flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

type rowWriter interface {
	write(r store.EventRow) error
	flush() error
}

// first returns the first party, or a zero one.
func first(ps []store.Party) store.Party {
	if len(ps) == 0 {
		return store.Party{}
	}
	return ps[0]
}

// QuadClass is the CAMEO quad class of an event code: 1 verbal
// cooperation (roots 01-05), 2 material cooperation (06-09), 3 verbal
// conflict (10-14), 4 material conflict (15-20); 0 when unknown.
func QuadClass(cameo string) int {
	if len(cameo) < 2 {
		return 0
	}
	root, err := strconv.Atoi(cameo[:2])
	if err != nil {
		return 0
	}
	switch {
	case root >= 1 && root <= 5:
		return 1
	case root >= 6 && root <= 9:
		return 2
	case root >= 10 && root <= 14:
		return 3
	case root >= 15 && root <= 20:
		return 4
	}
	return 0
}

// GDELTColumns are the 61 columns of the GDELT 2.0 event table, in order,
// as the GDELT Event Database Data Format Codebook V2.0 (2015-02-19) lists
// them.
var GDELTColumns = []string{
	"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
	"Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
	"Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
	"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
	"NumMentions", "NumSources", "NumArticles", "AvgTone",
	"Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
	"Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
	"Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
	"Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
	"ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
	"DATEADDED", "SOURCEURL",
}

// gdeltWriter writes GDELT 2.0 event rows: tab-separated, no header, one
// row per event mention. What sitrep does not know (known groups,
// ethnicity, religion, tone, geography) is left empty or 0. Negated events
// are left out: GDELT records only what happened.
type gdeltWriter struct {
	w   io.Writer
	buf []string
}

func newGDELTWriter(w io.Writer) *gdeltWriter {
	return &gdeltWriter{w: w, buf: make([]string, len(GDELTColumns))}
}

// gdeltDate parses an event date, falling back on the publication date,
// and reports false when neither is a full or month date.
func gdeltDate(r store.EventRow) (time.Time, bool) {
	for _, s := range []string{r.Date, r.Published} {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return t, true
		}
		if t, err := time.Parse("2006-01", s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// cameoActor is the CAMEO actor code of a party: its country code followed
// by its sector ("USAGOV", "RUSMIL"), or the sector alone for a body of no
// state ("IGO").
func cameoActor(p store.Party) string {
	return p.Country + p.Sector
}

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

func (g *gdeltWriter) write(r store.EventRow) error {
	if r.Negated {
		return nil
	}
	date, ok := gdeltDate(r)
	if !ok {
		return nil
	}
	c := g.buf
	for i := range c {
		c[i] = ""
	}
	c[0] = strconv.FormatInt(r.ID, 10)
	c[1] = date.Format("20060102")
	c[2] = date.Format("200601")
	c[3] = date.Format("2006")
	c[4] = strconv.FormatFloat(float64(date.Year())+float64(date.YearDay())/365, 'f', 4, 64)
	for i, p := range []store.Party{first(r.Actors), first(r.Recipients)} {
		o := 5 + 10*i
		if p.Name == "" {
			continue
		}
		c[o] = cameoActor(p)
		c[o+1] = strings.ToUpper(clean(p.Name))
		c[o+2] = p.Country
		c[o+7] = p.Sector
	}
	root := "0"
	if r.Start == 0 {
		root = "1" // the event is in the article's first sentence
	}
	c[25] = root
	c[26] = r.CAMEO
	if len(r.CAMEO) >= 3 {
		c[27] = r.CAMEO[:3]
	} else {
		c[27] = r.CAMEO
	}
	if len(r.CAMEO) >= 2 {
		c[28] = r.CAMEO[:2]
	}
	c[29] = strconv.Itoa(QuadClass(r.CAMEO))
	c[30] = strconv.FormatFloat(r.Goldstein, 'f', 1, 64)
	// NumMentions, NumSources, NumArticles: the story event's counts over
	// every stored document that reports it.
	c[31], c[32], c[33] = strconv.Itoa(max(r.Mentions, 1)), strconv.Itoa(max(r.Sources, 1)),
		strconv.Itoa(max(r.Articles, 1))
	c[34] = "0"
	// Geography: Actor1Geo and Actor2Geo when the party is itself a
	// resolved place, ActionGeo from the event's place; type 0 when none.
	for i, pl := range []*store.Place{first(r.Actors).Place, first(r.Recipients).Place, r.Place} {
		gdeltPlace(c[35+8*i:43+8*i], pl)
	}
	added := date
	if t, err := time.Parse("2006-01-02", r.Published); err == nil {
		added = t
	}
	c[59] = added.Format("20060102150405")
	c[60] = clean(r.URL)
	if c[60] == "" {
		c[60] = clean(r.Path)
	}
	_, err := io.WriteString(g.w, strings.Join(c, "\t")+"\n")
	return err
}

func (g *gdeltWriter) flush() error { return nil }

// gdeltPlace fills the eight columns of one GDELT geography (type, full
// name, country, ADM1, ADM2, lat, long, feature id) from a resolved place.
// GDELT's feature ids are GNS ids; sitrep writes the GeoNames id there.
func gdeltPlace(c []string, p *store.Place) {
	c[0] = "0"
	if p == nil || p.GeonameID == 0 || !p.HasPoint {
		return
	}
	typ, fips, adm1, ok := geo.GDELTGeo(int(p.GeonameID))
	if !ok {
		return
	}
	name := p.Name
	if p.Admin1 != "" && p.Admin1 != p.Name {
		name += ", " + p.Admin1
	}
	if typ != 1 {
		name += ", " + geo.CountryName(p.Country)
	}
	c[0] = strconv.Itoa(typ)
	c[1] = clean(name)
	c[2] = fips
	c[3] = adm1
	if typ == 1 {
		c[3] = fips
	}
	c[5] = strconv.FormatFloat(p.Lat, 'f', 4, 64)
	c[6] = strconv.FormatFloat(p.Lon, 'f', 4, 64)
	c[7] = strconv.FormatInt(p.GeonameID, 10)
}

// ploverEvent is one event in the PLOVER event data format (field names
// from the PLOVER specification, with sitrep's additions after them).
type ploverEvent struct {
	ID               string   `json:"id"`
	Date             string   `json:"date"`
	Event            string   `json:"event"`
	Mode             string   `json:"mode"`
	Context          []string `json:"context"`
	Actor            string   `json:"actor"`
	ActorCountry     string   `json:"actor_country"`
	ActorSector      string   `json:"actor_sector"`
	Recipient        string   `json:"recipient"`
	RecipientCountry string   `json:"recipient_country"`
	RecipientSector  string   `json:"recipient_sector"`
	Source           string   `json:"source"`
	SourceText       string   `json:"source_text"`
	Trigger          string   `json:"trigger"`
	Negated          bool     `json:"negated"`
	Modality         string   `json:"modality"`
	CAMEO            string   `json:"cameo"`
	Goldstein        float64  `json:"goldstein"`
	QuadClass        int      `json:"quad_class"`
	URL              string   `json:"url"`
	Title            string   `json:"title"`
	Publisher        string   `json:"publisher"`
	PubDate          string   `json:"pub_date"`
	Document         int64    `json:"document"`
	// The event's location (PLOVER's geolocation fields), "" / absent when
	// the text states none.
	Country   string   `json:"country,omitempty"`
	Admin1    string   `json:"admin1,omitempty"`
	Location  string   `json:"location,omitempty"`
	Lat       *float64 `json:"lat,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	GeonameID int64    `json:"geonameid,omitempty"`
	GeoType   string   `json:"geo_type,omitempty"`
}

type ploverWriter struct{ enc *json.Encoder }

func newPLOVERWriter(w io.Writer) *ploverWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &ploverWriter{enc: enc}
}

func (p *ploverWriter) write(r store.EventRow) error {
	a, b := first(r.Actors), first(r.Recipients)
	e := ploverEvent{
		ID: fmt.Sprintf("sitrep-%d", r.ID), Date: r.Date, Event: r.Type, Mode: r.Mode, Context: []string{},
		Actor: a.Name, ActorCountry: a.Country, ActorSector: a.Sector,
		Recipient: b.Name, RecipientCountry: b.Country, RecipientSector: b.Sector,
		Source: r.Source, SourceText: r.Evidence, Trigger: r.Trigger, Negated: r.Negated, Modality: r.Modality,
		CAMEO: r.CAMEO, Goldstein: r.Goldstein, QuadClass: QuadClass(r.CAMEO),
		URL: r.URL, Title: r.Title, Publisher: r.Outlet, PubDate: r.Published, Document: r.DocumentID,
	}
	if pl := r.Place; pl != nil {
		e.Location = pl.Entity
		if pl.GeonameID != 0 {
			e.Country, e.Admin1, e.Location, e.GeonameID, e.GeoType = pl.Country, pl.Admin1, pl.Name, pl.GeonameID, pl.Feature
		}
		if pl.HasPoint {
			lat, lon := pl.Lat, pl.Lon
			e.Lat, e.Lon = &lat, &lon
		}
	}
	return p.enc.Encode(e)
}

func (p *ploverWriter) flush() error { return nil }

// CSVColumns is the header of the CSV export.
var CSVColumns = []string{"id", "date", "type", "mode", "cameo", "goldstein", "quad_class", "negated", "modality",
	"actor", "actor_country", "recipient", "recipient_country", "source", "trigger", "evidence", "title", "outlet",
	"published", "url", "document"}

type csvWriter struct {
	w      *csv.Writer
	header bool
}

func newCSVWriter(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w)} }

// labels joins the labels of parties with "+".
func labels(ps []store.Party, f func(store.Party) string) string {
	var out []string
	for _, p := range ps {
		out = append(out, f(p))
	}
	return strings.Join(out, "+")
}

func (c *csvWriter) write(r store.EventRow) error {
	if !c.header {
		c.header = true
		if err := c.w.Write(CSVColumns); err != nil {
			return err
		}
	}
	name := func(p store.Party) string { return p.Name }
	country := func(p store.Party) string { return p.Country }
	return c.w.Write([]string{strconv.FormatInt(r.ID, 10), r.Date, r.Type, r.Mode, r.CAMEO,
		strconv.FormatFloat(r.Goldstein, 'f', -1, 64), strconv.Itoa(QuadClass(r.CAMEO)),
		strconv.FormatBool(r.Negated), r.Modality, labels(r.Actors, name), labels(r.Actors, country),
		labels(r.Recipients, name), labels(r.Recipients, country), r.Source, r.Trigger, r.Evidence, r.Title,
		r.Outlet, r.Published, r.URL, strconv.FormatInt(r.DocumentID, 10)})
}

func (c *csvWriter) flush() error {
	if !c.header {
		c.header = true
		if err := c.w.Write(CSVColumns); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// WriteGraphML writes the network as GraphML: actors are nodes (label,
// type, country, events), dyads are directed edges weighted by their number
// of events, with their mean Goldstein value.
func WriteGraphML(w io.Writer, net store.Network, v store.View) error {
	var b strings.Builder
	esc := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString(xml.Header)
	b.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="type" for="node" attr.name="type" attr.type="string"/>
  <key id="country" for="node" attr.name="country" attr.type="string"/>
  <key id="events" for="node" attr.name="events" attr.type="int"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="goldstein" for="edge" attr.name="goldstein" attr.type="double"/>
  <key id="view" for="graph" attr.name="view" attr.type="string"/>
  <graph id="sitrep" edgedefault="directed">
`)
	fmt.Fprintf(&b, "    <data key=\"view\">%s</data>\n", v)
	ids := map[string]string{}
	for i, n := range net.Nodes {
		id := "n" + strconv.Itoa(i)
		ids[n.ID] = id
		fmt.Fprintf(&b, `    <node id="%s"><data key="label">%s</data><data key="type">%s</data><data key="country">%s</data><data key="events">%d</data></node>`+"\n",
			id, esc(n.ID), esc(n.Type), esc(n.Country), n.Events)
	}
	for i, e := range net.Edges {
		fmt.Fprintf(&b, `    <edge id="e%d" source="%s" target="%s"><data key="weight">%d</data><data key="goldstein">%s</data></edge>`+"\n",
			i, ids[e.Source], ids[e.Target], e.Events, strconv.FormatFloat(e.Goldstein, 'f', 3, 64))
	}
	b.WriteString("  </graph>\n</graphml>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
