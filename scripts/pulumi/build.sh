#!/usr/bin/env bash
# Build the Pulumi engine pieces watercloud previews with, from Go modules only (no release downloads), into a
# cache outside the repo. Idempotent: a binary that exists is not rebuilt, so a cached run takes seconds.
#
#   scripts/pulumi/build.sh            build what is missing; exit 0 when the CLI, the language host and every
#                                      provider plugin of scripts/pulumi/providers/ are installed, 3 when the CLI
#                                      and host are built but a plugin is not, 1 on any other failure.
#   WATERCLOUD_ENGINE_CACHE=DIR        cache root (default ~/.cache/watercloud-engine)
#   GOPROXY=URL                        an air-gapped site points this at its own Go module mirror
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINE_DIR="$ROOT/scripts/pulumi"
# shellcheck source=scripts/pulumi/env.sh
source "$ENGINE_DIR/env.sh"

die() { echo "build.sh: error: $*" >&2; exit 1; }
now() { date +%s; }
step_start=0
step() { step_start=$(now); echo "==> $*"; }
done_step() { echo "    done in $(( $(now) - step_start ))s${1:+ ($1)}"; }

command -v go >/dev/null || die "go is not on PATH (Go >= 1.26 is needed)"
command -v node >/dev/null || die "node is not on PATH"
[ -f "$ROOT/package-lock.json" ] || die "no package-lock.json in $ROOT"

lock_version() { # version of an npm package as the lock file pins it
	node -e 'const p=require(process.argv[1]).packages["node_modules/"+process.argv[2]];
		if(!p){process.exit(1)} process.stdout.write(p.version)' "$ROOT/package-lock.json" "$1" \
		|| die "$1 is not in package-lock.json"
}
SDK_VERSION="$(lock_version @pulumi/pulumi)"

# The CLI version is the one the committed wrapper module pins (scripts/pulumi/go/go.mod).
CLI_VERSION="$(sed -n 's#^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 v\([0-9.]*\).*#\1#p' "$ENGINE_DIR/go/go.mod")"
[ -n "$CLI_VERSION" ] || die "cannot read github.com/pulumi/pulumi/pkg/v3 from scripts/pulumi/go/go.mod"
if [ "$(printf '%s\n%s\n' "$SDK_VERSION" "$CLI_VERSION" | sort -V | head -1)" != "$SDK_VERSION" ]; then
	die "CLI $CLI_VERSION is older than @pulumi/pulumi $SDK_VERSION in package-lock.json; raise pkg/v3 in scripts/pulumi/go/go.mod"
fi
[ "$CLI_VERSION" = "$WATERCLOUD_PULUMI_VERSION" ] \
	|| die "env.sh expects CLI $WATERCLOUD_PULUMI_VERSION but go.mod pins $CLI_VERSION; keep them equal"

echo "watercloud engine build"
echo "  cache        $WATERCLOUD_ENGINE_CACHE"
echo "  bin          $WATERCLOUD_ENGINE_BIN"
echo "  PULUMI_HOME  $PULUMI_HOME"
echo "  CLI          v$CLI_VERSION (lock file @pulumi/pulumi $SDK_VERSION)"
echo "  providers    $(cd "$ENGINE_DIR/providers" && ls -d -- */ | tr -d / | xargs) (scripts/pulumi/providers/*/build.sh)"
echo "  GOPROXY      $(go env GOPROXY)"
total_start=$(now)
mkdir -p "$WATERCLOUD_ENGINE_BIN" "$PULUMI_HOME"

export CGO_ENABLED=0
# Build flags of the official release (.goreleaser.yml): static, trimmed, no user/grpc tracing cgo bits.
GOBUILD=(go build -C "$ENGINE_DIR/go" -mod=readonly -trimpath -tags osusergo,grpcnotrace)

