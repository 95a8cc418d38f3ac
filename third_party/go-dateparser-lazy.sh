#!/usr/bin/env bash
# Makes go-dateparser's locale data lazy (see third_party/go-dateparser/README.sitrep.md).
#
# Upstream builds all 500-odd locales (about 5,000 regular expressions and
# their translation maps) in init() functions of internal/data, 78 MB in
# 335,000 allocations, in every program that imports go-htmldate, whatever
# it does. This rewrites each locale file's init() into a function run
# through a sync.Once of that file when GetLocaleData first returns one of
# its locales. No locale merges a parent from another file, so a file's
# loader is self-contained; the data built are the same values as before.
#
# Run from the repository root on a fresh copy of the module's internal/data:
#   third_party/go-dateparser-lazy.sh third_party/go-dateparser/internal/data
set -euo pipefail
dir=${1:?usage: go-dateparser-lazy.sh DATADIR}
cd "$dir"
grep -q 'func init()' en.go || { echo "already patched?" >&2; exit 1; }
map=$(mktemp)
trap 'rm -f "$map"' EXIT
for f in [a-z]*.go; do
  id=$(basename "$f" .go | tr -- '-' '_')
  grep -c '^func init() {$' "$f" | grep -qx 1 || { echo "$f: expected one init" >&2; exit 1; }
  perl -0pi -e "s/^func init\\(\\) \\{\$/var ${id}Once sync.Once\n\n\/\/ load_${id} builds the locales of this file (it was init, sitrep patch).\nfunc load_${id}() {/m" "$f"
  perl -0pi -e 's/^import "github.com\/markusmobius\/go-dateparser\/internal\/regexp"$/import (\n\t"sync"\n\n\t"github.com\/markusmobius\/go-dateparser\/internal\/regexp"\n)/m or s/^import \(\n/import (\n\t"sync"\n/m or s/^package data\n/package data\n\nimport "sync"\n/m' "$f"
  # Every locale variable declared in this file belongs to its loader.
  perl -ne "print \"\$1 ${id}\\n\" if /^\\t(\\w+_Locale)\\s+LocaleData\$/" "$f" >> "$map"
done
perl -pi -e '
  BEGIN { open M, "<", "'"$map"'" or die; while (<M>) { chomp; ($v, $id) = split / /; $file{$v} = $id } }
  if (/^\t\treturn &(\w+), true$/) { $id = $file{$1} // die "no file for $1"; $_ = "\t\t${id}Once.Do(load_${id})\n$_" }
' 00-locale-data.go
gofmt -l . | grep . && { echo "not gofmt-clean" >&2; exit 1; } || true
