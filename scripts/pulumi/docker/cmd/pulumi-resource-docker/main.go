// pulumi-resource-docker is the engine's Docker resource plugin.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	docker "github.com/terraform-providers/terraform-provider-docker/watercloud"
)

// version is set by scripts/pulumi/docker/build.sh to the @pulumi/docker version of package-lock.json.
var version = "0.0.0"

// schema-embed.json is written by pulumi-tfgen-docker during the build (it is not committed).
//
//go:embed schema-embed.json
var pulumiSchema []byte

func main() { tfbridge.Main("docker", version, docker.Provider(version), pulumiSchema) }
