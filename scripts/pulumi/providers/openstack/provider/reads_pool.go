package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/pools"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// Octavia pools: the listener a pool serves (reads.go).

// readPoolListener: a pool made for a listener is that listener's default pool. Octavia lets anyone who may change
// the listener point it at another pool (one of their own, with their own members): the pool then serves no
// listener, and the listener's traffic goes elsewhere. v3.4.0 reads listener_id only on import. The state's
// listener_id stays while the listener still uses the pool; otherwise it becomes the listener the pool serves now
// ("" for none).
func readPoolListener(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	configured := d.Get("listener_id").(string)
	if configured == "" {
		return nil // a pool made on the load balancer itself serves whichever listener an L7 policy or listener names
	}
	client, err := config.LoadBalancerV2Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	pool, err := pools.Get(ctx, client, d.Id()).Extract()
	if err != nil {
		return err
	}
	serves := ""
	for _, l := range pool.Listeners {
		if l.ID == configured {
			return nil
		}
		if serves == "" {
			serves = l.ID
		}
	}
	return d.Set("listener_id", serves)
}

// updatePoolListenerInPlace: v3.4.0 replaces a pool whose listener_id changes, and Octavia refuses a new pool for a
// listener that has a default pool, so `up` could not restore a listener pointed elsewhere. The listener is pointed
// back at the pool instead (PUT .../listeners/ID default_pool_id), then the provider's own update runs.
func updatePoolListenerInPlace(r *schema.Resource) {
	r.Schema["listener_id"].ForceNew = false
	upstream := r.UpdateContext
	r.UpdateContext = func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
		if d.HasChange("listener_id") && d.Get("listener_id").(string) != "" {
			if err := makeDefaultPool(ctx, d, meta.(*openstack.Config)); err != nil {
				return diag.Errorf("Error making openstack_lb_pool_v2 %s the default pool of listener %s: %s", d.Id(), d.Get("listener_id"), err)
			}
			if !d.HasChangesExcept("listener_id") {
				return r.ReadContext(ctx, d, meta) // nothing of the pool itself to change
			}
		}
		return upstream(ctx, d, meta)
	}
}

func makeDefaultPool(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	client, err := config.LoadBalancerV2Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	listener, pool := d.Get("listener_id").(string), d.Id()
	if _, err := listeners.Update(ctx, client, listener, listeners.UpdateOpts{DefaultPoolID: &pool}).Extract(); err != nil {
		return err
	}
	// Octavia takes the change asynchronously; the load balancer refuses the next change until it is ACTIVE.
	deadline := time.Now().Add(d.Timeout(schema.TimeoutUpdate))
	for {
		l, err := listeners.Get(ctx, client, listener).Extract()
		if err != nil {
			return err
		}
		switch l.ProvisioningStatus {
		case "ACTIVE":
			return nil
		case "ERROR":
			return fmt.Errorf("listener %s went into ERROR", listener)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("listener %s is still %s", listener, l.ProvisioningStatus)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
