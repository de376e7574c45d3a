// Command tflist prints the resource and data-source names of terraform-provider-openstack, with the top-level
// argument names of each, as JSON. gen-tokens.ts reads it to map them to the @pulumi/openstack SDK's tokens.
package main

import (
	"encoding/json"
	"os"
	"sort"

	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

type listing struct {
	Resources   map[string][]string `json:"resources"`
	DataSources map[string][]string `json:"dataSources"`
}

func fields(r *schema.Resource) []string {
	names := make([]string, 0, len(r.Schema))
	for k := range r.Schema {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func main() {
	p := openstack.Provider()
	out := listing{Resources: map[string][]string{}, DataSources: map[string][]string{}}
	for name, r := range p.ResourcesMap {
		out.Resources[name] = fields(r)
	}
	for name, r := range p.DataSourcesMap {
		out.DataSources[name] = fields(r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		os.Exit(1)
	}
}
