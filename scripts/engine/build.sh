#!/usr/bin/env bash
# Build the Pulumi engine pieces watercloud previews with, from Go modules only (no release downloads), into a
# cache outside the repo. Idempotent: a binary that exists is not rebuilt, so a cached run takes seconds.
#
#   scripts/engine/build.sh            build what is missing; exit 0 when the CLI, the language host and both
#                                      provider plugins are present, 3 when only providers could not be built
#                                      (see docs/engine.md), 1 on any other failure.
#   WATERCLOUD_ENGINE_CACHE=DIR        cache root (default ~/.cache/watercloud-engine)
#   GOPROXY=URL                        an air-gapped site points this at its own Go module mirror
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENGINE_DIR="$ROOT/scripts/engine"
# shellcheck source=scripts/engine/env.sh
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
OPENSTACK_VERSION="$(lock_version @pulumi/openstack)"
RANDOM_VERSION="$(lock_version @pulumi/random)"

# The CLI version is the one the committed wrapper module pins (scripts/engine/go/go.mod).
CLI_VERSION="$(sed -n 's#^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 v\([0-9.]*\).*#\1#p' "$ENGINE_DIR/go/go.mod")"
[ -n "$CLI_VERSION" ] || die "cannot read github.com/pulumi/pulumi/pkg/v3 from scripts/engine/go/go.mod"
if [ "$(printf '%s\n%s\n' "$SDK_VERSION" "$CLI_VERSION" | sort -V | head -1)" != "$SDK_VERSION" ]; then
	die "CLI $CLI_VERSION is older than @pulumi/pulumi $SDK_VERSION in package-lock.json; raise pkg/v3 in scripts/engine/go/go.mod"
fi
[ "$CLI_VERSION" = "$WATERCLOUD_PULUMI_VERSION" ] \
	|| die "env.sh expects CLI $WATERCLOUD_PULUMI_VERSION but go.mod pins $CLI_VERSION; keep them equal"

echo "watercloud engine build"
echo "  cache        $WATERCLOUD_ENGINE_CACHE"
echo "  bin          $WATERCLOUD_ENGINE_BIN"
echo "  PULUMI_HOME  $PULUMI_HOME"
echo "  CLI          v$CLI_VERSION (lock file @pulumi/pulumi $SDK_VERSION)"
echo "  providers    openstack $OPENSTACK_VERSION, random $RANDOM_VERSION (from package-lock.json)"
echo "  GOPROXY      $(go env GOPROXY)"
total_start=$(now)
mkdir -p "$WATERCLOUD_ENGINE_BIN" "$PULUMI_HOME"

export CGO_ENABLED=0
# Build flags of the official release (.goreleaser.yml): static, trimmed, no user/grpc tracing cgo bits.
GOBUILD=(go build -C "$ENGINE_DIR/go" -mod=readonly -trimpath -tags osusergo,grpcnotrace)

# 1. The Pulumi CLI, from github.com/pulumi/pulumi/pkg/v3 at the version scripts/engine/go/go.mod pins.
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
#    has no tags and is refused by the module mirror, so watercloud builds its own host (scripts/engine/go/langhost).
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

