#!/usr/bin/env bash
# npm run cloud:down — stop what start.sh started, newest first, then Ceph and the infrastructure. Data stays
# (databases, Ceph, Swift, Glance): cloud:up brings back the same cloud.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
source "$here/services.sh"

stop_pid() { # name, pid file
	local pid
	[ -s "$2" ] || return 0
	pid=$(cat "$2")
	if kill -0 "$pid" 2> /dev/null; then
		kill -TERM -- "-$pid" 2> /dev/null || kill -TERM "$pid" 2> /dev/null || true
		for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
		kill -KILL -- "-$pid" 2> /dev/null || kill -KILL "$pid" 2> /dev/null || true
		log "stop: $1 ($pid)"
	fi
	rm -f "$2"
}

mapfile -t names < <(cloud_services | awk '{print $1}')
for ((i = ${#names[@]} - 1; i >= 0; i--)); do stop_pid "${names[$i]}" "$CLOUD_RUN/${names[$i]}.pid"; done
stop_pid ceph-osd /run/ceph/ceph-osd.0.pid
stop_pid ceph-mon /run/ceph/ceph-mon.a.pid
/etc/init.d/memcached stop > /dev/null 2>&1 || true
/etc/init.d/rabbitmq-server stop > /dev/null 2>&1 || true
/etc/init.d/mariadb stop > /dev/null 2>&1 || true
log "stop: the cloud is stopped"
