#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is installed for the browser test of
# the web UI (internal/server TestBrowser). Where chromium is already on the
# PATH nothing is done; elsewhere Debian's chromium package is installed.
# Idempotent.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: not installed and no apt-get here; install Chromium to run the browser test" >&2
  exit 1
fi
echo "chromium: installing Debian's chromium package" >&2
DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
