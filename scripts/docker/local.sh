#!/usr/bin/env bash
# A tenant's local copy on Docker, through the real engine: the same stack file and catalogue as the cloud,
# rendered onto the Docker components (WATERCLOUD_TARGET=docker).
#
#   scripts/docker/local.sh up STACK        start dockerd and build the base image if needed, then `pulumi up`
#   scripts/docker/local.sh preview STACK   the same, `pulumi preview`
#   scripts/docker/local.sh destroy STACK   `pulumi destroy`, then forget the local stack
#   scripts/docker/local.sh output STACK    the stack's outputs as JSON (secrets shown: it is the owner's copy)
#
# State lives in a file backend under ~/.cache/watercloud-docker/state (WATERCLOUD_DOCKER_CACHE), apart from any
# cloud state; the project's stack files are never written (a stand-in project creates the stack, and the engine
# reads a copy of the stack file through --config-file). The level-3 policy pack judges every up and preview.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${WATERCLOUD_DOCKER_CACHE:-$HOME/.cache/watercloud-docker}"
usage() { echo "usage: scripts/docker/local.sh up|preview|destroy|output STACK" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1 stack=$2
case "$cmd" in up|preview|destroy|output) ;; *) usage ;; esac
if [ ! -f "$ROOT/stacks/Pulumi.$stack.yaml" ]; then
	echo "local.sh: error: no stack file stacks/Pulumi.$stack.yaml (stacks: $(cd "$ROOT/stacks" && ls Pulumi.*.yaml | sed 's/Pulumi\.\(.*\)\.yaml/\1/' | grep -v '^platform$' | tr '\n' ' '))" >&2
	exit 2
fi
export PULUMI_BACKEND_URL="file://$CACHE/state"
mkdir -p "$CACHE/state"
# shellcheck source=scripts/pulumi/env.sh
source "$ROOT/scripts/pulumi/env.sh"
export WATERCLOUD_TARGET=docker
command -v pulumi >/dev/null || { echo "local.sh: error: the Pulumi engine is not built; run: npm run pulumi:build" >&2; exit 3; }

if [ "$cmd" = up ] || [ "$cmd" = preview ]; then
	bash "$ROOT/scripts/docker/daemon.sh" start >/dev/null
	bash "$ROOT/scripts/docker/image.sh" build | tail -n 1
fi

work="$CACHE/stacks/$stack"
mkdir -p "$work"
name=$(sed -n 's/^name: *//p' "$ROOT/Pulumi.yaml" | head -1)
printf 'name: %s\nruntime: nodejs\n' "$name" > "$work/Pulumi.yaml"
( cd "$work" && { pulumi stack select "$stack" --non-interactive 2>/dev/null || pulumi stack init "$stack" --non-interactive; } ) >/dev/null
cp "$ROOT/stacks/Pulumi.$stack.yaml" "$work/config.yaml"
grep '^encryptionsalt:' "$work/Pulumi.$stack.yaml" >> "$work/config.yaml" || true
common=(--stack "$stack" --config-file "$work/config.yaml" --non-interactive)
# The pack checks containers against the allow-list image.sh wrote.
node -e 'const a=require(process.argv[1]); process.stdout.write(JSON.stringify({"docker-image-digest": {dockerAllowedImages: a.images.map((i) => i.id)}}))' \
	"$CACHE/allowed-images.json" > "$work/policy-pack-config.json" 2>/dev/null || echo '{}' > "$work/policy-pack-config.json"
pack=(--policy-pack "$ROOT/policies" --policy-pack-config "$work/policy-pack-config.json")

cd "$ROOT"
failed() { # what happened and what to run; the state keeps what was done, so the next run resumes from there
	echo "local.sh: pulumi $cmd $stack failed (see above). What was created is in the local state:" >&2
	echo "local.sh: fix the cause and run 'npm run local -- $cmd $stack' again, or 'npm run local -- destroy $stack'." >&2
	exit 1
}
trap 'failed' ERR
case "$cmd" in
up) pulumi up "${common[@]}" --yes --skip-preview "${pack[@]}" ;;
preview) pulumi preview "${common[@]}" "${pack[@]}" ;;
destroy)
	pulumi destroy "${common[@]}" --yes --skip-preview
	( cd "$work" && pulumi stack rm "$stack" --yes --non-interactive >/dev/null ) && rm -rf "$work"
	;;
output) pulumi stack output --stack "$stack" --json --show-secrets ;;
esac
