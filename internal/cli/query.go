package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"sitrep/internal/store"
	"sitrep/internal/store/sqlstore"
)

// queryOptions are the flags shared by the commands that read the store.
type queryOptions struct {
	db     string
	limit  int
	offset int
	format string
}

func (o *queryOptions) register(fs interface {
	StringVar(*string, string, string, string)
	IntVar(*int, string, int, string)
}) {
	fs.StringVar(&o.db, "db", sqlstore.DefaultURL, "store `URL`: a path, sqlite:PATH or postgres://...")
	fs.IntVar(&o.limit, "limit", 0, "at most `N` rows (0: all)")
	fs.IntVar(&o.offset, "offset", 0, "skip the first `N` rows")
	fs.StringVar(&o.format, "format", "table", "output: table (one row per line) or jsonl")
}

func (o *queryOptions) check() error {
	if o.format != "table" && o.format != "jsonl" {
		return usageErr("--format %q: want table or jsonl", o.format)
	}
	if o.limit < 0 || o.offset < 0 {
		return usageErr("--limit and --offset must not be negative")
	}
	return nil
}

// table writes aligned rows, one record per line. The header line is
// written only to a terminal, so that piped output has one line per record.
type table struct {
	tw     *tabwriter.Writer
	header bool
}

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0), header: isTerminal(w)}
	if t.header {
		t.row(header...)
	}
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		cells[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c)
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func writeJSONL[T any](w io.Writer, rows []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func parties(ps []store.Party) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Label())
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, "+")
}

// eventMood is the short form of an event's negation and modality.
func eventMood(r store.EventRow) string {
	var m []string
	if r.Negated {
		m = append(m, "NOT")
	}
	if r.Modality != "" {
		m = append(m, r.Modality)
	}
	if len(m) == 0 {
		return "-"
	}
	return strings.Join(m, ",")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// runQuery finishes a query command once its own flags are registered on
// fs: it parses args, checks the flags (check may be nil), opens the store,
// fetches the rows and prints them as a table or JSON Lines.
func runQuery[R any](ctx context.Context, e *env, fs *flag.FlagSet, o *queryOptions, args []string,
	check func() error, fetch func(context.Context, store.Store) ([]R, error),
	header []string, row func(R) []string) error {
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("unexpected argument %q", rest[0])
	}
	if err := o.check(); err != nil {
		return err
	}
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	st, err := openExisting(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := fetch(ctx, st)
	if err != nil {
		return err
	}
	if o.format == "jsonl" {
		return writeJSONL(e.stdout, rows)
	}
	t := newTable(e.stdout, header...)
	for _, r := range rows {
		t.row(row(r)...)
	}
	return t.flush()
}

func runEvents(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "events")
	var o queryOptions
	o.register(fs)
	var f store.EventFilter
	fs.StringVar(&f.Actor, "actor", "", "actor `CODE`: country code, canonical name or key")
	fs.StringVar(&f.Recipient, "recipient", "", "recipient `CODE`")
	fs.StringVar(&f.Type, "type", "", "PLOVER event `TYPE` (COOPERATE, ASSAULT, ...)")
	fs.StringVar(&f.Modality, "modality", "", "asserted, future, hypothetical or claimed")
	fs.StringVar(&f.Since, "since", "", "events on or after `YYYY-MM-DD`")
	fs.StringVar(&f.Until, "until", "", "events on or before `YYYY-MM-DD`")
	view := fs.String("view", "rolled", viewUsage)
	near := registerPlaceFlags(fs, &f)
	return runQuery(ctx, e, fs, &o, args,
		func() error {
			var err error
			if f.View, err = parseViewFlag(*view); err != nil {
				return err
			}
			if err := validDate("since", f.Since); err != nil {
				return err
			}
			if err := near(); err != nil {
				return err
			}
			return validDate("until", f.Until)
		},
		func(ctx context.Context, st store.Store) ([]viewedEvent, error) {
			f.Limit, f.Offset = o.limit, o.offset
			rows, err := st.Events(ctx, f)
			out := make([]viewedEvent, len(rows))
			for i, r := range rows {
				out[i] = viewedEvent{r, f.View.String()}
			}
			return out, err
		},
		[]string{"DATE", "TYPE", "MOOD", "ACTOR", "RECIPIENT", "CAMEO", "GS", "SOURCES", "PLACE", "EVIDENCE"},
		func(v viewedEvent) []string {
			r := v.EventRow
			return []string{orDash(r.Date), r.Type, eventMood(r), parties(r.Actors), parties(r.Recipients),
				orDash(r.CAMEO), fmt.Sprintf("%+.1f", r.Goldstein), fmt.Sprint(max(r.Sources, 1)), placeLabel(r.Place),
				clip(r.Evidence, 90)}
		})
}

