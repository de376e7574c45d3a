// Command pulumi-resource-openstack is watercloud's bridged OpenStack provider: terraform-provider-openstack under
// pulumi-terraform-bridge, serving the tokens and property names of the @pulumi/openstack SDK the project pins.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"watercloud.local/engine/providers/openstack/provider"
)

// schema.json is made by pulumi-tfgen-openstack at build time (build.sh); it is not in the repository.
//
//go:embed schema.json
var pulumiSchema []byte

func main() {
	tfbridge.Main("openstack", provider.Version, provider.Provider(), pulumiSchema)
}