# 1. The Pulumi CLI, from github.com/pulumi/pulumi/pkg/v3 at the version scripts/pulumi/go/go.mod pins.
if [ -x "$WATERCLOUD_ENGINE_BIN/pulumi" ]; then
	echo "==> pulumi v$CLI_VERSION: cached"
else
	step "pulumi v$CLI_VERSION: go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi (cold: about 4 min on 2 cores, seconds with a warm Go build cache)"
	"${GOBUILD[@]}" -ldflags "-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$CLI_VERSION" \
		-o "$WATERCLOUD_ENGINE_BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
		|| die "building the Pulumi CLI failed (see the go output above)"
	mv "$WATERCLOUD_ENGINE_BIN/pulumi.tmp" "$WATERCLOUD_ENGINE_BIN/pulumi"
	done_step "$("$WATERCLOUD_ENGINE_BIN/pulumi" version)"
fi

# 2. The Node.js language host. Upstream's module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
#    has no tags and is refused by the module mirror, so watercloud builds its own host (scripts/pulumi/go/langhost).
if [ -x "$WATERCLOUD_ENGINE_BIN/pulumi-language-nodejs" ]; then
	echo "==> pulumi-language-nodejs (watercloud host): cached"
else
	step "pulumi-language-nodejs: go build ./langhost (watercloud's host on sdk/v3 v$CLI_VERSION)"
	"${GOBUILD[@]}" -ldflags "-w -s -X main.Version=$CLI_VERSION+watercloud" \
		-o "$WATERCLOUD_ENGINE_BIN/pulumi-language-nodejs" ./langhost \
		|| die "building the language host failed"
	done_step
fi

# 3. pulumi-resource-pulumi-nodejs: the engine's name for Node.js dynamic providers; a script like upstream's.
if [ ! -x "$WATERCLOUD_ENGINE_BIN/pulumi-resource-pulumi-nodejs" ]; then
	install -m 0755 "$ENGINE_DIR/pulumi-resource-pulumi-nodejs" "$WATERCLOUD_ENGINE_BIN/pulumi-resource-pulumi-nodejs"
	echo "==> pulumi-resource-pulumi-nodejs: installed"
fi

# 4. Resource plugins, one script per plugin in scripts/pulumi/providers/<name>/build.sh (see providers/lib.sh), each
#    at exactly the version of its npm package in package-lock.json. Upstream's provider modules are refused by the
#    module mirror (docs/pulumi.md), so each plugin is the project's own Go module. A plugin whose script fails is
#    reported and the others are still built. WATERCLOUD_PROVIDERS="openstack random" limits the run to those.
missing=()
for script in "$ENGINE_DIR"/providers/*/build.sh; do
	name="$(basename "$(dirname "$script")")"
	if [ -n "${WATERCLOUD_PROVIDERS:-}" ] && [[ " $WATERCLOUD_PROVIDERS " != *" $name "* ]]; then continue; fi
	bash "$script" || { echo "    pulumi-resource-$name was NOT built (see above)" >&2; missing+=("$name"); }
done
# docker: its own Go module and mapping review live in scripts/pulumi/docker (bridged kreuzwerker provider).
if [ -z "${WATERCLOUD_PROVIDERS:-}" ] || [[ " $WATERCLOUD_PROVIDERS " == *" docker "* ]]; then
	bash "$ENGINE_DIR/docker/build.sh" || { echo "    pulumi-resource-docker was NOT built (see above)" >&2; missing+=("docker"); }
fi

echo "==> total $(( $(now) - total_start ))s"
ls -l "$WATERCLOUD_ENGINE_BIN"
pulumi plugin ls 2>/dev/null || true
if [ ${#missing[@]} -gt 0 ]; then
	echo "build.sh: the CLI and the language host are built; these resource plugins are NOT: ${missing[*]}" >&2
	echo "build.sh: previews of programs that use them fail with \"no resource plugin ... found\"" >&2
	exit 3
fi
echo "build.sh: engine complete"
