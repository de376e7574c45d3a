#!/usr/bin/env bash
# Build pulumi-resource-docker at the @pulumi/docker version of package-lock.json from Go modules only, and install
# it into the engine's plugin cache. Called by scripts/pulumi/build.sh; idempotent (an installed plugin is kept).
#
#   1. pulumi-tfgen-docker (this module, cmd/pulumi-tfgen-docker) writes the Pulumi schema of the reviewed mapping;
#   2. the schema, with its version set, is embedded into pulumi-resource-docker (cmd/pulumi-resource-docker);
#   3. `pulumi plugin install resource docker <version> --file` puts it where the engine looks.
# Cold: about 8 min on 2 cores (the Docker provider, moby and buildkit are large); warm Go caches: seconds.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
# shellcheck source=scripts/pulumi/env.sh
source "$ROOT/scripts/pulumi/env.sh"
die() { echo "docker/build.sh: error: $*" >&2; exit 1; }
command -v go >/dev/null || die "go is not on PATH"
command -v pulumi >/dev/null || die "the Pulumi CLI is not built yet (scripts/pulumi/build.sh builds it first)"

VERSION=$(node -e 'const p=require(process.argv[1]).packages["node_modules/@pulumi/docker"]; if(!p) process.exit(1); process.stdout.write(p.version)' \
	"$ROOT/package-lock.json") || die "@pulumi/docker is not in package-lock.json"
PLUGIN_DIR="$PULUMI_HOME/plugins/resource-docker-v$VERSION"
if [ -x "$PLUGIN_DIR/pulumi-resource-docker" ]; then
	echo "==> pulumi-resource-docker $VERSION: cached"
	exit 0
fi
OUT="$WATERCLOUD_ENGINE_CACHE/docker"
mkdir -p "$OUT"
start=$(date +%s)
echo "==> pulumi-resource-docker $VERSION: bridged kreuzwerker provider (scripts/pulumi/docker)"
export CGO_ENABLED=0
LDF="-s -w -X main.version=$VERSION"
GOBUILD=(nice go build -C "$HERE" -mod=readonly -trimpath -ldflags "$LDF")
"${GOBUILD[@]}" -o "$OUT/pulumi-tfgen-docker" ./cmd/pulumi-tfgen-docker || die "building pulumi-tfgen-docker failed"
rm -rf "$OUT/schema"; mkdir -p "$OUT/schema"
# Docs and examples come from the upstream repository's markdown, which a module zip does not carry.
(cd "$OUT" && ./pulumi-tfgen-docker schema --out "$OUT/schema" --skip-docs --skip-examples >"$OUT/tfgen.log" 2>&1) \
	|| { tail -20 "$OUT/tfgen.log" >&2; die "pulumi-tfgen-docker schema failed"; }
node -e 'const f=require("fs"),s=JSON.parse(f.readFileSync(process.argv[1]));s.version=process.argv[2];
	f.writeFileSync(process.argv[3],JSON.stringify(s))' "$OUT/schema/schema.json" "$VERSION" "$HERE/cmd/pulumi-resource-docker/schema-embed.json"
"${GOBUILD[@]}" -o "$OUT/pulumi-resource-docker" ./cmd/pulumi-resource-docker || die "building pulumi-resource-docker failed"
pulumi plugin install resource docker "$VERSION" --file "$OUT/pulumi-resource-docker" >/dev/null \
	|| die "pulumi plugin install resource docker $VERSION failed"
echo "    done in $(( $(date +%s) - start ))s ($(du -h "$OUT/pulumi-resource-docker" | cut -f1), $PLUGIN_DIR)"
