#!/usr/bin/env bash
# Install the acceptance cloud's packages: Debian bookworm's OpenStack Zed, nothing else. Idempotent: it installs
# only what is absent, so a warm machine pays a dpkg query. Run as root. scripts/machine/apt.sh keeps dpkg from
# starting services or making databases during the install; configure.sh writes every config file afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

# The cloud's package list is the `cloud` group of scripts/machine/packages.sh, with the other groups' lists.
t0=$(date +%s)
if [ -z "$(bash "$CLOUD_REPO/scripts/machine/packages.sh" missing cloud)" ]; then
	log "install: every package is present"
	exit 0
fi
bash "$CLOUD_REPO/scripts/machine/packages.sh" install cloud
log "install: done in $(($(date +%s) - t0)) s"
