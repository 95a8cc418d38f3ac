#!/usr/bin/env bash
# Compares the CPU cost of `sitrep annotate` for the build in the tree and
# for a named git commit, side by side: whole process, user + system CPU
# seconds (getrusage via /usr/bin/time), words per CPU-second and peak RSS,
# with the two builds run alternately so that load from other work hits both
# alike. It also times each build on a one-line file (the start-up cost),
# five times per round since one run is short enough for the load to swing
# it, and `sitrep help` (which loads no model) as often.
#
#   scripts/speed.sh                          34f788f, BBC business, 3 runs each
#   scripts/speed.sh COMMIT [FOLDER] [RUNS]
#
# Wall-clock time is not reported: on a shared machine it measures the load.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:-34f788f}
folder=${2:-../shared/data/bbc-news/business}
runs=${3:-3}
[ -d "$folder" ] || { echo "speed.sh: no folder $folder" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "speed.sh: needs /usr/bin/time (GNU time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building the tree and $commit ..." >&2
go build -o "$work/new" ./cmd/sitrep
tree="tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!scripts' || echo '+changes'))"
mkdir "$work/src"
git archive "$commit" | tar -x -C "$work/src"
(cd "$work/src" && go build -o "$work/old" ./cmd/sitrep)
echo "The minister said on Monday that the company would close its factory in Leeds." > "$work/one.txt"

words=$(find "$folder" -type f -exec cat {} + | wc -w)
files=$(find "$folder" -type f | wc -l)
echo "folder $folder: $files files, $words words; $runs runs of each build, alternating"

# run BUILD FILE: prints "cpu-seconds peak-rss-KiB" for one annotate run.
run() {
  /usr/bin/time -f "%U %S %M" -o "$work/t" "$work/$1" annotate "$2" >/dev/null 2>"$work/err" || true
  awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$work/t"
}

# small BUILD ARGS...: the mean CPU seconds of five runs of a short command.
small() {
  local b=$1; shift
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%U %S" -a -o "$work/s" "$work/$b" "$@" >/dev/null 2>&1 || true
  done
  tail -5 "$work/s" | awk '{ s += $1 + $2 } END { printf "%.3f\n", s / NR }'
}

printf "%-8s %-4s %10s %14s %10s %14s %10s\n" build run "CPU s" "words/CPU-s" "RSS MiB" "one-line CPU s" "help CPU s"
for i in $(seq "$runs"); do
  for b in old new; do
    read -r cpu rss < <(run "$b" "$folder")
    one=$(small "$b" annotate "$work/one.txt")
    help=$(small "$b" help)
    echo "$b $cpu $rss $one $help" >> "$work/all"
    printf "%-8s %-4s %10s %14.0f %10.0f %14s %10s\n" "$b" "$i" "$cpu" "$(echo "$words / $cpu" | bc -l)" \
      "$(echo "$rss / 1024" | bc -l)" "$one" "$help"
  done
done
echo
# Medians per build, and the ratio old/new.
for b in old new; do
  med() { grep "^$b " "$work/all" | awk -v c="$1" '{print $c}' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  cpu=$(med 2); rss=$(med 3); one=$(med 4); help=$(med 5)
  echo "$b $cpu $rss $one" >> "$work/med"
  label=$commit; [ "$b" = new ] && label=$tree
  printf "median %-28s CPU %6.2f s  %8.0f words/CPU-s  RSS %5.0f MiB  one-line %5.3f CPU s  help %5.3f CPU s\n" \
    "$label" "$cpu" "$(echo "$words / $cpu" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$one" "$help"
done
awk 'NR==1 {c=$2; o=$4} NR==2 {printf "old/new: %.2fx less CPU on the folder, %.2fx on one line\n", c/$2, o/$4}' "$work/med"
