# Shared by the cloud scripts: where things live, and small helpers. Sourced, not run.
# shellcheck shell=bash
CLOUD_STATE=/var/lib/watercloud-cloud          # root-only: generated passwords, site facts, stamps
CLOUD_SECRETS=$CLOUD_STATE/secrets.env
CLOUD_PYTHON=$CLOUD_STATE/python             # entry points of the site's own drivers (configure.sh)
CLOUD_SITE=$CLOUD_STATE/site.json              # the platform file's site facts (scripts/cloud/site.ts)
CLOUD_LOGS=/var/log/watercloud-cloud
CLOUD_RUN=/run/watercloud-cloud                 # pid files of what start.sh started
PYTHON=/usr/bin/python3                        # Debian's: the one that imports the OpenStack packages
HOST_IP=127.0.0.1
CLOUD_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '[cloud %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
	printf '[cloud] error: %s\n' "$*" >&2
	exit 1
}
[ "$(id -u)" -eq 0 ] || die "the acceptance cloud's scripts run as root (they install packages and start services)"

# Reads one site fact from site.json: site_get '.region' style paths are Python expressions on `s`.
site_get() { "$PYTHON" -c "import json,sys; s=json.load(open('$CLOUD_SITE')); v=$1; print(v if isinstance(v,(str,int,float)) else ' '.join(map(str,v)))"; }

# The services start.sh runs, in start order: name, then the command. One line each; `status` reads the same list.
# Compute hosts and their network agents: one per availability zone (hard anti-affinity needs distinct hosts, and
# the components spread hosts over the zones), named compute-<zone>.
compute_hosts() { for z in $(site_get 's["availabilityZones"]'); do echo "compute-$z"; done; }
