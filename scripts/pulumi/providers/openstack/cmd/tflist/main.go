// Command tflist prints the resource and data-source names of terraform-provider-openstack, with the top-level
// argument names of each, as JSON. gen-tokens.ts reads it to map them to the @pulumi/openstack SDK's tokens;
// gen-plan-unknowns.ts reads `computed` (per resource, the top-level attributes the provider computes when the
// configuration leaves them unset, which a create's plan therefore holds as unknown).
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
	Computed    map[string][]string `json:"computed"`
}

func computed(r *schema.Resource) []string {
	names := []string{}
	for k, s := range r.Schema {
		if s.Computed {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
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
	out := listing{Resources: map[string][]string{}, DataSources: map[string][]string{}, Computed: map[string][]string{}}
	for name, r := range p.ResourcesMap {
		out.Resources[name] = fields(r)
		out.Computed[name] = computed(r)
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
