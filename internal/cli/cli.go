// Package cli is the sitrep command line: it parses flags into options,
// builds the pipeline and the store, and runs one subcommand.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// Exit statuses, as CONTRACT.md fixes them.
const (
	exitOK      = 0 // every input was read
	exitPartial = 1 // some input could not be read, or the command failed
	exitUsage   = 2 // the command line was wrong
)

const usage = `sitrep turns news articles into a situation picture: who did what to whom,
when, where, and who said so. Every fact carries the byte offsets of its
evidence in the article's clean text.

Usage:

	sitrep <command> [flags] [arguments]

Reading articles:

	annotate [--published YYYY-MM-DD] [--raw] [--tokens] [--workers N] PATH...
		Annotate files, directories (walked in lexical order) or - (standard
		input) and write one JSON object per document to standard output. The
		format (HTML, plain text, JSON Lines of {"text","published","url",
		"title"} records) is detected from the content. --published gives the
		publication date when the document states none; --raw says the input
		is already clean body text, so offsets index the input itself.
		--tokens also writes sentences and tokens with their tags;
		--workers is how many documents are processed at once (default 2).

		sitrep annotate ../shared/seeds/000_57238355a648e998.txt
		sitrep annotate --published 2016-08-12 article.txt | jq '.events'

	stories [--published YYYY-MM-DD] [--raw] [--threshold X] [--workers N] PATH...
		Read and annotate documents like annotate and write, one line per
		document in input order, {"path","story","duplicate_of"}: documents
		reporting the same happening share a story id; a wire copy or
		re-send names the earlier document it repeats.

		sitrep stories --published 2017-06-12 articles/ | jq -r .story | sort | uniq -c

	ingest [--db URL] [--published YYYY-MM-DD] [--raw] [--workers N] [--quiet]
	       [--queue nats://HOST:PORT [--stream NAME]] [--log text|json] PATH...
		Annotate and store, creating the database if needed. Storing the
		same content twice changes nothing. --workers documents at once
		(default 2); --quiet hides the progress display. With --queue,
		publish the documents to a NATS JetStream work queue (stream --stream,
		default SITREP) for 'sitrep worker' processes instead of annotating
		here.

	watch --sources FILE [--db URL | --queue nats://HOST:PORT] [--every 5m]
	      [--contact URL] [--once] [--keep-raw DIR] [--log text|json] [--quiet]
	      [--workers N] [--stream NAME] [--agent NAME] [--interval 1s]
	      [--per-host N] [--timeout 30s] [--max-bytes N] [--lease 10m]
		Follow the RSS, Atom and JSON feeds and news sitemaps listed in FILE
		(one URL a line, optionally followed by the outlet's name and country
		code). Every new article is fetched once (robots.txt honoured, one
		request a second per host), annotated and stored, or queued for
		workers with --queue. What was seen is kept in the store, so a
		watcher can be killed and restarted, and several can share a store.

		echo 'https://feeds.bbci.co.uk/news/world/rss.xml BBC News GBR' > feeds.txt
		sitrep watch --sources feeds.txt --db news.db --contact mailto:me@example.org
		sitrep watch --failed --db news.db    # articles not stored, with the reason

	annotate and ingest also read web archives (WARC, WARC.gz: CC-NEWS):
	each HTML response record is a document with its URL and fetch date.

	demo [--db URL]
		Ingest the example corpus shipped with sitrep into a fresh database
		(default: a temporary file) and print the situation: for each pair of
		actors, their dated events in order with the evidence.

Asking the database:

	events [--db URL] [--actor CODE] [--recipient CODE] [--type T]
	       [--modality M] [--since D] [--until D] [--limit N] [--offset N]
	       [--country CODE] [--near LAT,LON,RADIUSkm] [--view rolled|exact]
	       [--format table|jsonl]
		Events in date order. CODE is a country code (USA), a canonical name
		("Islamic State") or a gazetteer key. --view rolled (the default)
		counts a party toward its state, so that --actor USA takes in Kerry
		and the State Department; --view exact takes each actor on its own,
		by its key (--actor "john kerry", --actor USA for the state itself).
		events, actors and export print the view (jsonl: "View"), the API
		takes view=exact|rolled and answers with "view". The query commands (events,
		actors, quotes, export) print --limit rows (0: all) after skipping
		--offset, as aligned columns or --format jsonl; they never create a
		database: a missing SQLite file is an error (exit 1).

		sitrep events --actor USA --recipient RUS --since 2016-01-01

	actors [--db URL] [--country CODE] [--type PER|ORG|GPE|LOC|MISC] [--name S]
	       [--limit N] [--offset N] [--view rolled|exact] [--format table|jsonl]
	actors --aliases KEY | merge KEY OTHER | split KEY OTHER | decisions [--db URL]

		One actor per entity key. --aliases lists the names and documents behind
		an actor; merge and split record an analyst's decision that every later
		ingest respects. NODE is the code an actor counts toward in the --view:
		its state (rolled) or its key (exact).

		sitrep actors merge "tony blair" "per:surname:blair?"

	quotes [--db URL] [--speaker NAME] [--country CODE] [--mentions S] [--direct|--reported]
	       [--since D] [--until D] [--limit N] [--offset N] [--format table|jsonl]

		sitrep quotes --speaker Spicer

	serve [--db URL] [--create] [--addr HOST:PORT] [--token-file F] [--log text|json]
		Serve the JSON API (described at /api/openapi.json), the web UI and
		Prometheus metrics at /metrics (default 127.0.0.1:8080). Read-only
		unless a token is given (--token-file or $SITREP_TOKEN), which
		enables POST /api/documents. A missing SQLite database is an error
		unless --create is given.

		sitrep serve --db ./sitrep.db
		curl 'http://127.0.0.1:8080/api/events?actor=USA&recipient=RUS'

	export --format gdelt|plover|csv|graphml|geojson [--db URL] [--actor CODE]
	       [--recipient CODE] [--type T] [--modality M] [--country CODE]
	       [--since D] [--until D] [--limit N] [--place-country CODE]
	       [--near LAT,LON,RADIUSkm] [--view rolled|exact]
		Write stored events as GDELT 2.0 event rows, PLOVER JSON Lines or CSV,
		or the actor network as GraphML for Gephi.

		sitrep export --format graphml > actors.graphml

	worker --queue nats://HOST:PORT --db URL [--stream NAME] [--workers N]
	       [--ack-wait DURATION] [--exit-when-idle DURATION]
		Consume queued documents, annotate and store them, --workers at once
		(default 2), from the JetStream stream --stream (default SITREP, as
		for ingest --queue). A document a dead worker held goes to another
		after --ack-wait (default 30s); --exit-when-idle 1m exits once the
		queue has been empty a minute (default: run until stopped). Each time
		the queue drains, a worker re-resolves actor identities over the whole
		store, as ingest does at its end.

Models and measurement:

	tag [--format conll] < FILE       add a predicted IOB2 entity column to CoNLL-2003 lines
	parse [--format conllu] < FILE    predict UPOS, XPOS, HEAD, DEPREL (and LEMMA) for CoNLL-U words
	train pos|parse|ner|clusters|events [--data DIR] [--out FILE] [--cv K]
	      [--bag N] [--epochs N] [--neg W] [--lexneg]   (events only)
		Rebuild a shipped model from ../shared/data, deterministically.
	eval pos|parse|ner|timex|quotes|plover|plv|extract|dates|geo|identity|stories [--data DIR] [--v] [PATH]
		Print accuracy on a public development set (see docs/ACCURACY.md);
		--v lists every miss (corpus, seeds).

The store:

	--db names the store everywhere: a path or sqlite:PATH for the embedded
	SQLite database (default ./sitrep.db), postgres://... for PostgreSQL.

Exit status: 0 when every input was read, 1 when some could not be (each is
named on standard error), 2 for a usage error.
`

