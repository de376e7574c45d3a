#!/usr/bin/env bash
# The Debian packages the project's scripts and tests need, by the part that needs them; one list each, here.
#
#   scripts/machine/packages.sh list [GROUP...]      the packages (default: every group)
#   scripts/machine/packages.sh missing [GROUP...]   those not installed
#   scripts/machine/packages.sh install [GROUP...]   install those missing, in one apt transaction (root)
#
# Groups: cloud (the acceptance OpenStack, scripts/cloud), postgres (scripts/services/postgres.sh), docker (Docker's
# daemon, scripts/docker/daemon.sh), image (the Docker target's base image, scripts/docker/image.sh), browser (the
# portal's browser tests). .ci/run installs every group at once, before the steps that use them run side by side;
# each script still installs its own group when run alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/apt.sh"

# No nova-compute package: it pulls libvirt and qemu; the fake virt driver runs from python3-nova. No LVM/iSCSI: the
# kernel has neither device-mapper nor a target. Cinder's volumes live in a one-OSD Ceph (file-backed BlueStore, no
# kernel module): Zed's RBD driver writes an image into a LUKS volume with qemu-img instead of dm-crypt (docs/cloud.md).
CLOUD=(
	mariadb-server python3-pymysql rabbitmq-server memcached python3-memcache
	uwsgi-plugin-python3 openssl iproute2 bridge-utils iptables ebtables curl
	keystone
	glance-api
	placement-api
	nova-api nova-conductor nova-scheduler python3-nova
	neutron-server neutron-linuxbridge-agent
	cinder-api cinder-scheduler cinder-volume qemu-utils
	ceph-mon ceph-osd ceph-common python3-rbd python3-rados
	barbican-api barbican-worker
	octavia-api octavia-worker octavia-health-manager octavia-housekeeping
	swift swift-proxy swift-account swift-container swift-object
	trove-api trove-taskmanager trove-conductor python3-proboscis python3-troveclient
	python3-openstackclient python3-openstacksdk
)
POSTGRES=(postgresql-15)
DOCKER=(docker.io iptables curl)
IMAGE=(mmdebstrap)
# Debian's Chromium, driven by playwright-core (which downloads no browser of its own), and a CJK font so tenant
# names (防汛指挥) render in the screenshots.
BROWSER=(chromium fonts-wqy-microhei)

group() {
	case "$1" in
	cloud) printf '%s\n' "${CLOUD[@]}" ;;
	postgres) printf '%s\n' "${POSTGRES[@]}" ;;
	docker) printf '%s\n' "${DOCKER[@]}" ;;
	image) printf '%s\n' "${IMAGE[@]}" ;;
	browser) printf '%s\n' "${BROWSER[@]}" ;;
	*)
		echo "packages.sh: no group '$1' (cloud, postgres, docker, image, browser)" >&2
		exit 2
		;;
	esac
}

cmd=${1:-}
shift || true
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(cloud postgres docker image browser)
case "$cmd" in
list) for g in "${groups[@]}"; do group "$g"; done | awk '!seen[$0]++' ;;
missing | install)
	mapfile -t wanted < <(for g in "${groups[@]}"; do group "$g"; done | awk '!seen[$0]++')
	if [ "$cmd" = missing ]; then apt_missing "${wanted[@]}"; else apt_install "${wanted[@]}"; fi
	;;
*)
	sed -n 2,11p "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
