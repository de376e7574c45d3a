package provider

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
)

// Every place where this provider departs from what the bridge would derive from terraform-provider-openstack
// v3.4.0 on its own, each with the reason. The @pulumi/openstack 3.15.2 SDK was generated from
// terraform-provider-openstack v1.54.1; where v3.4.0's schema differs in a way the SDK cannot follow, the override
// keeps the SDK's shape. docs/pulumi.md lists the differences that are left as they are.

// patchTerraformSchema changes the Terraform schema itself, before the bridge sees it.
func patchTerraformSchema(p *schema.Provider) {
	// What a refresh reads of the cloud where v3.4.0 keeps the configured value (reads.go).
	patchReads(p)
	// What an update of a versioned Swift container sends (updates_container.go).
	patchContainerUpdate(p)

	// openstack_db_instance_v1: v3.4.0 makes `size` RequiredWith `volume_type`; v1.54.1 did not, and the 3.15.2 SDK
	// has no volumeType input at all, so every database.Instance would fail validation ("all of `size,volume_type`
	// must be specified"). Without the constraint the provider sends no volume type and Trove uses its configured
	// default (cinder_volume_type), as it did under the SDK's own provider. A volume_type that is set is still sent.
	if r, ok := p.ResourcesMap["openstack_db_instance_v1"]; ok {
		if s, ok := r.Schema["size"]; ok {
			s.RequiredWith = nil
		}
	}
}

// applyOverrides changes how the bridge projects Terraform fields into Pulumi properties.
func applyOverrides(info *tfbridge.ProviderInfo) {
	field := func(resource, name string) *tfbridge.SchemaInfo {
		r := info.Resources[resource]
		if r == nil {
			panic("override of an unmapped resource " + resource)
		}
		if r.Fields == nil {
			r.Fields = map[string]*tfbridge.SchemaInfo{}
		}
		if r.Fields[name] == nil {
			r.Fields[name] = &tfbridge.SchemaInfo{}
		}
		return r.Fields[name]
	}
	no := false

	// openstack_compute_servergroup_v2.policies: `MaxItems: 1` in v3.4.0, so the bridge would flatten it to a
	// string; the SDK sends (and the pack reads) an array: `policies: ["anti-affinity"]`.
	field("openstack_compute_servergroup_v2", "policies").MaxItemsOne = &no

	// openstack_orchestration_stack_v1.outputs: the SDK calls it `StackOutputs` (a Pulumi program's resource already
	// has `outputs` in some languages), so the bridge must use that name, not the mangled `outputs`.
	field("openstack_orchestration_stack_v1", "outputs").Name = "StackOutputs"
}
