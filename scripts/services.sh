#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and NATS with JetStream (127.0.0.1:4222)
# are reachable for the tests. Where they already run (the development and CI
# machines start them), nothing is done. Where they are missing, Debian's
# postgresql and nats-server packages are installed and started on 127.0.0.1
# with temporary data directories; `scripts/services.sh stop` stops only what
# this script started (their pids are kept in $SITREP_SERVICES_DIR).
set -euo pipefail

state=${SITREP_SERVICES_DIR:-/tmp/sitrep-services}
mkdir -p "$state"

reachable() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

apt_ready=
apt_install() {
  if [ -z "$apt_ready" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_ready=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

start_postgres() {
  reachable 5432 && return 0
  echo "services: PostgreSQL not reachable on 127.0.0.1:5432; starting one" >&2
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local data="$state/pgdata"
  rm -rf "$data"; mkdir -p "$data"; chown postgres:postgres "$data" "$state" 2>/dev/null || true
  runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-c listen_addresses=127.0.0.1 -p 5432 -k $state" \
    -l "$state/postgres.log" -w start >/dev/null
  echo "$bin/pg_ctl -D $data stop" > "$state/postgres.stop"
  runuser -u postgres -- "$bin/psql" -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null 2>&1 || true
}

start_nats() {
  reachable 4222 && return 0
  echo "services: NATS not reachable on 127.0.0.1:4222; starting one" >&2
  command -v nats-server >/dev/null 2>&1 || apt_install nats-server
  local data="$state/nats"
  rm -rf "$data"; mkdir -p "$data"
  nohup nats-server -a 127.0.0.1 -p 4222 -js -sd "$data" >"$state/nats.log" 2>&1 &
  echo $! > "$state/nats.pid"
  for _ in $(seq 50); do reachable 4222 && return 0; sleep 0.2; done
  echo "services: nats-server did not start; see $state/nats.log" >&2
  return 1
}

stop_all() {
  if [ -f "$state/postgres.stop" ]; then
    runuser -u postgres -- $(cat "$state/postgres.stop") >/dev/null 2>&1 || true
    rm -f "$state/postgres.stop"
  fi
  if [ -f "$state/nats.pid" ]; then
    kill "$(cat "$state/nats.pid")" 2>/dev/null || true
    rm -f "$state/nats.pid"
  fi
}

case "${1:-start}" in
  start) start_postgres; start_nats ;;
  stop) stop_all ;;
  *) echo "usage: scripts/services.sh [start|stop]" >&2; exit 2 ;;
esac
