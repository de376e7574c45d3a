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

# Any command that fails under `set -e` says on the console which script, line and command it was, and where the
# logs are, instead of ending the run silently (a schema migration's output goes to its own log, not the console).
on_error() { # status, line, command
	printf '[cloud] error: %s:%s: `%s` failed (exit %s); logs: %s\n' "$(basename "${BASH_SOURCE[1]:-$0}")" "$2" "$3" "$1" "$CLOUD_LOGS" >&2
}
set -E
trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR

# Runs a command with its output in $CLOUD_LOGS/<name>.log; when it fails, prints the log's last lines and its path.
logged() { # name, command...
	local name=$1 f
	shift
	f="$CLOUD_LOGS/$name.log"
	"$@" > "$f" 2>&1 && return 0
	local rc=$?
	trap - ERR
	printf '[cloud] error: %s failed (exit %s); the last lines of %s:\n' "$name" "$rc" "$f" >&2
	tail -n 20 "$f" | sed 's/^/    /' >&2
	exit 1
}
[ "$(id -u)" -eq 0 ] || die "the acceptance cloud's scripts run as root (they install packages and start services)"

# Reads one site fact from site.json: site_get '.region' style paths are Python expressions on `s`.
site_get() { "$PYTHON" -c "import json,sys; s=json.load(open('$CLOUD_SITE')); v=$1; print(v if isinstance(v,(str,int,float)) else ' '.join(map(str,v)))"; }

# The services start.sh runs, in start order: name, then the command. One line each; `status` reads the same list.
# Compute hosts and their network agents: one per availability zone (hard anti-affinity needs distinct hosts, and
# the components spread hosts over the zones), named compute-<zone>.
compute_hosts() { for z in $(site_get 's["availabilityZones"]'); do echo "compute-$z"; done; }
