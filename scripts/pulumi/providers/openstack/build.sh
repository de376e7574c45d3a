#!/usr/bin/env bash
# pulumi-resource-openstack at the version of @pulumi/openstack in package-lock.json: terraform-provider-openstack/v3
# under pulumi-terraform-bridge/v3 (this folder's go.mod), with the SDK's tokens (provider/tokens.json) and the
# overrides in provider/overrides.go. Steps: build tfgen, generate the Pulumi schema, embed it in the provider, build
# the provider, install it. Cold: about 5 min on 2 cores; warm Go caches: seconds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/pulumi/providers/lib.sh
source "$here/../lib.sh"

version="$(lock_version @pulumi/openstack)"
plugin_cached openstack "$version" "$here" && exit 0
echo "==> pulumi-resource-openstack $version: bridge $(sed -n 's#^\tgithub.com/pulumi/pulumi-terraform-bridge/v3 \(v[^ ]*\).*#\1#p' "$here/go.mod"), terraform-provider-openstack $(sed -n 's#^\tgithub.com/terraform-provider-openstack/terraform-provider-openstack/v3 \(v[^ ]*\).*#\1#p' "$here/go.mod")"
t0=$(now)
w="$(stage_module "$here" openstack)"
cd "$w"
ldflags="-s -w -X watercloud.local/engine/providers/openstack/provider.Version=$version"

t=$(now)
gobuild -ldflags "$ldflags" -o bin/pulumi-tfgen-openstack ./cmd/pulumi-tfgen-openstack \
	|| die "building pulumi-tfgen-openstack failed (go output above)"
echo "    tfgen built in $(( $(now) - t ))s"

t=$(now)
bin/pulumi-tfgen-openstack schema --out gen --skip-docs --skip-examples > gen.log 2>&1 \
	|| { cat gen.log >&2; die "schema generation failed"; }
# The schema carries the version the SDK asks for (tfgen leaves it out without one).
node -e 'const f=require("fs"),s=JSON.parse(f.readFileSync(process.argv[1]));s.version=process.argv[2];
	f.writeFileSync(process.argv[3],JSON.stringify(s))' gen/schema.json "$version" cmd/pulumi-resource-openstack/schema.json
echo "    schema generated in $(( $(now) - t ))s ($(grep -m1 'total resources' gen.log | sed 's/^[[:space:]]*//'))"

t=$(now)
gobuild -ldflags "$ldflags" -o bin/pulumi-resource-openstack ./cmd/pulumi-resource-openstack \
	|| die "building pulumi-resource-openstack failed (go output above)"
echo "    provider built in $(( $(now) - t ))s"
plugin_install openstack "$version" bin/pulumi-resource-openstack "$here"
echo "    done in $(( $(now) - t0 ))s"
