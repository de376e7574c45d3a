#!/bin/sh
# mmdebstrap customize hook: harden the root file system at $1 before it is packed.
# Every role runs as uid 10001 with no setuid binaries to climb back to root; the package manager's caches and
# the services Debian's maintainer scripts set up for a full system are removed.
set -eu
R="$1"
HERE="$(dirname "$0")"
chroot "$R" groupadd --gid 10001 app
chroot "$R" useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin app
# No way to become root again inside a container: drop setuid/setgid bits, lock root, no login shells.
find "$R" -xdev -type f -perm /6000 -exec chmod ug-s {} +
# File capabilities too (the blackbox exporter's package gives it cap_net_raw for ICMP): with every capability
# dropped, the kernel refuses to exec a binary whose file capabilities it cannot grant.
chroot "$R" getcap -r / 2>/dev/null | while read -r file _; do chroot "$R" setcap -r "$file"; done
chroot "$R" passwd -l root >/dev/null
# The per-service clusters and sites packages create for a full machine are not used: roles start their own.
rm -rf "$R"/var/lib/postgresql/15/main "$R"/etc/postgresql/15/main "$R"/etc/nginx/sites-enabled/*
# Swift reads /etc/swift/swift.conf and its rings from /etc/swift: the swift role writes them per container into
# its tmpfs, so the read-only root points there.
rm -rf "$R"/etc/swift && ln -s /tmp/swift/etc "$R"/etc/swift
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/* "$R"/var/cache/debconf/*-old "$R"/var/log/*.log
# moment-timezone's source data (212 MB, a file per zone and year), which Prometheus's web pages pull in: the pages
# load the bundled moment-timezone-with-data files beside it, not this.
rm -rf "$R"/usr/share/javascript/moment-timezone/data
# Mount points for the volumes a role mounts: a new Docker volume copies the owner and mode of its mount point.
install -d -o 10001 -g 10001 -m 0700 "$R"/var/lib/watercloud/data
install -d -o 10001 -g 10001 -m 0700 "$R"/etc/watercloud
install -d -o 10001 -g 10001 -m 0755 "$R"/srv/www
