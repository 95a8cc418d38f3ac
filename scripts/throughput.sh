#!/usr/bin/env bash
# Measures the whole scale-out path — queue -> workers -> PostgreSQL — with 1
# and then 2 worker processes, over BBC News plus the Reuters-21578 training
# file, and prints documents/s and words/s for each (docs/BENCHMARKS.md).
# Needs PostgreSQL and NATS on 127.0.0.1 (scripts/services.sh starts them).
#
#   scripts/throughput.sh            all 2,225 + 13,585 articles
#   LIMIT=2000 scripts/throughput.sh the first 2,000 Reuters articles only
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SITREP_DATA:-../shared/data}
pg=${SITREP_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
nats=${SITREP_TEST_NATS:-nats://127.0.0.1:4222}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

scripts/services.sh start
go build -o "$work/sitrep" ./cmd/sitrep
go run ./tools/reuters2jsonl "$data/reuters21578/reut2-train-and-notused.sgm.gz" > "$work/reuters.jsonl"
if [ -n "${LIMIT:-}" ]; then head -n "$LIMIT" "$work/reuters.jsonl" > "$work/r" && mv "$work/r" "$work/reuters.jsonl"; fi
docs=$(( $(ls "$data"/bbc-news/*/*.txt | wc -l) + $(wc -l < "$work/reuters.jsonl") ))
words=$(( $(cat "$data"/bbc-news/*/*.txt | wc -w) + $(wc -w < "$work/reuters.jsonl") ))
echo "corpus: $docs documents, $words words (BBC News + Reuters-21578 train)"

for workers in 1 2; do
  db="sitrep_tp_$$_$workers"
  psql "$pg" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  url="${pg%/*}/$db?sslmode=disable"
  stream="TP$$W$workers"
  "$work/sitrep" ingest --queue "$nats" --stream "$stream" "$data/bbc-news" "$work/reuters.jsonl" 2>"$work/queue.log" || true
  start=$(date +%s.%N)
  for i in $(seq "$workers"); do
    "$work/sitrep" worker --queue "$nats" --stream "$stream" --db "$url" --workers 1 --exit-when-idle 3s \
      2>"$work/worker$i.log" &
  done
  wait
  end=$(date +%s.%N)
  stored=$(psql "$url" -tAc "SELECT COUNT(*) FROM documents")
  awk -v w="$workers" -v n="$stored" -v s="$start" -v e="$end" -v words="$words" 'BEGIN {
    secs = e - s - 3  # less the idle wait before the workers exit
    printf "%d worker(s): %d documents stored in %.1f s: %.1f docs/s, %.0f words/s\n", w, n, secs, n / secs, words / secs }' 
  psql "$pg" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
done
