# Debian packages for the project's scripts, the one way they are installed. Sourced, not run.
# shellcheck shell=bash
#
# - The first install on a machine records what was installed before the project touched it
#   (/var/lib/watercloud/dpkg-baseline), so scripts/machine/purge.sh can put the machine back exactly there.
# - dpkg starts no service during an install (a policy-rc.d that says 101): the project's scripts start what they
#   need themselves, PID 1 is not systemd here, and a package's own set-up (a PostgreSQL cluster on 5432, a database
#   per OpenStack service) would race theirs. Debconf answers skip the OpenStack packages' database and endpoint
#   set-up for the same reason.
# - Scripts that run side by side wait for the dpkg lock instead of failing on it.
WATERCLOUD_MACHINE_STATE=/var/lib/watercloud
DPKG_BASELINE=$WATERCLOUD_MACHINE_STATE/dpkg-baseline

installed_packages() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2> /dev/null | awk '$1 ~ /^ii/ {print $2}' | sort -u; }

apt_missing() { # package... -> those not installed, one a line
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q '^install ok installed$' || echo "$p"
	done
}

# Packages whose maintainer scripts ask to configure a database or register an endpoint.
DEBCONF_DB_PACKAGES=(keystone glance-api glance-common placement-api placement-common nova-common nova-api neutron-common
	neutron-server cinder-common cinder-api barbican-common barbican-api octavia-common octavia-api trove-common
	trove-api swift-proxy)

apt_install() { # package...: installs those missing, in one transaction, one caller at a time
	[ -z "$(apt_missing "$@")" ] && return 0
	[ "$(id -u)" -eq 0 ] || { echo "apt.sh: $(apt_missing "$@" | xargs) missing; installing them needs root" >&2; return 1; }
	install -d -m 755 "$WATERCLOUD_MACHINE_STATE"
	(
		flock 9
		apt_install_locked "$@"
	) 9> "$WATERCLOUD_MACHINE_STATE/apt.lock"
}

apt_install_locked() {
	local missing t0 had_policy=0
	mapfile -t missing < <(apt_missing "$@")
	[ ${#missing[@]} -eq 0 ] && return 0
	[ -s "$DPKG_BASELINE" ] || installed_packages > "$DPKG_BASELINE"
	local p
	for p in "${DEBCONF_DB_PACKAGES[@]}"; do
		printf '%s %s/configure_db boolean false\n%s %s/dbconfig-install boolean false\n%s %s/register-endpoint boolean false\n' "$p" "$p" "$p" "$p" "$p" "$p"
	done | debconf-set-selections
	echo "keystone keystone/create-admin-tenant boolean false" | debconf-set-selections
	[ -e /usr/sbin/policy-rc.d ] && had_policy=1
	if [ $had_policy -eq 0 ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
	fi
	t0=$(date +%s)
	echo "apt.sh: installing ${#missing[@]} packages: ${missing[*]}" >&2
	local opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=1200)
	local rc=0
	# The package lists of a fresh machine may be missing or name versions the mirror no longer has.
	if ! apt-cache policy "${missing[0]}" 2> /dev/null | grep -q 'Candidate: [0-9]'; then
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=1200 update -q > /dev/null || rc=$?
	fi
	if [ $rc -eq 0 ] && ! DEBIAN_FRONTEND=noninteractive nice apt-get install "${opts[@]}" "${missing[@]}" > /tmp/watercloud-apt.log 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=1200 update -q > /dev/null &&
			DEBIAN_FRONTEND=noninteractive nice apt-get install "${opts[@]}" "${missing[@]}" > /tmp/watercloud-apt.log 2>&1 || rc=$?
	fi
	[ $had_policy -eq 1 ] || rm -f /usr/sbin/policy-rc.d
	if [ $rc -ne 0 ]; then
		echo "apt.sh: error: apt-get install failed; the last lines of /tmp/watercloud-apt.log:" >&2
		tail -n 20 /tmp/watercloud-apt.log | sed 's/^/    /' >&2
		return 1
	fi
	echo "apt.sh: installed in $(($(date +%s) - t0)) s" >&2
}
