#!/usr/bin/env bash
# Start the acceptance cloud's processes that are not running, then wait until each API answers.
#   start.sh infra      MariaDB, RabbitMQ, memcached, Ceph (what configure.sh needs)
#   start.sh keystone   the above and Keystone
#   start.sh [all]      everything
# Idempotent: a process whose pid file names a live process is left alone. PID 1 is not systemd here, so the
# infrastructure starts from its /etc/init.d scripts and the OpenStack services run as plain processes under
# setsid, their output in /var/log/watercloud-cloud/<name>.log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
source "$here/services.sh"
what=${1:-all}
install -d -m 755 "$CLOUD_LOGS" "$CLOUD_RUN" /run/ceph

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2> /dev/null; }
wait_for() { # description, seconds, command...
	local what=$1 limit=$2 i
	shift 2
	for ((i = 0; i < limit; i++)); do
		"$@" > /dev/null 2>&1 && return 0
		sleep 1
	done
	die "$what did not come up within ${limit} s (logs: $CLOUD_LOGS, /var/log/mysql, /var/log/rabbitmq, /var/log/ceph)"
}

# The OSD daemonises only once its start-up talked to the monitor; a start that the monitor refused (exit 250) is
# tried again, twice, before the cloud's start fails (its reason in /var/log/ceph/ceph-osd.0.log).
start_osd() {
	local i
	for i in 1 2 3; do
		ceph-osd -i 0 --setuser root --setgroup root 2> /dev/null && return 0
		echo "[cloud] the Ceph OSD did not start (try $i of 3; /var/log/ceph/ceph-osd.0.log)" >&2
		sleep 3
	done
	return 1
}

start_infra() {
	mysqladmin ping > /dev/null 2>&1 || /etc/init.d/mariadb start > /dev/null
	wait_for MariaDB 60 mysqladmin ping
	rabbitmqctl -q status > /dev/null 2>&1 || /etc/init.d/rabbitmq-server start > /dev/null
	wait_for RabbitMQ 90 rabbitmqctl -q status
	pgrep -x memcached > /dev/null || /etc/init.d/memcached start > /dev/null
	alive /run/ceph/ceph-mon.a.pid || ceph-mon -i a --setuser root --setgroup root
	wait_for "the Ceph monitor" 60 timeout 5 ceph mon stat
	if [ -e /var/lib/ceph/osd/ceph-0/whoami ]; then
		alive /run/ceph/ceph-osd.0.pid || start_osd
		wait_for "the Ceph OSD" 90 sh -c 'timeout 5 ceph osd dump | grep -q "^osd.0 up"'
	fi
}

# The files a service reads: the files its command names, /etc/<service>/<service>.conf, and the site's own
# modules it loads (scripts/cloud/<service>_*.py: the Cinder driver, Trove's guest, Octavia's network driver).
config_files() { # name, command
	local w svc=${1%%-*}
	for w in $2 "/etc/$svc/$svc.conf"; do [[ "$w" == /etc/* && -f "$w" ]] && echo "$w"; done
	for w in "$here/${svc}"_*.py; do [ -f "$w" ] && echo "$w"; done
	return 0
}

start_one() { # name, command (a shell string)
	local name=$1 cmd=$2 pidf=$CLOUD_RUN/$1.pid f
	if alive "$pidf"; then
		for f in $(config_files "$name" "$cmd"); do
			if [ "$f" -nt "$pidf" ]; then
				log "start: $f changed; restarting $name"
				kill -TERM -- "-$(cat "$pidf")" 2> /dev/null || kill -TERM "$(cat "$pidf")"
				for ((i = 0; i < 30; i++)); do alive "$pidf" || break; sleep 0.5; done
				break
			fi
		done
		alive "$pidf" && return 0
	fi
	# shellcheck disable=SC2086
	setsid bash -c "exec $cmd" >> "$CLOUD_LOGS/$name.log" 2>&1 < /dev/null &
	echo $! > "$pidf"
}

# The linuxbridge agents map the flat external network to this veth pair (no traffic leaves the machine).
external_link() {
	ip link show wc-ext0 > /dev/null 2>&1 || ip link add wc-ext0 type veth peer name wc-ext1
	ip link set wc-ext0 up
	ip link set wc-ext1 up
}

start_group() { # groups to start (a regular expression)
	local name group cmd
	while read -r name group cmd; do
		[[ "$group" =~ ^($1)$ ]] || continue
		start_one "$name" "$cmd"
	done < <(cloud_services)
}

wait_apis() { # names (a regular expression)
	local name port path t0
	t0=$(date +%s)
	while read -r name port path; do
		[[ "$name" =~ ^($1)$ ]] || continue
		for ((i = 0; i < 180; i++)); do
			code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$HOST_IP:$port$path" || true)
			[ "$code" != 000 ] && [ "${code:0:1}" != 5 ] && break
			if ! alive "$CLOUD_RUN/$name.pid"; then
				tail -n 20 "$CLOUD_LOGS/$name.log" >&2 || true
				die "$name exited before its API answered on port $port (log above: $CLOUD_LOGS/$name.log)"
			fi
			sleep 1
		done
		[ "$code" != 000 ] && [ "${code:0:1}" != 5 ] || die "$name did not answer on port $port within 180 s ($CLOUD_LOGS/$name.log)"
	done < <(cloud_endpoints)
	log "start: APIs answer ($(($(date +%s) - t0)) s waiting)"
}

start_infra
case $what in
infra) ;;
keystone)
	start_group keystone
	wait_apis keystone
	;;
all)
	external_link
	start_group 'keystone|api|compute'
	wait_apis '.*'
	;;
*) die "usage: start.sh [infra|keystone|all]" ;;
esac
