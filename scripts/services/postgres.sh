#!/usr/bin/env bash
# A PostgreSQL server for the project's own tests and for a team's state or portal database on one machine:
# Debian's postgresql-15 binaries, a cluster of its own under a data folder, on loopback only. Idempotent.
#
#   scripts/services/postgres.sh start     install (apt, when absent), init (first time) and start; prints the URL
#   scripts/services/postgres.sh stop      stop the cluster this script started
#   scripts/services/postgres.sh status    exit 0 when it answers, with the URL
#   scripts/services/postgres.sh url [DB]  the connection URL (creating DB when named and missing)
#
#   WATERCLOUD_PG_DIR   data folder   (default /var/tmp/watercloud-pg)
#   WATERCLOUD_PG_PORT  TCP port      (default 55432; 5432 is left to a site's own server)
# The superuser is `watercloud` with a password generated at init and kept in $WATERCLOUD_PG_DIR/password
# (mode 0600), never printed except inside the URL that `url` prints for a caller to use.
set -euo pipefail

PG_DIR="${WATERCLOUD_PG_DIR:-/var/tmp/watercloud-pg}"
PG_PORT="${WATERCLOUD_PG_PORT:-55432}"
PG_BIN="${WATERCLOUD_PG_BIN:-/usr/lib/postgresql/15/bin}"
DATA="$PG_DIR/data"
RUN_AS=()
[ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)   # initdb and postgres refuse to run as root

die() { echo "postgres.sh: error: $*" >&2; exit 1; }

install_if_absent() {
	[ -x "$PG_BIN/pg_ctl" ] && return 0
	[ "$(id -u)" = 0 ] || die "$PG_BIN/pg_ctl is missing; install Debian's postgresql-15 (apt-get install postgresql-15)"
	echo "postgres.sh: installing postgresql-15" >&2
	bash "$(dirname "$0")/../machine/packages.sh" install postgres || die "apt-get install postgresql-15 failed"
}

answers() { "${RUN_AS[@]}" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; }

password() { cat "$PG_DIR/password"; }

url() { printf 'postgres://watercloud:%s@127.0.0.1:%s/%s\n' "$(password)" "$PG_PORT" "${1:-postgres}"; }

psql_admin() { PGPASSWORD="$(password)" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U watercloud -d postgres "$@"; }

start() {
	install_if_absent
	mkdir -p "$PG_DIR"
	if [ ! -f "$DATA/PG_VERSION" ]; then
		umask 077
		head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$PG_DIR/password"
		chown -R postgres: "$PG_DIR" 2>/dev/null || true
		"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U watercloud --pwfile="$PG_DIR/password" \
			--auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
			|| die "initdb failed in $DATA"
	fi
	chown -R postgres: "$PG_DIR" 2>/dev/null || true
	if ! answers; then
		"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200" start >/dev/null \
			|| { tail -20 "$PG_DIR/server.log" >&2; die "the server did not start (log: $PG_DIR/server.log)"; }
	fi
	answers || die "the server does not answer on 127.0.0.1:$PG_PORT"
	echo "postgres.sh: PostgreSQL answers on 127.0.0.1:$PG_PORT (data $DATA)" >&2
}

ensure_db() {
	local db=$1
	[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || die "database name '$db' must match [a-z_][a-z0-9_]*"
	if [ "$(psql_admin -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]; then
		psql_admin -c "create database \"$db\"" || die "cannot create database $db"
	fi
}

case "${1:-}" in
start) start ;;
stop)
	if [ -f "$DATA/postmaster.pid" ]; then "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -w -m fast stop >/dev/null; fi
	echo "postgres.sh: stopped" >&2 ;;
status)
	if answers; then echo "postgres.sh: running on 127.0.0.1:$PG_PORT (data $DATA)"; else echo "postgres.sh: not running"; exit 1; fi ;;
url)
	answers || die "not running; run: scripts/services/postgres.sh start"
	[ -n "${2:-}" ] && ensure_db "$2"
	url "${2:-}" ;;
*) sed -n 2,14p "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
