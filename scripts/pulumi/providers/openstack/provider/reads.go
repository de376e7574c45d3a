package provider

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// What a refresh reads of the cloud. terraform-provider-openstack v3.4.0's Read keeps some configured attributes as
// they were applied and reports the cloud's value elsewhere (a port's security_group_ids beside
// all_security_group_ids, a host's metadata beside all_metadata), or never reads them at all (a container's metadata
// and sync target, the listener a load balancer pool serves, a Trove instance's configuration group, a configuration
// group's values, a Trove user's host).
// Pulumi's refresh then never sees a change made behind its back, `pulumi up --refresh` plans nothing, and the cloud
// keeps what someone else set: a port stripped of its security groups stays open to whatever the project's other
// rules allow. Each hook below runs after the provider's own Read on a refresh (not after a create or an update, which
// call the upstream Read directly and have just applied the configuration) and writes the cloud's value into the
// configured attribute, so refresh, preview --refresh, up --refresh and watercloud drift compare the program with what
// the cloud enforces. docs/drift.md has the table of every attribute the sample fleet sets and how it is judged.
//
// Labels (metadata keys) are judged on the keys the stack sets only: a key the stack set that was removed or changed
// is drift, a key someone added is theirs (Nova, Octavia and operators' tools add their own). A configuration group's
// values are judged whole: every parameter changes how the database behaves, so one added by hand is drift too.

// readHook reads what the upstream Read left as configured; it runs only when the object still exists.
type readHook func(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error

// patchReads installs the hooks, and the in-place updates that let `up` restore three attributes v3.4.0 could only
// restore by replacing the object.
func patchReads(p *schema.Provider) {
	readAlso(p, "openstack_networking_port_v2", readPortGroupsAndAddresses)
	readAlso(p, "openstack_compute_instance_v2", readInstanceMetadata)
	readAlso(p, "openstack_keymanager_secret_v1", readSecretMetadata)
	readAlso(p, "openstack_objectstorage_container_v1", readContainerHeaders)
	readAlso(p, "openstack_lb_pool_v2", readPoolListener)
	readAlso(p, "openstack_db_instance_v1", readInstanceConfigurationGroup)
	readAlso(p, "openstack_db_configuration_v1", readConfigurationValues)
	readAlso(p, "openstack_db_user_v1", readUserHost)
	updateConfigurationValuesInPlace(p.ResourcesMap["openstack_db_configuration_v1"])
	updateUserHostInPlace(p.ResourcesMap["openstack_db_user_v1"])
	updatePoolListenerInPlace(p.ResourcesMap["openstack_lb_pool_v2"])
}

func resourceOf(p *schema.Provider, name string) *schema.Resource {
	r, ok := p.ResourcesMap[name]
	if !ok || r.ReadContext == nil {
		panic("reads.go: no ReadContext for " + name)
	}
	return r
}

func readAlso(p *schema.Provider, name string, hook readHook) {
	r := resourceOf(p, name)
	upstream := r.ReadContext
	r.ReadContext = func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
		diags := upstream(ctx, d, meta)
		if diags.HasError() || d.Id() == "" {
			return diags
		}
		if err := hook(ctx, d, meta.(*openstack.Config)); err != nil {
			return append(diags, diag.Errorf("reading what the cloud holds for %s %s: %s", name, d.Id(), err)...)
		}
		return diags
	}
}

// setIfChanged writes a value only when it differs from what the state holds: writing an empty value over an unset
// one would show as a change on every refresh.
func setIfChanged(d *schema.ResourceData, key string, value any) error {
	current := d.Get(key)
	if s, ok := current.(*schema.Set); ok {
		if v, ok := value.(*schema.Set); ok && s.Equal(v) {
			return nil
		}
	} else if reflect.DeepEqual(current, value) {
		return nil
	}
	return d.Set(key, value)
}
