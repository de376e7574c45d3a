package provider

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/db/v1/configurations"
	"github.com/gophercloud/gophercloud/v2/openstack/db/v1/instances"
	"github.com/gophercloud/gophercloud/v2/openstack/db/v1/users"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// Trove: an instance's configuration group, a group's values, a user's host (reads.go).

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
