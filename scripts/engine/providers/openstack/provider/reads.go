package provider

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/db/v1/configurations"
	"github.com/gophercloud/gophercloud/v2/openstack/db/v1/instances"
	"github.com/gophercloud/gophercloud/v2/openstack/db/v1/users"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/listeners"
	"github.com/gophercloud/gophercloud/v2/openstack/loadbalancer/v2/pools"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/openstack/objectstorage/v1/containers"
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

// --- openstack_networking_port_v2 ---

// readPortGroupsAndAddresses: security_group_ids becomes the port's groups when the state names groups (or says
// no_security_groups). A port created without groups gets Neutron's `default` group, which the configuration never
// named: v3.4.0's reason for not reading them at all, kept for that case. fixed_ip becomes the port's addresses
// (subnet and address) when they no longer answer the configured entries.
func readPortGroupsAndAddresses(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	if d.Get("security_group_ids").(*schema.Set).Len() > 0 || d.Get("no_security_groups").(bool) {
		if err := setIfChanged(d, "security_group_ids", d.Get("all_security_group_ids")); err != nil {
			return err
		}
	}
	configured := d.Get("fixed_ip").([]any)
	if len(configured) == 0 && !d.Get("no_fixed_ip").(bool) {
		return nil // Neutron chose the addresses; nothing was configured to hold them to
	}
	client, err := config.NetworkingV2Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	port, err := ports.Get(ctx, client, d.Id()).Extract()
	if err != nil {
		return err
	}
	if fixedIPsAnswer(configured, port.FixedIPs) {
		return nil
	}
	real := make([]any, 0, len(port.FixedIPs))
	for _, ip := range port.FixedIPs {
		real = append(real, map[string]any{"subnet_id": ip.SubnetID, "ip_address": ip.IPAddress})
	}
	return d.Set("fixed_ip", real)
}

