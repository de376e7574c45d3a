#!/usr/bin/env bash
# Puts this machine back to "nothing installed" for the project: what a fresh machine is when CI starts .ci/run, so
# the cold path can be run and timed here. Run as root, from the repository.
#
#   scripts/machine/purge.sh          say what would be removed, remove nothing
#   scripts/machine/purge.sh --yes    stop and remove it
#
# Removes: the acceptance cloud (its processes, network links and firewall chains, every Debian package the
# project's scripts installed and the data, configuration and logs those packages leave behind, its stamps and
# secrets), Docker's daemon, containers, images and the base-image cache, the project's PostgreSQL cluster, the
# Pulumi engine build and its plugins, the Go module and build caches, Chromium and its font. Packages are purged
# against the list scripts/machine/apt.sh recorded before the project's first install (/var/lib/watercloud/
# dpkg-baseline), so what the machine came with stays. Keeps: the repository, its node_modules, and that list.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/apt.sh"

yes=0
[ "${1:-}" = "--yes" ] && yes=1
[ "$(id -u)" -eq 0 ] || { echo "purge.sh: run as root" >&2; exit 2; }

# What the services and the engine leave outside the packages' own files.
DATA=(
	/var/lib/watercloud-cloud /var/log/watercloud-cloud /run/watercloud-cloud /etc/openstack
	/var/lib/mysql /etc/mysql /var/log/mysql /var/lib/rabbitmq /etc/rabbitmq /var/log/rabbitmq
	/var/lib/ceph /etc/ceph /var/log/ceph /run/ceph /srv/node /var/cache/swift /etc/swift /var/run/swift
	/var/lib/keystone /etc/keystone /var/log/keystone /var/lib/glance /etc/glance /var/log/glance
	/var/lib/placement /etc/placement /var/log/placement /var/lib/nova /etc/nova /var/log/nova
	/var/lib/neutron /etc/neutron /var/log/neutron /var/lib/cinder /etc/cinder /var/log/cinder
	/var/lib/barbican /etc/barbican /var/log/barbican /var/lib/octavia /etc/octavia /var/log/octavia
	/var/lib/trove /etc/trove /var/log/trove /var/lib/swift /var/log/swift
	/var/lib/docker /var/lib/containerd /etc/docker /var/run/docker.sock /var/run/watercloud-dockerd.pid /var/log/watercloud
	"${WATERCLOUD_PG_DIR:-/var/tmp/watercloud-pg}"
	"$HOME/.cache/watercloud-engine" "$HOME/.cache/watercloud-docker" "$HOME/.cache/watercloud-node"
	"$HOME/.cache/go-build" "$HOME/go" "$HOME/.cache/ms-playwright"
	/usr/sbin/policy-rc.d /tmp/watercloud-apt.log
)

# Every package dpkg knows of beyond the baseline, whatever its state: installed, half-installed, or removed with
# its configuration files left (an interrupted purge leaves those, and a later install would then treat the deleted
# files as the administrator's choice and not make them again).
known_packages() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2> /dev/null | awk '$1 !~ /^[up]n/ {print $2}' | sort -u; }
mapfile -t extra < <(comm -23 <(known_packages) <(sort -u "$DPKG_BASELINE" 2> /dev/null || true))
if [ ! -s "$DPKG_BASELINE" ]; then
	echo "purge.sh: no $DPKG_BASELINE (the project's scripts never installed a package here): no package is purged" >&2
	extra=()
fi

echo "purge.sh: packages the project installed: ${#extra[@]}${extra:+ (${extra[*]:0:12}${extra[12]:+ ...})}"
echo "purge.sh: folders and files: $(for d in "${DATA[@]}"; do [ -e "$d" ] && printf '%s ' "$d"; done)"
if [ $yes -eq 0 ]; then
	echo "purge.sh: nothing removed; run again with --yes"
	exit 0
fi

t0=$(date +%s)
# The processes first, so nothing holds the files.
[ -x /usr/bin/ceph ] && [ -d /var/lib/watercloud-cloud ] && bash "$repo/scripts/cloud/stop.sh" 2> /dev/null || true
if [ -S /var/run/docker.sock ]; then
	docker ps -aq 2> /dev/null | xargs -r docker rm -f > /dev/null 2>&1 || true
	bash "$repo/scripts/docker/daemon.sh" stop > /dev/null 2>&1 || true
