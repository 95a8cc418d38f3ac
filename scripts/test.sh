#!/usr/bin/env bash
# Runs every test of sitrep on a fresh machine: installs what is missing
# (Go modules; PostgreSQL and NATS where they do not already run), checks
# formatting and vet, runs the whole suite with the race detector, and fuzzes
# every parser briefly. Data-driven tests read ../shared/data and skip with a
# message where it is absent.
#
#   scripts/test.sh                 everything
#   FUZZTIME=30s scripts/test.sh    fuzz longer
#   FUZZTIME=0 scripts/test.sh      no fuzzing
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH=$PATH:/usr/local/go/bin:$HOME/go/bin
if ! command -v go >/dev/null 2>&1; then
  echo "test: Go is not installed; install Go 1.26 or newer (https://go.dev/dl)" >&2
  exit 1
fi

echo "== services"
scripts/services.sh start
trap 'scripts/services.sh stop' EXIT
export SITREP_REQUIRE_POSTGRES=1 SITREP_REQUIRE_NATS=1

# --- web UI browser test (issue 7): headless Chromium for internal/server TestBrowser
echo "== chromium"
scripts/chromium.sh
export SITREP_REQUIRE_CHROMIUM=1
export SITREP_ARTIFACTS=${SITREP_ARTIFACTS:-$PWD/artifacts}
# --- end web UI block

echo "== modules"
go mod download

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== vet"
go vet ./...

echo "== test (race)"
go test -race -timeout 25m ./...

# --- the browser tests on big databases (issue 18): every page on 4,000+
# BBC and Reuters articles, the network on thousands of generated actors.
# Built with the real binary, not under -race (the race detector makes the
# pure-Go SQLite minutes slower per page); SITREP_UI_BIG_DB and
# SITREP_NETWORK_BIG_DB name existing databases to use instead.
echo "== browser tests on big databases"
big=$(mktemp -d)
go build -o "$big/sitrep" ./cmd/sitrep
ui_db=${SITREP_UI_BIG_DB:-}
if [ -z "$ui_db" ] && [ -d ../shared/data/bbc-news ] && [ -f ../shared/data/reuters21578/reut2-train-and-notused.sgm.gz ]; then
  go run ./tools/reuters2jsonl ../shared/data/reuters21578/reut2-train-and-notused.sgm.gz > "$big/reuters-all.jsonl"
  head -2000 "$big/reuters-all.jsonl" > "$big/reuters.jsonl"
  "$big/sitrep" ingest --db "$big/ui.db" ../shared/data/bbc-news "$big/reuters.jsonl"
  ui_db=$big/ui.db
fi
net_db=${SITREP_NETWORK_BIG_DB:-}
if [ -z "$net_db" ]; then
  go run ./tools/genevents --db "$big/net.db" --events 200000 --synthetic --actors 5000
  net_db=$big/net.db
fi
SITREP_UI_BIG_DB=$ui_db SITREP_NETWORK_BIG_DB=$net_db go test -count=1 -timeout 20m \
  -run 'TestBrowserUI|TestBrowserNetwork' ./internal/server
rm -rf "$big"

fuzztime=${FUZZTIME:-5s}
if [ "$fuzztime" != "0" ]; then
  echo "== fuzz ($fuzztime each)"
  for pkg in $(go list ./...); do
    dir=$(go list -f '{{.Dir}}' "$pkg")
    for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
      echo "-- $pkg $target"
      # A real finding writes its failing input; a run that fails without
      # one (the engine's own "context deadline exceeded" at the end of a
      # short -fuzztime) is tried once more.
      if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/sitrep-fuzz.log 2>&1; then
        if grep -q "Failing input written" /tmp/sitrep-fuzz.log ||
          ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/sitrep-fuzz.log 2>&1; then
          cat /tmp/sitrep-fuzz.log; exit 1
        fi
      fi
    done
  done
fi
echo "== all tests passed"
