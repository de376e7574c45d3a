# Source me: exports the OS_* variables of the acceptance cloud's admin, matching the `watercloud` entry of
# /etc/openstack/clouds.yaml (written by `npm run cloud:up`; root only). The password is read from that file at
# source time, never stored here.
#   source scripts/cloud/env.sh
# shellcheck shell=bash
if [ ! -r /etc/openstack/clouds.yaml ]; then
	echo "scripts/cloud/env.sh: /etc/openstack/clouds.yaml is missing or unreadable; run npm run cloud:up (as root)" >&2
	return 1 2> /dev/null || exit 1
fi
eval "$(/usr/bin/python3 - <<'PY'
import shlex, yaml
c = yaml.safe_load(open("/etc/openstack/clouds.yaml"))["clouds"]["watercloud"]
a = c["auth"]
env = {
    "OS_CLOUD": "watercloud", "OS_AUTH_URL": a["auth_url"], "OS_USERNAME": a["username"], "OS_PASSWORD": a["password"],
    "OS_PROJECT_NAME": a["project_name"], "OS_USER_DOMAIN_NAME": a["user_domain_name"],
    "OS_PROJECT_DOMAIN_NAME": a["project_domain_name"], "OS_REGION_NAME": c["region_name"],
    "OS_INTERFACE": c["interface"], "OS_IDENTITY_API_VERSION": "3",
}
for k, v in env.items():
    print(f"export {k}={shlex.quote(str(v))}")
PY
)"
