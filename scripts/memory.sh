#!/usr/bin/env bash
# Shows that a worker's memory stays flat over a long stream: queues BBC News
# and the Reuters-21578 training file (15,810 documents), runs one worker
# into a fresh PostgreSQL database, and samples its resident memory every
# INTERVAL seconds (default 10) until the queue is drained (docs/BENCHMARKS.md).
# Needs PostgreSQL and NATS on 127.0.0.1 (scripts/services.sh starts them).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${SITREP_DATA:-../shared/data}
pg=${SITREP_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
nats=${SITREP_TEST_NATS:-nats://127.0.0.1:4222}
interval=${INTERVAL:-10}
work=$(mktemp -d)
db="sitrep_mem_$$"
trap 'rm -rf "$work"; psql "$pg" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

scripts/services.sh start
go build -o "$work/sitrep" ./cmd/sitrep
go run ./tools/reuters2jsonl "$data/reuters21578/reut2-train-and-notused.sgm.gz" > "$work/reuters.jsonl" 2>/dev/null
psql "$pg" -qc "CREATE DATABASE $db" >/dev/null
url="${pg%/*}/$db?sslmode=disable"
stream="MEM$$"
"$work/sitrep" ingest --queue "$nats" --stream "$stream" "$data/bbc-news" "$work/reuters.jsonl" 2>/dev/null || true
"$work/sitrep" worker --queue "$nats" --stream "$stream" --db "$url" --workers 2 --exit-when-idle 3s 2>"$work/worker.log" &
pid=$!
echo "seconds  stored  rss_mib"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
  stored=$(psql "$url" -tAc "SELECT COUNT(*) FROM documents" 2>/dev/null || echo 0)
  printf "%7d  %6s  %7s\n" $(( $(date +%s) - start )) "$stored" "$rss"
  sleep "$interval"
done
wait "$pid" || true
tail -1 "$work/worker.log"
