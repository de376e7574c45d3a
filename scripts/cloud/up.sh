#!/usr/bin/env bash
# npm run cloud:up — install (the first time), configure, start everything, wait until each API answers, and
# bootstrap the platform's site. Idempotent: on a running cloud it checks and changes nothing. Prints each phase's
# time (docs/cloud.md quotes them).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"
phase() {
	local name=$1 t0
	shift
	t0=$(date +%s)
	if ! "$@"; then
		printf '[cloud] error: cloud:up stopped in "%s" after %s s (the message above says what failed; logs: %s)\n' \
			"$name" "$(($(date +%s) - t0))" "$CLOUD_LOGS" >&2
		exit 1
	fi
	log "up: $name took $(($(date +%s) - t0)) s"
}
t_all=$(date +%s)
phase install "$here/install.sh"
phase configure "$here/configure.sh"
phase "start keystone" "$here/start.sh" keystone
phase "bootstrap identity" "$PYTHON" "$here/bootstrap.py" identity
phase start "$here/start.sh" all
phase "bootstrap site" "$PYTHON" "$here/bootstrap.py" site
log "up: the cloud is up in $(($(date +%s) - t_all)) s; credentials: /etc/openstack/clouds.yaml (watercloud), source scripts/cloud/env.sh"
