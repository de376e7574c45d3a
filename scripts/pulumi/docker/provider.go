// Package docker maps the kreuzwerker Terraform provider's resources onto the tokens and property names of the
// @pulumi/docker SDK, by hand and reviewed: a mechanical token match is wrong for Docker (the SDK's Image is
// native code in pulumi-docker, not TF docker_image, which is RemoteImage; docker_config is ServiceConfig), and a
// few properties carry names the bridge would not derive (command stays singular, networks_advanced keeps its
// name). mapping_test.go checks the result against the SDK's own property lists.
package docker

import (
	"unicode"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// resource makes the SDK's token for a resource of the index module: docker:index/<camel>:<Type>.
func resource(typ string) tokens.Type {
	file := string(unicode.ToLower(rune(typ[0]))) + typ[1:]
	return tokens.Type("docker:index/" + file + ":" + typ)
}

// function makes the SDK's token for a data source (an invoke): docker:index/<name>:<name>.
func function(name string) tokens.ModuleMember {
	return tokens.ModuleMember("docker:index/" + name + ":" + name)
}

// Resources is the reviewed token mapping: TF resource type -> the @pulumi/docker class that sends it.
// docker:index/image:Image (the SDK's buildx Image) is native code upstream and is deliberately absent.
var Resources = map[string]string{
	"docker_buildx_builder": "BuildxBuilder",
	"docker_config":         "ServiceConfig",
	"docker_container":      "Container",
	"docker_image":          "RemoteImage",
	"docker_network":        "Network",
	"docker_plugin":         "Plugin",
	"docker_registry_image": "RegistryImage",
	"docker_secret":         "Secret",
	"docker_service":        "Service",
	"docker_tag":            "Tag",
	"docker_volume":         "Volume",
}

// DataSources is the reviewed mapping of TF data sources to the SDK's invoke functions.
var DataSources = map[string]string{
	"docker_image":                    "getRemoteImage",
	"docker_logs":                     "getLogs",
	"docker_network":                  "getNetwork",
	"docker_plugin":                   "getPlugin",
	"docker_registry_image":           "getRegistryImage",
	"docker_registry_image_manifests": "getRegistryImageManifests",
}

// fields holds the property names the SDK uses where the bridge's default naming (camel case, lists pluralised)
// would differ. Each entry was checked against node_modules/@pulumi/docker by mapping_test.go.
var fields = map[string]map[string]*tfbridge.SchemaInfo{
	"docker_container": {
		// One command line ["nginx", "-g", "..."]: a list, yet the SDK keeps the singular name.
		"command": {Name: "command"},
		// Several networks, yet the SDK keeps Terraform's name.
		"networks_advanced": {Name: "networksAdvanced"},
	},
	"docker_image": {
		// The image reference is the resource's identity: never auto-named.
		"name": {Name: "name"},
	},
}

// Provider returns the bridged provider at the given version (the @pulumi/docker version it serves).
func Provider(version string) tfbridge.ProviderInfo {
	p := shimv2.NewProvider(provider.New(version)())
	info := tfbridge.ProviderInfo{
		P:           p,
		Name:        "docker",
		Version:     version,
		Description: "Docker resources for the watercloud local target (bridged kreuzwerker provider)",
		License:     "Apache-2.0",
		Config: map[string]*tfbridge.SchemaInfo{
			"host": {Default: &tfbridge.DefaultInfo{Value: "unix:///var/run/docker.sock", EnvVars: []string{"DOCKER_HOST"}}},
			// A list of registries, named in the singular by the SDK.
			"registry_auth": {Name: "registryAuth", MaxItemsOne: tfbridge.False()},
		},
		Resources:   map[string]*tfbridge.ResourceInfo{},
		DataSources: map[string]*tfbridge.DataSourceInfo{},
		JavaScript:  &tfbridge.JavaScriptInfo{},
	}
	for tf, typ := range Resources {
		info.Resources[tf] = &tfbridge.ResourceInfo{Tok: resource(typ), Fields: fields[tf]}
	}
	// Docker cannot rename a container in place; a replacement must free the name first.
	info.Resources["docker_container"].DeleteBeforeReplace = true
	for tf, fn := range DataSources {
		info.DataSources[tf] = &tfbridge.DataSourceInfo{Tok: function(fn)}
	}
	// Names the SDK leaves optional (container, network, volume ...) get `<resource name>-<random suffix>`.
	info.SetAutonaming(255, "-")
	return info
}