// fixedIPsAnswer: every address of the port answers one configured entry (same subnet, and the same address where
// one was configured), and every configured entry has one. Entries naming an address are matched first.
func fixedIPsAnswer(configured []any, real []ports.IP) bool {
	wanted := make([]ports.IP, 0, len(configured))
	for _, raw := range configured {
		m, _ := raw.(map[string]any)
		subnet, _ := m["subnet_id"].(string)
		address, _ := m["ip_address"].(string)
		ip := ports.IP{SubnetID: subnet, IPAddress: address}
		if ip.SubnetID != "" || ip.IPAddress != "" { // an empty entry configures nothing (v3.4.0 skips it too)
			wanted = append(wanted, ip)
		}
	}
	if len(wanted) != len(real) {
		return false
	}
	sort.SliceStable(wanted, func(i, j int) bool { return wanted[i].IPAddress != "" && wanted[j].IPAddress == "" })
	used := make([]bool, len(real))
	for _, w := range wanted {
		found := false
		for i, r := range real {
			if !used[i] && (w.SubnetID == "" || w.SubnetID == r.SubnetID) && (w.IPAddress == "" || w.IPAddress == r.IPAddress) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// --- labels: openstack_compute_instance_v2, openstack_keymanager_secret_v1, openstack_objectstorage_container_v1 ---

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

// --- openstack_lb_pool_v2 ---

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

// --- Trove: openstack_db_instance_v1, openstack_db_configuration_v1, openstack_db_user_v1 ---

// readInstanceConfigurationGroup: the configuration group attached to the instance (none: "").
func readInstanceConfigurationGroup(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	client, err := config.DatabaseV1Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	var got struct {
		Instance struct {
			Configuration *struct {
				ID string `json:"id"`
			} `json:"configuration"`
		} `json:"instance"`
	}
	if err := instances.Get(ctx, client, d.Id()).ExtractInto(&got); err != nil {
		return err
	}
	attached := ""
	if got.Instance.Configuration != nil {
		attached = got.Instance.Configuration.ID
	}
	return setIfChanged(d, "configuration_id", attached)
}

// troveValueText is a configuration value as the configuration writes it: Trove answers numbers and booleans typed.
func troveValueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

// readConfigurationValues: the group's values as Trove holds them. When they equal the configured ones the state is
// left as written; otherwise `configuration` becomes the configured names with Trove's values (a name Trove no longer
// has left out), then the names someone added, in name order.
func readConfigurationValues(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	client, err := config.DatabaseV1Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	group, err := configurations.Get(ctx, client, d.Id()).Extract()
	if err != nil {
		return err
	}
	configured := d.Get("configuration").([]any)
	seen := map[string]bool{}
	same := len(configured) == len(group.Values)
	entries := make([]any, 0, len(group.Values))
	for _, raw := range configured {
		e := raw.(map[string]any)
		name := e["name"].(string)
		seen[name] = true
		v, ok := group.Values[name]
		if !ok {
			same = false
			continue
		}
		if troveValueText(v) != e["value"].(string) {
			same = false
		}
		entries = append(entries, map[string]any{"name": name, "value": troveValueText(v), "string_type": e["string_type"]})
	}
	added := make([]string, 0)
	for name := range group.Values {
		if !seen[name] {
			added = append(added, name)
		}
	}
	if same && len(added) == 0 {
		return nil
	}
	sort.Strings(added)
	for _, name := range added {
		_, isString := group.Values[name].(string)
		entries = append(entries, map[string]any{"name": name, "value": troveValueText(group.Values[name]), "string_type": isString})
	}
	return d.Set("configuration", entries)
}

// configurationValues is what the configuration sends Trove, typed as v3.4.0's create types them: an integer or a
// boolean unless string_type says it is a string.
func configurationValues(raw []any) map[string]any {
	values := make(map[string]any, len(raw))
	for _, r := range raw {
		e := r.(map[string]any)
		value := any(e["value"].(string))
		if isString, _ := e["string_type"].(bool); !isString {
			if i, err := strconv.Atoi(e["value"].(string)); err == nil {
				value = i
			} else if b, err := strconv.ParseBool(e["value"].(string)); err == nil {
				value = b
			}
		}
		values[e["name"].(string)] = value
	}
	return values
}

// updateConfigurationValuesInPlace: v3.4.0 replaces a configuration group for any change of its values (a new group,
// the instance moved to it, the old one deleted). Trove sets a group's values in place (PUT replaces them all, so a
// value someone added goes too), and the instances attached to it take them.
func updateConfigurationValuesInPlace(r *schema.Resource) {
	notForceNew(r.Schema["configuration"])
	r.UpdateContext = func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
		config := meta.(*openstack.Config)
		if d.HasChange("configuration") {
			client, err := config.DatabaseV1Client(ctx, openstack.GetRegion(d, config))
			if err != nil {
				return diag.Errorf("Error creating OpenStack database client: %s", err)
			}
			opts := configurations.UpdateOpts{Values: configurationValues(d.Get("configuration").([]any))}
			if err := configurations.Replace(ctx, client, d.Id(), opts).ExtractErr(); err != nil {
				return diag.Errorf("Error setting the values of openstack_db_configuration_v1 %s: %s", d.Id(), err)
			}
		}
		return r.ReadContext(ctx, d, meta)
	}
}

func notForceNew(s *schema.Schema) {
	s.ForceNew = false
	if elem, ok := s.Elem.(*schema.Resource); ok {
		for _, f := range elem.Schema {
			notForceNew(f)
		}
	}
}

type troveUser struct {
	Name string `json:"name"`
	Host string `json:"host"`
}

func listUsers(ctx context.Context, client *gophercloud.ServiceClient, instanceID string) ([]troveUser, error) {
	pages, err := users.List(client, instanceID).AllPages(ctx)
	if err != nil {
		return nil, err
	}
	var list []troveUser
	err = pages.(users.UserPage).ExtractIntoSlicePtr(&list, "users")
	return list, err
}

// userHost is the host of the account `name`: the one the state names if it is still there, else the only other.
func userHost(list []troveUser, name, stateHost string) (string, bool) {
	found, host := false, ""
	for _, u := range list {
		if u.Name != name {
			continue
		}
		if u.Host == stateHost {
			return u.Host, true
		}
		found, host = true, u.Host
	}
	return host, found
}

// readUserHost: the host the account may connect from (MySQL's 'name'@'host'); v3.4.0 matches the account by name.
func readUserHost(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	client, err := config.DatabaseV1Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	list, err := listUsers(ctx, client, d.Get("instance_id").(string))
	if err != nil {
		return err
	}
	configured := d.Get("host").(string)
	host, ok := userHost(list, d.Get("name").(string), configured)
	if !ok || (configured == "" && host == "%") {
		return nil // gone (the upstream Read says so), or Trove's default host for a user that names none
	}
	return setIfChanged(d, "host", host)
}

// updateUserHostInPlace: v3.4.0 replaces a user whose host changes, and deletes the old account by name alone, which
// Trove takes as 'name'@'%': an account on any other host would stay behind. Trove changes an account's host in
// place (PUT .../users/name@host), so `up` puts the configured host back on the same account.
func updateUserHostInPlace(r *schema.Resource) {
	r.Schema["host"].ForceNew = false
	if r.Timeouts == nil {
		r.Timeouts = &schema.ResourceTimeout{}
	}
	r.Timeouts.Update = schema.DefaultTimeout(10 * time.Minute)
	r.UpdateContext = func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
		config := meta.(*openstack.Config)
		if d.HasChange("host") {
			if err := setUserHost(ctx, d, config); err != nil {
				return diag.Errorf("Error changing the host of openstack_db_user_v1 %s: %s", d.Id(), err)
			}
		}
		return r.ReadContext(ctx, d, meta)
	}
}

func setUserHost(ctx context.Context, d *schema.ResourceData, config *openstack.Config) error {
	client, err := config.DatabaseV1Client(ctx, openstack.GetRegion(d, config))
	if err != nil {
		return err
	}
	before, after := d.GetChange("host")
	name, instanceID := d.Get("name").(string), d.Get("instance_id").(string)
	from := before.(string)
	if from == "" {
		from = "%"
	}
	to := after.(string)
	if to == "" {
		to = "%"
	}
	target := client.ServiceURL("instances", instanceID, "users", url.PathEscape(name+"@"+from))
	body := map[string]any{"user": map[string]any{"host": to}}
	if _, err := client.Put(ctx, target, body, nil, &gophercloud.RequestOpts{OkCodes: []int{202}}); err != nil {
		return err
	}
	// The guest agent changes the account; wait until Trove lists it on the new host.
	deadline := time.Now().Add(d.Timeout(schema.TimeoutUpdate))
	for {
		list, err := listUsers(ctx, client, instanceID)
		if err != nil {
			return err
		}
		if host, ok := userHost(list, name, to); ok && host == to {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("Trove still lists %s on another host than %s", name, to)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
