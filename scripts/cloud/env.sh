# Source me: names the acceptance cloud's admin entry of /etc/openstack/clouds.yaml (written by `npm run cloud:up`;
# root only) the way OpenStack's tools take it, so `openstack ...` and `watercloud ...` use it. Nothing secret is
# exported: every tool reads the credentials from that file.
#   source scripts/cloud/env.sh
# shellcheck shell=bash
if [ ! -r /etc/openstack/clouds.yaml ]; then
	echo "scripts/cloud/env.sh: /etc/openstack/clouds.yaml is missing or unreadable; run npm run cloud:up (as root)" >&2
	return 1 2> /dev/null || exit 1
fi
export OS_CLOUD=watercloud
