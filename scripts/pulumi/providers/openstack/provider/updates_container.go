package provider

import (
	"context"

	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// patchContainerUpdate: v3.4.0's update of a Swift container sends X-Container-Sync-To and X-Container-Sync-Key on
// every update, changed or not. Swift's object versioning refuses any request that carries a sync target on a
// versioned container (400 "Cannot configure container sync on a container with object versioning configured"), so
// a versioned container with an off-site copy, as every backup container is, could never have its labels or ACLs
// put back by `up`. When neither the sync target, its key nor the versioning changes, the update sends only the
// ACLs, the content type and (when changed) the metadata, then reads the container as upstream does.
func patchContainerUpdate(p *schema.Provider) {
	r := resourceOf(p, "openstack_objectstorage_container_v1")
	upstream := r.UpdateContext
	read := r.ReadContext
	r.UpdateContext = func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
		if d.HasChanges("container_sync_to", "container_sync_key", "versioning", "versioning_legacy") {
			return upstream(ctx, d, meta)
		}
		config := meta.(*openstack.Config)
		client, err := config.ObjectStorageV1Client(ctx, openstack.GetRegion(d, config))
		if err != nil {
			return diag.Errorf("error creating OpenStack object storage client: %s", err)
		}
		containerRead := d.Get("container_read").(string)
		containerWrite := d.Get("container_write").(string)
		contentType := d.Get("content_type").(string)
		opts := containers.UpdateOpts{ContainerRead: &containerRead, ContainerWrite: &containerWrite, ContentType: &contentType}
		if d.HasChange("metadata") {
			opts.Metadata = stringMap(d.Get("metadata").(map[string]any))
		}
		if _, err := containers.Update(ctx, client, d.Id(), opts).Extract(); err != nil {
			return diag.Errorf("error updating objectstorage_container_v1 '%s': %s", d.Id(), err)
		}
		return read(ctx, d, meta)
	}
}
