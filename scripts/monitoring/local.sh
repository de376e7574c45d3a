#!/usr/bin/env bash
# The platform's monitoring on this machine, against the acceptance cloud (docs/monitoring.md): Debian's Prometheus
# 2.42, Alertmanager 0.25 and blackbox exporter, the project's OpenStack exporter and its audit relay (security
# events into the audit trail, engine/alertAudit.ts), all on loopback, with the
# configuration the Monitoring component generates from the fleet (scripts/monitoring/local.ts). It only reads
# the cloud: discovery and the exporter call OpenStack's APIs; nothing discovered is scraped or probed.
#
#   scripts/monitoring/local.sh start     write the configuration, start what is not running (idempotent)
#   scripts/monitoring/local.sh stop      stop what start started (by its pid files)
#   scripts/monitoring/local.sh status    what runs, its pid and address (exit 1 if anything is down)
#
#   WATERCLOUD_MONITORING_DIR   state, configuration and logs (default .watercloud/monitoring in the repository)
#   WATERCLOUD_AUDIT_ROOT       the project whose audit trail the relay writes security events into (default this one)
#   OS_CLOUD                    the clouds.yaml entry to read the cloud with (default watercloud)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${WATERCLOUD_MONITORING_DIR:-$ROOT/.watercloud/monitoring}"
export OS_CLOUD="${OS_CLOUD:-watercloud}"
AUDIT_ROOT="${WATERCLOUD_AUDIT_ROOT:-$ROOT}"
# name|port|command
SERVICES=(
	"relay|19095|npx --prefix $ROOT tsx $ROOT/scripts/monitoring/local.ts relay 19095 $AUDIT_ROOT"
	"exporter|19183|npx --prefix $ROOT tsx $ROOT/scripts/monitoring/local.ts exporter 19183"
	"blackbox|19115|prometheus-blackbox-exporter --config.file=$DIR/config/blackbox.yml --web.listen-address=127.0.0.1:19115"
	"alertmanager|19093|prometheus-alertmanager --config.file=$DIR/config/alertmanager.yml --storage.path=$DIR/alertmanager --web.listen-address=127.0.0.1:19093 --cluster.listen-address="
	"prometheus|19090|prometheus --config.file=$DIR/config/prometheus.yml --storage.tsdb.path=$DIR/prometheus --web.listen-address=127.0.0.1:19090 --web.enable-lifecycle --storage.tsdb.retention.time=2d"
)

running() { [ -f "$DIR/$1.pid" ] && kill -0 "$(cat "$DIR/$1.pid")" 2> /dev/null; }

cmd_start() {
	command -v prometheus > /dev/null || bash "$ROOT/scripts/machine/packages.sh" install monitoring
	mkdir -p "$DIR/config" "$DIR/logs" "$DIR/prometheus" "$DIR/alertmanager"
	chmod 700 "$DIR"
	(cd "$ROOT" && npx tsx scripts/monitoring/local.ts config "$DIR/config")
	local s name port command
	for s in "${SERVICES[@]}"; do
		IFS='|' read -r name port command <<< "$s"
		if running "$name"; then
			echo "$name: running (pid $(cat "$DIR/$name.pid")), reloading its configuration"
			[ "$name" = prometheus ] && curl -fsS -X POST "http://127.0.0.1:$port/-/reload" > /dev/null || true
			[ "$name" = alertmanager ] && curl -fsS -X POST "http://127.0.0.1:$port/-/reload" > /dev/null || true
			continue
		fi
		# shellcheck disable=SC2086
		setsid $command > "$DIR/logs/$name.log" 2>&1 < /dev/null &
		echo $! > "$DIR/$name.pid"
		for _ in $(seq 1 60); do
			# Any HTTP answer means it listens (the relay answers 404 on /).
			[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" 2> /dev/null)" != 000 ] && break
			running "$name" || { echo "local.sh: $name exited; the last lines of $DIR/logs/$name.log:" >&2; tail -n 20 "$DIR/logs/$name.log" >&2; exit 1; }
			sleep 1
		done
		echo "$name: started (pid $(cat "$DIR/$name.pid"), http://127.0.0.1:$port)"
	done
}

cmd_stop() {
	local s name
	for s in "${SERVICES[@]}"; do
		name=${s%%|*}
		if running "$name"; then
			kill -- "-$(cat "$DIR/$name.pid")" 2> /dev/null || kill "$(cat "$DIR/$name.pid")"
			echo "$name: stopped"
		fi
		rm -f "$DIR/$name.pid"
	done
}

cmd_status() {
	# Memory: every process of the service's session (npx, tsx and node for the project's own pieces).
	local s name port rest rc=0
	for s in "${SERVICES[@]}"; do
		IFS='|' read -r name port rest <<< "$s"
		if running "$name"; then
			echo "$name: running, pid $(cat "$DIR/$name.pid"), http://127.0.0.1:$port, $(ps -o rss= --sid "$(cat "$DIR/$name.pid")" | awk '{s += $1} END {printf "%.0f MiB", s/1024}')"
		else
			echo "$name: not running"
			rc=1
		fi
	done
	return $rc
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
	sed -n 2,12p "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
