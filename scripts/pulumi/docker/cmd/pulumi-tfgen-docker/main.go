// pulumi-tfgen-docker writes the Pulumi schema of watercloud's Docker provider (`schema --out DIR`); the build
// embeds that schema in pulumi-resource-docker.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	docker "github.com/terraform-providers/terraform-provider-docker/watercloud"
)

// version is set by scripts/pulumi/docker/build.sh to the @pulumi/docker version of package-lock.json.
var version = "0.0.0"

func main() { tfgen.Main("docker", version, docker.Provider(version)) }
