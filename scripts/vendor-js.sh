#!/usr/bin/env bash
# Vendors the JavaScript libraries the web UI draws with (chart.js for the
# timelines; sigma.js, graphology and graphology-layout-forceatlas2 for the
# actor network) from the npm registry into internal/server/web/static/vendor/,
# with their LICENSE files. The files are committed, so `go build` needs
# neither npm nor a network; run this script only to upgrade, then record the
# versions in docs/ui.md.
#
# sigma and graphology ship UMD bundles that are copied as they are.
# graphology-layout-forceatlas2 ships CommonJS only: esbuild bundles it once,
# here, into one script (global graphologyFA2: the layout, its iterate step,
# helpers and default settings) that the network's layout worker imports. Nothing is built
# when the server runs.
#
#   scripts/vendor-js.sh                      the pinned versions below
#   CHARTJS=4.6.1 SIGMA=3.0.3 scripts/vendor-js.sh
set -euo pipefail
cd "$(dirname "$0")/.."

chartjs=${CHARTJS:-4.6.1}
sigma=${SIGMA:-3.0.3}
graphology=${GRAPHOLOGY:-0.26.0}
fa2=${FA2:-0.10.1}
esbuild=${ESBUILD:-0.28.2}
out=internal/server/web/static/vendor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && \
  npm install --no-audit --no-fund "chart.js@$chartjs" "sigma@$sigma" "graphology@$graphology" \
    "graphology-layout-forceatlas2@$fa2" "esbuild@$esbuild" >/dev/null)

mkdir -p "$out"
nm=$tmp/node_modules
cp "$nm/chart.js/dist/chart.umd.min.js" "$out/chart.umd.min.js" 2>/dev/null ||
  cp "$nm/chart.js/dist/chart.umd.js" "$out/chart.umd.min.js"
cp "$nm/chart.js/LICENSE.md" "$out/chart.js.LICENSE.md"
cp "$nm/sigma/dist/sigma.min.js" "$out/sigma.min.js"
cp "$nm/sigma/LICENSE.txt" "$out/sigma.LICENSE"
cp "$nm/graphology/dist/graphology.umd.min.js" "$out/graphology.umd.min.js"
cp "$nm/graphology/LICENSE.txt" "$out/graphology.LICENSE"
cat > "$tmp/fa2.js" <<'JS'
module.exports = {
  forceAtlas2: require("graphology-layout-forceatlas2"),
  iterate: require("graphology-layout-forceatlas2/iterate.js"),
  helpers: require("graphology-layout-forceatlas2/helpers.js"),
  defaults: require("graphology-layout-forceatlas2/defaults.js")
};
JS
"$nm/.bin/esbuild" "$tmp/fa2.js" --bundle --minify --format=iife --global-name=graphologyFA2 \
  --legal-comments=none --log-level=warning --outfile="$out/graphology-layout-forceatlas2.min.js"
{
  echo "graphology-layout-forceatlas2 $fa2 and graphology-utils $(node -p "require('$nm/graphology-utils/package.json').version"), MIT:"
  cat "$nm/graphology-layout-forceatlas2/LICENSE.txt"
  echo
  echo "graphology-utils:"
  cat "$nm/graphology-utils/LICENSE.txt"
} > "$out/graphology-layout-forceatlas2.LICENSE"
# VERSIONS keeps the lines of libraries vendored by hand (the map's).
{
  grep -Ev '^(chart\.js|cytoscape|sigma|graphology|graphology-layout-forceatlas2) ' "$out/VERSIONS" 2>/dev/null || true
  echo "chart.js $(node -p "require('$nm/chart.js/package.json').version")"
  echo "sigma $(node -p "require('$nm/sigma/package.json').version")"
  echo "graphology $(node -p "require('$nm/graphology/package.json').version")"
  echo "graphology-layout-forceatlas2 $(node -p "require('$nm/graphology-layout-forceatlas2/package.json').version")" \
    "(with graphology-utils $(node -p "require('$nm/graphology-utils/package.json').version"), bundled by esbuild $(node -p "require('$nm/esbuild/package.json').version"))"
} > "$tmp/VERSIONS"
cp "$tmp/VERSIONS" "$out/VERSIONS"
cat "$out/VERSIONS"
