#!/usr/bin/env bash
# pulumi-resource-random at the version of @pulumi/random in package-lock.json: watercloud's native provider serving
# @pulumi/random's interface (this folder's Go module, on sdk/v3's pulumirpc). Cold: about 1 min; warm: seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/pulumi/providers/lib.sh
source "$here/../lib.sh"

version="$(lock_version @pulumi/random)"
plugin_cached random "$version" "$here" && exit 0
echo "==> pulumi-resource-random $version: watercloud native provider (sdk/v3 $(sed -n 's#^\tgithub.com/pulumi/pulumi/sdk/v3 \(v[^ ]*\).*#\1#p' "$here/go.mod"))"
t0=$(now)
out="$WATERCLOUD_ENGINE_CACHE/src/provider-random/pulumi-resource-random"
mkdir -p "$(dirname "$out")"
(cd "$here" && gobuild -ldflags "-s -w -X main.Version=$version" -o "$out" .) \
	|| die "building pulumi-resource-random failed (go output above)"
plugin_install random "$version" "$out" "$here"
echo "    done in $(( $(now) - t0 ))s"
