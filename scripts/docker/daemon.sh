#!/usr/bin/env bash
# Docker's daemon for the local target, from Debian's docker.io package, on a machine whose PID 1 is not systemd.
#
#   scripts/docker/daemon.sh start    install docker.io when dockerd is absent, start it, wait until it answers
#   scripts/docker/daemon.sh stop     stop the daemon this script started
#   scripts/docker/daemon.sh status   exit 0 when the daemon answers on the socket, 3 when not
#
# Idempotent: `start` on a running daemon only says so. The flags are the ones that work on this machine kind
# (checked there): overlay2 on the ext4 root, the cgroupfs driver on the hybrid cgroup v1 hierarchy (no systemd to
# delegate to), iptables through iptables-nft (the kernel has nf_tables built in and no loadable modules), and an
# address pool of its own so Docker's bridges never collide with the acceptance cloud's networks.
set -euo pipefail
SOCK=/var/run/docker.sock
PIDFILE=/var/run/watercloud-dockerd.pid
LOG=/var/log/watercloud/dockerd.log
FLAGS=(
	--host "unix://$SOCK"
	--pidfile "$PIDFILE"
	--data-root /var/lib/docker
	--storage-driver overlay2
	--exec-opt native.cgroupdriver=cgroupfs
	--iptables=true
	--ip-masq=true
	--userland-proxy=false
	--default-address-pool base=172.29.0.0/16,size=24
	--bip 172.28.255.1/24
	--live-restore=false
)
die() { echo "daemon.sh: error: $*" >&2; exit 1; }
answers() { [ -S "$SOCK" ] && curl -fsS --max-time 2 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1; }

install_engine() {
	command -v apt-get >/dev/null || die "dockerd is absent and there is no apt-get to install docker.io with"
	echo "daemon.sh: installing Debian's docker.io (dockerd, containerd, runc) ..."
	bash "$(dirname "$0")/../machine/packages.sh" install docker || die "apt-get install docker.io failed"
}

# Docker drops what an internal network forwards, not what it sends to the host itself (the bridge's gateway
# address reaches every service the host listens on). The local target names its internal zones' bridges wcd*;
# this drops their traffic to the host. Idempotent.
close_internal_bridges() {
	iptables -C INPUT -i wcd+ -j DROP 2>/dev/null || iptables -I INPUT -i wcd+ -j DROP \
		|| die "iptables cannot add the INPUT rule for internal bridges"
}

cmd_start() {
	if answers; then close_internal_bridges; echo "daemon.sh: dockerd is running ($SOCK)"; return 0; fi
	command -v dockerd >/dev/null || install_engine
	close_internal_bridges
	command -v curl >/dev/null || die "curl is needed to check the daemon"
	mkdir -p "$(dirname "$LOG")"
	# A pid file left by a daemon that died would make dockerd refuse to start.
	if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then rm -f "$PIDFILE"; fi
	echo "daemon.sh: starting dockerd ${FLAGS[*]}"
	nohup dockerd "${FLAGS[@]}" >>"$LOG" 2>&1 </dev/null &
	for _ in $(seq 1 60); do
		if answers; then
			echo "daemon.sh: dockerd $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers on $SOCK"
			return 0
		fi
		kill -0 $! 2>/dev/null || break
		sleep 0.5
	done
	echo "daemon.sh: dockerd did not come up; the end of $LOG:" >&2
	tail -n 25 "$LOG" >&2
	exit 1
}

cmd_stop() {
	if [ ! -f "$PIDFILE" ]; then
		answers && die "a dockerd this script did not start answers on $SOCK; stop it the way it was started"
		echo "daemon.sh: dockerd is not running"; return 0
	fi
	local pid; pid=$(cat "$PIDFILE")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { echo "daemon.sh: dockerd stopped"; return 0; }; sleep 0.5; done
	die "dockerd ($pid) did not stop within 30 s"
}

cmd_status() {
	if answers; then echo "daemon.sh: dockerd answers on $SOCK"; exit 0; fi
	echo "daemon.sh: no daemon answers on $SOCK"; exit 3
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*) echo "usage: scripts/docker/daemon.sh start|stop|status" >&2; exit 2 ;;
esac