fi
bash "$repo/scripts/services/postgres.sh" stop > /dev/null 2>&1 || true
for p in dockerd containerd ceph-mon ceph-osd mariadbd rabbitmq-server beam.smp epmd memcached uwsgi; do pkill -x "$p" 2> /dev/null || true; done
sleep 1
pkill -KILL -f '/usr/bin/python3 .*/(nova|neutron|cinder|glance|octavia|trove|swift|barbican)' 2> /dev/null || true

# What the cloud and Docker made in the kernel: the external network's veth pair, Neutron's and Docker's bridges
# and their firewall chains.
ip link del wc-ext0 2> /dev/null || true
for l in $(ip -o link show 2> /dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^(brq|tap|vxlan-|docker0|br-|wcd|veth)' || true); do ip link del "$l" 2> /dev/null || true; done
for t in filter nat mangle raw; do
	for c in $(iptables -t $t -S 2> /dev/null | awk '/^-N (neutron|DOCKER)/ {print $2}'); do iptables -t $t -F "$c" 2> /dev/null || true; done
	{ iptables -t $t -S 2> /dev/null | grep -E -- '-j (neutron|DOCKER)|-i wcd' || true; } | sed 's/^-A/-D/' | while read -r rule; do eval iptables -t $t "$rule" 2> /dev/null || true; done
	for c in $(iptables -t $t -S 2> /dev/null | awk '/^-N (neutron|DOCKER)/ {print $2}'); do iptables -t $t -X "$c" 2> /dev/null || true; done
done

if [ ${#extra[@]} -gt 0 ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
	# Removal scripts rmdir the folders their packages made (nova-common's /etc/nova) and fail when a purge stopped
	# half-way deleted them already: make those folders again, empty, for the scripts to remove (not the
	# `/dev/null` their redirections name).
	for p in "${extra[@]}"; do
		for f in /var/lib/dpkg/info/"$p".postrm /var/lib/dpkg/info/"$p":*.postrm; do
			[ -f "$f" ] && grep -ho 'rmdir [^;|&]*' "$f" | grep -o ' /[^ ]*' | grep -v -e '[$*]' -e '^ /dev/' | xargs -r mkdir -p || true
		done
	done
	# sudo comes in as a dependency of the cloud's packages; its pre-removal script refuses unless told (we run as root).
	SUDO_FORCE_REMOVE=yes DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=600 "${extra[@]}" > /tmp/watercloud-purge.log 2>&1 || {
		echo "purge.sh: error: apt-get purge failed; the end of /tmp/watercloud-purge.log:" >&2
		tail -n 20 /tmp/watercloud-purge.log >&2
		rm -f /usr/sbin/policy-rc.d
		exit 1
	}
	# What apt would not take (half-installed packages, configuration left behind) goes through dpkg itself.
	mapfile -t left < <(comm -23 <(known_packages) <(sort -u "$DPKG_BASELINE"))
	if [ ${#left[@]} -gt 0 ]; then
		SUDO_FORCE_REMOVE=yes dpkg --purge --force-depends --force-remove-reinstreq "${left[@]}" >> /tmp/watercloud-purge.log 2>&1 || true
	fi
	rm -f /usr/sbin/policy-rc.d
fi
# Packages purged leave the system users they made; the next install makes them again. A daemon killed outright
# leaves mounts below its data root (overlay layers), which rm cannot remove: unmount them first. A folder that is
# itself a mount point (a machine may give Docker's data root a volume of its own) is emptied, never unmounted.
awk '$2 ~ "^/var/lib/(docker|containerd)/" {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2> /dev/null || true
for d in "${DATA[@]}"; do
	if mountpoint -q "$d" 2> /dev/null; then find "$d" -mindepth 1 -delete; else rm -rf "$d"; fi
done
command -v go > /dev/null && go clean -cache -modcache > /dev/null 2>&1 || true
rm -rf "$HOME/.cache/go-build" "$HOME/go"
left=$(comm -23 <(known_packages) <(sort -u "$DPKG_BASELINE" 2> /dev/null || true) | wc -l)
echo "purge.sh: done in $(($(date +%s) - t0)) s; packages beyond the machine's own: $left"
