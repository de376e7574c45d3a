#!/usr/bin/env bash
# Install the acceptance cloud's packages: Debian bookworm's OpenStack Zed, nothing else. Idempotent: it installs
# only what is absent, so a warm machine pays a dpkg query. Run as root (apt-get works as it is on this machine).
#
# dpkg must not start services during the install (PID 1 is not systemd, and the packages' own database set-up
# would race ours): a policy-rc.d that says 101 for the duration, and debconf answers that skip each package's
# dbconfig-common and endpoint registration. configure.sh writes every config file afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

# The services, one line each, and what their set-up needs. No nova-compute package: it pulls libvirt and qemu;
# the fake virt driver runs from python3-nova. No LVM/iSCSI: the kernel has neither device-mapper nor a target.
# Cinder's volumes live in a one-OSD Ceph (file-backed BlueStore, no kernel module): Zed's RBD driver is the one
# that writes an image into a LUKS volume with qemu-img instead of dm-crypt (docs/cloud.md says why).
PACKAGES=(
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
# Packages whose maintainer scripts ask to configure a database or register an endpoint.
DEBCONF_PKGS=(keystone glance-api glance-common placement-api placement-common nova-common nova-api neutron-common
	neutron-server cinder-common cinder-api barbican-common barbican-api octavia-common octavia-api trove-common
	trove-api swift-proxy)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	log "install: every package is present"
	exit 0
fi
log "install: ${#missing[@]} packages to install: ${missing[*]}"

for p in "${DEBCONF_PKGS[@]}"; do
	cat <<-SEL
		$p $p/configure_db boolean false
		$p $p/dbconfig-install boolean false
		$p $p/register-endpoint boolean false
	SEL
done | debconf-set-selections
echo "keystone keystone/create-admin-tenant boolean false" | debconf-set-selections

had_policy=0
[ -e /usr/sbin/policy-rc.d ] && had_policy=1
if [ $had_policy -eq 0 ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
start=$(date +%s)
if ! apt-cache policy keystone | grep -q 'Candidate: [0-9]'; then
	nice apt-get update -q
fi
nice apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "${missing[@]}"
log "install: done in $(($(date +%s) - start)) s"
