# shellcheck shell=bash
# Shared by the per-plugin build scripts in scripts/pulumi/providers/<name>/build.sh, which scripts/pulumi/build.sh
# runs one after the other. A plugin script builds one resource plugin from Go modules into the engine cache and
# installs it into PULUMI_HOME with `pulumi plugin install resource NAME VERSION --file BIN`. It exits 0 when the
# plugin is installed (built now or cached), non-zero with the failing command's output otherwise.
#
# To add a plugin: make scripts/pulumi/providers/<name>/ with its Go module and a build.sh that sources this file,
# calls `plugin_cached NAME VERSION DIR && exit 0`, builds, and ends with `plugin_install NAME VERSION BIN DIR`.
set -euo pipefail

PROVIDERS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$PROVIDERS_DIR/../../.." && pwd)"
# shellcheck source=scripts/pulumi/env.sh
source "$ROOT/scripts/pulumi/env.sh"
export CGO_ENABLED=0

die() { echo "$(basename "$(dirname "$0")")/build.sh: error: $*" >&2; exit 1; }
now() { date +%s; }

lock_version() { # version of an npm package as package-lock.json pins it (without a leading "v")
	node -e 'const p=require(process.argv[1]).packages["node_modules/"+process.argv[2]];
		if(!p){process.exit(1)} process.stdout.write(p.version.replace(/^v/,""))' "$ROOT/package-lock.json" "$1" \
		|| die "$1 is not in package-lock.json"
}

# The source stamp: every file of the plugin's folder that can go into the binary (not the TypeScript helpers, the
# docs or differences.json, which records a comparison with the built plugin), the Go toolchain and the version. A
# plugin is rebuilt when any of them changes, and only then.
source_stamp() { # DIR VERSION
	{ (cd "$1" && find . -type f ! -name '*.ts' ! -name '*.md' ! -name differences.json -print0 | sort -z | xargs -0 sha256sum); go version; echo "$2"; } \
		| sha256sum | cut -d' ' -f1
}
stamp_file() { echo "$WATERCLOUD_ENGINE_CACHE/stamps/$1-$2.sha256"; }

plugin_cached() { # NAME VERSION DIR: true when the installed plugin was built from exactly this source
	local bin="$PULUMI_HOME/plugins/resource-$1-v$2/pulumi-resource-$1" stamp
	stamp="$(stamp_file "$1" "$2")"
	if [ -x "$bin" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(source_stamp "$3" "$2")" ]; then
		echo "==> pulumi-resource-$1 $2: cached ($(du -h "$bin" | cut -f1))"
		return 0
	fi
	return 1
}

plugin_install() { # NAME VERSION BIN DIR
	command -v pulumi >/dev/null || die "pulumi is not built yet (scripts/pulumi/build.sh builds it first)"
	pulumi plugin rm resource "$1" "$2" --yes >/dev/null 2>&1 || true
	pulumi plugin install resource "$1" "$2" --file "$3" || die "pulumi plugin install resource $1 $2 failed"
	mkdir -p "$(dirname "$(stamp_file "$1" "$2")")"
	source_stamp "$4" "$2" > "$(stamp_file "$1" "$2")"
	echo "    installed $PULUMI_HOME/plugins/resource-$1-v$2 ($(du -h "$3" | cut -f1))"
}

# Copies a plugin's Go module out of the repo into the cache, so that generated files (a schema to embed) never
# land in the worktree.
stage_module() { # DIR NAME -> prints the staging folder
	local w="$WATERCLOUD_ENGINE_CACHE/src/provider-$2"
	rm -rf "$w"; mkdir -p "$w"
	tar -C "$1" --exclude='*.ts' --exclude='build.sh' -cf - . | tar -C "$w" -xf -
	echo "$w"
}

# go build as the release builds do: static, trimmed, stripped, the module's go.sum as is.
gobuild() { nice go build -mod=readonly -trimpath "$@"; }
