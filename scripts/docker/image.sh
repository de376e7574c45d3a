#!/usr/bin/env bash
# Build the hardened base image of the local Docker target from Debian's packages, with no image registry:
# mmdebstrap makes a minimal bookworm root file system from the host's own apt sources (an air-gapped site's
# mirror is simply its apt sources), a hook hardens it, and `docker import` turns the tarball into an image.
# The image id (a sha256 of its content) is written to the local allow-list, which components and the policy
# pack read. The tarball is cached outside the repo, keyed by its package list and hook, so a warm run only imports.
#
#   scripts/docker/image.sh build     build (or reuse) the image, write the allow-list, print the image id
#   scripts/docker/image.sh id        print the pinned image id from the allow-list (exit 1 when absent)
#   WATERCLOUD_DOCKER_CACHE=DIR       cache root (default ~/.cache/watercloud-docker)
#
# Roles the one image serves (a container per role picks its entry point): web and app hosts (busybox httpd as
# an unprivileged user), the TLS load balancer (nginx-light), the shared database (PostgreSQL 15), the shared
# cache (Redis 7 with ACL users), the object store (OpenStack Swift, the same API the production cloud serves; its
# tempauth keeps tokens in memcached) and the audit sink (python3, which Swift brings).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/docker"
CACHE="${WATERCLOUD_DOCKER_CACHE:-$HOME/.cache/watercloud-docker}"
ALLOW_LIST="$CACHE/allowed-images.json"
REPO=watercloud/base
SUITE=bookworm
PACKAGES=(
	ca-certificates openssl curl busybox tini
	nginx-light
	postgresql-15
	redis-server
	swift swift-proxy swift-account swift-container swift-object python3-swiftclient memcached
)
die() { echo "image.sh: error: $*" >&2; exit 1; }

# The slow part (mmdebstrap) is keyed by the package list and the hardening hook; the role scripts in
# rootfs/overlay are appended to a copy of the cached tarball, so changing one costs an import, not a rebuild.
rootfs_hash() { { printf '%s\n' "$SUITE" "${PACKAGES[@]}"; cat "$HERE/rootfs/harden.sh"; } | sha256sum | cut -c1-12; }
overlay_hash() { (cd "$HERE/rootfs/overlay" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-8; }

cmd_id() {
	[ -f "$ALLOW_LIST" ] || { echo "image.sh: no allow-list at $ALLOW_LIST; run scripts/docker/image.sh build" >&2; exit 1; }
	node -e 'const a=require(process.argv[1]); process.stdout.write(a.images[0].id+"\n")' "$ALLOW_LIST"
}

cmd_build() {
	command -v docker >/dev/null || die "no docker client"
	docker info >/dev/null 2>&1 || die "Docker's daemon does not answer; run scripts/docker/daemon.sh start"
	command -v mmdebstrap >/dev/null || bash "$(dirname "$0")/../machine/packages.sh" install image \
		|| die "apt-get install mmdebstrap failed"
	local hash tag tarball start
	hash=$(rootfs_hash); tag="$SUITE-$hash-$(overlay_hash)"
	tarball="$CACHE/rootfs-$SUITE-$hash.tar"
	mkdir -p "$CACHE"
	# One build at a time per cache: a second caller waits and then finds the image built.
	exec 9>"$CACHE/.build.lock"
	flock 9
	start=$(date +%s)
	if [ -f "$tarball" ]; then
		echo "==> rootfs $SUITE-$hash: cached ($tarball)"
	else
		echo "==> rootfs $SUITE-$hash: mmdebstrap $SUITE from the host's apt sources (${#PACKAGES[@]} packages)"
		local sources=/etc/apt/sources.list.d/debian.sources
		[ -f "$sources" ] || sources=/etc/apt/sources.list
		[ -f "$sources" ] || die "no apt sources on this host"
		local include; include=$(IFS=,; echo "${PACKAGES[*]}")
		# Stop package scripts from starting services inside the build; the hook hardens the tree afterwards.
		nice mmdebstrap --variant=minbase --mode=root --format=tar \
			--include="$include" \
			--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
			--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
			--customize-hook="$HERE/rootfs/harden.sh \"\$1\"" \
			"$SUITE" "$tarball.tmp" "$sources" || die "mmdebstrap failed"
		mv "$tarball.tmp" "$tarball"
		# Older rootfs tarballs (another package list or hook) are half a gigabyte each: keep only this one.
		find "$CACHE" -maxdepth 1 -name "rootfs-$SUITE-*.tar" ! -name "$(basename "$tarball")" -delete
		echo "    rootfs built in $(( $(date +%s) - start ))s, $(du -h "$tarball" | cut -f1)"
	fi
	local id
	id=$(docker image inspect --format '{{.Id}}' "$REPO:$tag" 2>/dev/null || true)
	if [ -z "$id" ]; then
		echo "==> docker import $REPO:$tag (rootfs + rootfs/overlay)"
		local layer="$CACHE/import-$tag.tar"
		cp "$tarball" "$layer"
		# Files only: the directories are already in the rootfs, and Docker refuses a path twice in one tarball.
		(cd "$HERE/rootfs/overlay" && find . -type f | LC_ALL=C sort) \
			| tar -rf "$layer" --owner=0 --group=0 -C "$HERE/rootfs/overlay" --no-recursion -T -
		id=$(docker import \
			--change 'USER 10001:10001' \
			--change 'WORKDIR /' \
			--change 'ENTRYPOINT ["/usr/bin/tini", "--"]' \
			--change 'CMD ["/usr/local/bin/wc-role", "web"]' \
			--change "LABEL org.opencontainers.image.title=watercloud-base org.opencontainers.image.version=$tag" \
			"$layer" "$REPO:$tag") || { rm -f "$layer"; die "docker import failed"; }
		rm -f "$layer"
	else
		echo "==> $REPO:$tag: already imported"
	fi
	# The allow-list is the one place that says which images may run: components pin containers to these ids and
	# the docker-image-digest rule refuses any other.
	node -e '
		const [file, repo, tag, id] = process.argv.slice(1);
		const doc = { apiVersion: "watercloud/v1", kind: "DockerImageAllowList",
			images: [{ name: repo + ":" + tag, id, roles: ["web", "app", "lb", "postgresql", "redis", "swift"] }] };
		require("fs").writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");' "$ALLOW_LIST" "$REPO" "$tag" "$id"
	echo "==> $REPO:$tag $id (allow-list $ALLOW_LIST), $(( $(date +%s) - start ))s"
}

case "${1:-}" in
build) cmd_build ;;
id) cmd_id ;;
*) echo "usage: scripts/docker/image.sh build|id" >&2; exit 2 ;;
esac