// command is one subcommand.
type command struct {
	name string
	run  func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// errUsage marks a command-line error (exit status 2).
var errUsage = errors.New("usage")

// errPartial marks a run in which some inputs could not be read (exit 1);
// they were already named on stderr.
var errPartial = errors.New("some inputs could not be read")

func commands() []command {
	return []command{
		{"annotate", runAnnotate},
		{"stories", runStories},
		{"ingest", runIngest},
		{"watch", runWatch},
		{"demo", runDemo},
		{"events", runEvents},
		{"actors", runActors},
		{"quotes", runQuotes},
		{"serve", runServe},
		{"export", runExport},
		{"worker", runWorker},
		{"tag", runTag},
		{"parse", runParse},
		{"train", runTrain},
		{"eval", runEval},
	}
}

// Main runs sitrep with args (without the program name) and returns the exit
// status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			if msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": "); msg != errUsage.Error() {
				fmt.Fprintf(stderr, "sitrep %s: %s\n", c.name, msg)
			}
			fmt.Fprintf(stderr, "run 'sitrep help' for usage\n")
			return exitUsage
		case errors.Is(err, errPartial):
			return exitPartial
		default:
			fmt.Fprintf(stderr, "sitrep %s: %v\n", c.name, err)
			return exitPartial
		}
	}
	fmt.Fprintf(stderr, "sitrep: unknown command %q\nrun 'sitrep help' for usage\n", args[0])
	return exitUsage
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// ("sitrep annotate file.txt --raw"), and wraps errors as usage errors.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// validDate checks a YYYY-MM-DD flag value.
func validDate(name, s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return usageErr("--%s %q: want a date YYYY-MM-DD", name, s)
	}
	return nil
}