func runActors(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "merge" || args[0] == "split" || args[0] == "decisions") {
		return runActorDecision(ctx, e, args[0], args[1:])
	}
	if hasAliasesFlag(args) {
		return runActorAliases(ctx, e, args)
	}
	fs := newFlags(e, "actors")
	var o queryOptions
	o.register(fs)
	var f store.ActorFilter
	fs.StringVar(&f.Country, "country", "", "country `CODE` (ISO alpha-3)")
	fs.StringVar(&f.Type, "type", "", "PER, ORG, GPE, LOC or MISC")
	fs.StringVar(&f.Name, "name", "", "part of the canonical `NAME`")
	view := fs.String("view", "rolled", viewUsage)
	var v store.View
	return runQuery(ctx, e, fs, &o, args,
		func() (err error) {
			v, err = parseViewFlag(*view)
			return err
		},
		func(ctx context.Context, st store.Store) ([]viewedActor, error) {
			f.Limit, f.Offset = o.limit, o.offset
			rows, err := st.Actors(ctx, f)
			out := make([]viewedActor, len(rows))
			for i, r := range rows {
				out[i] = viewedActor{r, v.Node(store.Party{Name: r.Name, Country: r.Country, Type: r.Type, Key: r.Key}),
					v.String()}
			}
			return out, err
		},
		[]string{"NAME", "TYPE", "COUNTRY", "ROLE", "DOCS", "MENTIONS", "EVENTS", "NODE"},
		func(a viewedActor) []string {
			r := a.ActorRow
			return []string{r.Name, r.Type, orDash(r.Country), orDash(r.Role), fmt.Sprint(r.Documents),
				fmt.Sprint(r.Mentions), fmt.Sprint(r.Events), a.Node}
		})
}

func runQuotes(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "quotes")
	var o queryOptions
	o.register(fs)
	var f store.QuoteFilter
	fs.StringVar(&f.Speaker, "speaker", "", "part of the speaker's `NAME`")
	fs.StringVar(&f.Country, "country", "", "the speaker's country `CODE`")
	fs.StringVar(&f.Mentions, "mentions", "", "quotes whose words contain `TEXT`")
	fs.StringVar(&f.Since, "since", "", "published on or after `YYYY-MM-DD`")
	fs.StringVar(&f.Until, "until", "", "published on or before `YYYY-MM-DD`")
	direct := fs.Bool("direct", false, "only direct quotations")
	reported := fs.Bool("reported", false, "only reported speech")
	return runQuery(ctx, e, fs, &o, args,
		func() error {
			if *direct && *reported {
				return usageErr("--direct and --reported exclude each other")
			}
			if *direct || *reported {
				f.Direct = direct
			}
			if err := validDate("since", f.Since); err != nil {
				return err
			}
			return validDate("until", f.Until)
		},
		func(ctx context.Context, st store.Store) ([]store.QuoteRow, error) {
			f.Limit, f.Offset = o.limit, o.offset
			return st.Quotes(ctx, f)
		},
		[]string{"PUBLISHED", "SPEAKER", "COUNTRY", "KIND", "QUOTE"},
		func(r store.QuoteRow) []string {
			kind := "reported"
			if r.Direct {
				kind = "direct"
			}
			return []string{orDash(r.Published), orDash(r.Speaker), orDash(r.Country), kind, clip(r.Text, 100)}
		})
}
