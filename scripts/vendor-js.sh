#!/usr/bin/env bash
# Vendors the JavaScript libraries the web UI draws with (chart.js for the
# timelines, cytoscape for the actor network) from the npm registry into
# internal/server/web/static/vendor/, with their LICENSE files. The files are
# committed, so `go build` needs neither npm nor a network; run this script
# only to upgrade, then record the versions in docs/ui.md.
#
#   scripts/vendor-js.sh                      the pinned versions below
#   CHARTJS=4.6.1 CYTOSCAPE=3.34.4 scripts/vendor-js.sh
set -euo pipefail
cd "$(dirname "$0")/.."

chartjs=${CHARTJS:-4.6.1}
cytoscape=${CYTOSCAPE:-3.34.4}
out=internal/server/web/static/vendor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && \
  npm install --no-audit --no-fund --ignore-scripts "chart.js@$chartjs" "cytoscape@$cytoscape" >/dev/null)

mkdir -p "$out"
cp "$tmp/node_modules/chart.js/dist/chart.umd.min.js" "$out/chart.umd.min.js" 2>/dev/null ||
  cp "$tmp/node_modules/chart.js/dist/chart.umd.js" "$out/chart.umd.min.js"
cp "$tmp/node_modules/chart.js/LICENSE.md" "$out/chart.js.LICENSE.md"
cp "$tmp/node_modules/cytoscape/dist/cytoscape.min.js" "$out/cytoscape.min.js"
cp "$tmp/node_modules/cytoscape/LICENSE" "$out/cytoscape.LICENSE"
{
  echo "chart.js $(node -p "require('$tmp/node_modules/chart.js/package.json').version")"
  echo "cytoscape $(node -p "require('$tmp/node_modules/cytoscape/package.json').version")"
} > "$out/VERSIONS"
cat "$out/VERSIONS"
