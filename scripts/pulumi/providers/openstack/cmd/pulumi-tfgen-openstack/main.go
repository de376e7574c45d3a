// Command pulumi-tfgen-openstack generates the Pulumi schema of watercloud's bridged OpenStack provider
// (`pulumi-tfgen-openstack schema --out DIR`); build.sh embeds the result into pulumi-resource-openstack.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"watercloud.local/engine/providers/openstack/provider"
)

func main() {
	tfgen.Main("openstack", provider.Version, provider.Provider())
}
