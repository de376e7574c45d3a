package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// Labels: the metadata of Nova servers, Barbican secrets and Swift containers, and a container's other headers (reads.go).

// configuredKeys is the cloud's value of each key the state sets; a key the cloud no longer has is left out. Swift
// answers metadata keys in HTTP's capitalisation (Data-Class for data-class), so foldCase matches them that way.
func configuredKeys(configured map[string]any, real map[string]string, foldCase bool) map[string]any {
	out := make(map[string]any, len(configured))
	for k := range configured {
		if v, ok := real[k]; ok {
			out[k] = v
			continue
		}
		if !foldCase {
			continue
		}
		for rk, v := range real {
			if strings.EqualFold(rk, k) {
				out[k] = v
				break
			}
		}
	}
	return out
}

func stringMap(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

// readInstanceMetadata: Nova's metadata is in all_metadata; metadata keeps what was applied.
func readInstanceMetadata(_ context.Context, d *schema.ResourceData, _ *openstack.Config) error {
	return setIfChanged(d, "metadata", configuredKeys(d.Get("metadata").(map[string]any), stringMap(d.Get("all_metadata").(map[string]any)), false))
}

// readSecretMetadata: Barbican's metadata is in all_metadata (Barbican keeps keys in lower case).
func readSecretMetadata(_ context.Context, d *schema.ResourceData, _ *openstack.Config) error {
	return setIfChanged(d, "metadata", configuredKeys(d.Get("metadata").(map[string]any), stringMap(d.Get("all_metadata").(map[string]any)), true))
}

// readContainerHeaders: v3.4.0 reads neither a container's metadata nor its sync target, and reads an ACL only when
// it is not empty (one the configuration set and someone removed stays in the state). The sync key is not read: it
// is a secret, and a drift report would have to show it.
func readContainerHeaders(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	client, err := config.ObjectStorageV1Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	result := containers.Get(ctx, client, d.Id(), nil)
	if result.Err != nil {
		return result.Err
	}
	real, err := result.ExtractMetadata()
	if err != nil {
		return err
	}
	if err := setIfChanged(d, "metadata", configuredKeys(d.Get("metadata").(map[string]any), real, true)); err != nil {
		return err
	}
	if err := setIfChanged(d, "container_sync_to", result.Header.Get("X-Container-Sync-To")); err != nil {
		return err
	}
	for attr, header := range map[string]string{"container_read": "X-Container-Read", "container_write": "X-Container-Write"} {
		if result.Header.Get(header) == "" {
			if err := setIfChanged(d, attr, ""); err != nil {
				return err
			}
		}
	}
	return nil
}