# 4. Resource plugins at exactly the versions of the npm packages in package-lock.json.
#    Recipe (docs/engine.md): the provider's cmd main.go embeds schema-embed.json, which is made by `go generate` and
#    so is absent from the module zip; a wrapper module gets a copy of main.go, a schema-embed.json made from the
#    committed schema.json with .version set, every replace directive of the provider's go.mod, and the version
#    ldflag. The provider modules have no provider/vX.Y.Z tags: they are pinned by the pseudo-version of the
#    release commit.
missing=()
build_provider() { # name npm-version go-module pseudo-version version-ldflag-value
	local name=$1 version=$2 module=$3 pseudo=$4 ldver=$5
	local plugin_dir="$PULUMI_HOME/plugins/resource-$name-v$version"
	if [ -x "$plugin_dir/pulumi-resource-$name" ]; then
		echo "==> pulumi-resource-$name $version: cached"
		return 0
	fi
	step "pulumi-resource-$name $version: $module@$pseudo"
	if [ -z "$pseudo" ]; then
		echo "    the commit of the $name $version release is not known; set WATERCLOUD_${name^^}_PSEUDO" >&2
		missing+=("$name"); return 0
	fi
	local out
	if ! out=$(go mod download -json "$module@$pseudo" 2>&1); then
		echo "    the module mirror did not serve it:" >&2
		echo "    \$ go mod download -json $module@$pseudo" >&2
		sed 's/^/    /' <<<"$out" >&2
		missing+=("$name"); return 0
	fi
	local src w
	src=$(sed -n 's/.*"Dir": *"\(.*\)".*/\1/p' <<<"$out")
	w="$WATERCLOUD_ENGINE_CACHE/src/provider-$name-$version"
	rm -rf "$w"; mkdir -p "$w/cmd/pulumi-resource-$name"
	(
		cd "$w"
		go mod init "watercloud.local/engine/provider-$name" >/dev/null 2>&1
		# Every replace of the provider's own go.mod applies only when it is the main module: copy them.
		go mod edit -json "$src/go.mod" | node -e '
			const m=JSON.parse(require("fs").readFileSync(0));
			for (const r of m.Replace||[]) {
				const o=r.Old.Path+(r.Old.Version?"@"+r.Old.Version:"");
				const n=r.New.Version ? r.New.Path+"@"+r.New.Version : r.New.Path;
				console.log(o+"="+n);
			}' | while IFS= read -r rep; do
				case "$rep" in *=./*|*=../*) echo "    local replace $rep needs a nested module; see docs/engine.md" >&2; exit 1;; esac
				go mod edit -replace "$rep"
			done
		cp "$src/cmd/pulumi-resource-$name/main.go" "cmd/pulumi-resource-$name/"
		for f in bridge-metadata.json; do
			[ -f "$src/cmd/pulumi-resource-$name/$f" ] && cp "$src/cmd/pulumi-resource-$name/$f" "cmd/pulumi-resource-$name/"
		done
		chmod -R u+w .
		node -e 'const f=require("fs"),s=JSON.parse(f.readFileSync(process.argv[1]));s.version=process.argv[2];
			f.writeFileSync(process.argv[3],JSON.stringify(s))' \
			"$src/cmd/pulumi-resource-$name/schema.json" "$version" "cmd/pulumi-resource-$name/schema-embed.json"
		go get "$module@$pseudo"
		GOFLAGS=-mod=mod go mod tidy
		go build -trimpath -ldflags "-s -w -X $module/pkg/version.Version=$ldver" \
			-o "$WATERCLOUD_ENGINE_CACHE/src/pulumi-resource-$name" "./cmd/pulumi-resource-$name"
	) || { echo "    building pulumi-resource-$name failed" >&2; missing+=("$name"); return 0; }
	pulumi plugin install resource "$name" "$version" --file "$WATERCLOUD_ENGINE_CACHE/src/pulumi-resource-$name" \
		|| { missing+=("$name"); return 0; }
	done_step
}
# openstack: npm 3.15.2 = repo tag v3.15.2 = commit a9de4228c2fb; its Makefile sets the version with a leading "v".
OPENSTACK_PSEUDO_3_15_2=v3.0.0-20240329191609-a9de4228c2fb
openstack_pseudo="${WATERCLOUD_OPENSTACK_PSEUDO:-}"
[ -n "$openstack_pseudo" ] || { [ "$OPENSTACK_VERSION" = 3.15.2 ] && openstack_pseudo=$OPENSTACK_PSEUDO_3_15_2; } || true
build_provider openstack "$OPENSTACK_VERSION" github.com/pulumi/pulumi-openstack/provider/v3 "$openstack_pseudo" "v$OPENSTACK_VERSION"
# random: version without "v" (its Makefile refuses one). The release commit of 4.21.2 is not pinned yet, and the
# provider's go.mod replaces ./shim with a nested module (docs/engine.md).
build_provider random "$RANDOM_VERSION" github.com/pulumi/pulumi-random/provider/v4 "${WATERCLOUD_RANDOM_PSEUDO:-}" "$RANDOM_VERSION"
bash "$ENGINE_DIR/docker/build.sh" || missing+=("docker")  # bridged kreuzwerker provider, reviewed mapping (scripts/engine/docker)

echo "==> total $(( $(now) - total_start ))s"
ls -l "$WATERCLOUD_ENGINE_BIN"
if [ ${#missing[@]} -gt 0 ]; then
	echo "build.sh: the CLI and the language host are built; these resource plugins are NOT: ${missing[*]}" >&2
	echo "build.sh: previews of programs that use them fail with \"no resource plugin ... found\" (docs/engine.md)" >&2
	exit 3
fi
echo "build.sh: engine complete"
