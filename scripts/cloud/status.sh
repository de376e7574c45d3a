#!/usr/bin/env bash
# npm run cloud:status — what runs, its pid, where it listens, and its memory (resident set of the process and its
# children); then whether each API answers, and the total. Exit 0 when everything runs, 1 when anything is down.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
source "$here/services.sh"

tree_rss_kb() { # a pid: RSS of it and all its descendants, in KiB
	local pids
	pids=$(pstree -p "$1" 2> /dev/null | grep -o '([0-9]\+)' | tr -d '()' | sort -u | tr '\n' ',')
	[ -n "$pids" ] || pids=$1
	ps -o rss= -p "${pids%,}" 2> /dev/null | awk '{s+=$1} END {print s+0}'
}
ports_of() { # pid tree: listening TCP ports
	local pids
	pids=$(pstree -p "$1" 2> /dev/null | grep -o '([0-9]\+)' | tr -d '()' | sort -u | paste -sd'|')
	[ -n "$pids" ] || pids=$1
	ss -Hltnp 2> /dev/null | grep -E "pid=($pids)," | awk '{print $4}' | sed 's/.*://' | sort -un | paste -sd, -
}
down=0
total=0
row() { # name pid
	local rss
	if [ -n "$2" ] && kill -0 "$2" 2> /dev/null; then
		rss=$(tree_rss_kb "$2")
		total=$((total + rss))
		printf '%-28s %-8s %-7s %8d MiB  %s\n' "$1" "$2" running $((rss / 1024)) "$(ports_of "$2")"
	else
		down=$((down + 1))
		printf '%-28s %-8s %-7s\n' "$1" - DOWN
	fi
}
printf '%-28s %-8s %-7s %12s  %s\n' SERVICE PID STATE MEMORY PORTS
row mariadb "$(cat /run/mysqld/mysqld.pid 2> /dev/null)"
row rabbitmq "$(pgrep -o -f 'beam.smp.*rabbit' || true)"
row memcached "$(pgrep -o -x memcached || true)"
row ceph-mon "$(cat /run/ceph/ceph-mon.a.pid 2> /dev/null)"
row ceph-osd "$(cat /run/ceph/ceph-osd.0.pid 2> /dev/null)"
while read -r name _; do row "$name" "$(cat "$CLOUD_RUN/$name.pid" 2> /dev/null)"; done < <(cloud_services)
echo
while read -r name port path; do
	# curl prints 000 for an API that does not answer; its exit code is that same news, not an error of this script.
	code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$HOST_IP:$port$path" || true)
	printf '%-16s http://%s:%s%-14s HTTP %s\n' "$name" "$HOST_IP" "$port" "$path" "$code"
	[ "$code" = 000 ] && down=$((down + 1))
done < <(cloud_endpoints)
echo
printf 'total resident memory: %d MiB; logs in %s; credentials: /etc/openstack/clouds.yaml (watercloud)\n' $((total / 1024)) "$CLOUD_LOGS"
if [ "$down" -gt 0 ]; then
	echo "$down down: npm run cloud:up starts the cloud (docs/cloud.md)"
	exit 1
fi
