package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
	"github.com/terraform-provider-openstack/utils/v2/auth"
)

// The hooks of reads.go against an HTTP server that answers as Neutron, Swift and Trove answer (the bodies are the
// APIs' documented shapes, cut to the fields the provider reads), with state as the provider left it after a create.

type call struct {
	Method, Path string
	Body         map[string]any
}

type fakeCloud struct {
	*httptest.Server
	mu     sync.Mutex
	routes map[string]func(w http.ResponseWriter, r *http.Request)
	calls  []call
}

func newFakeCloud(t *testing.T) *fakeCloud {
	f := &fakeCloud{routes: map[string]func(http.ResponseWriter, *http.Request){}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		c := call{Method: r.Method, Path: r.URL.EscapedPath()}
		if b, _ := io.ReadAll(r.Body); len(b) > 0 {
			_ = json.Unmarshal(b, &c.Body)
		}
		f.calls = append(f.calls, c)
		h, ok := f.routes[r.Method+" "+r.URL.EscapedPath()]
		f.mu.Unlock()
		if !ok {
			http.Error(w, "no route "+r.Method+" "+r.URL.EscapedPath(), http.StatusNotFound)
			return
		}
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeCloud) json(method, path string, status int, body string) {
	f.routes[method+" "+path] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// config is the provider's meta with every service at the fake's root (no Keystone: auth is not delayed).
func (f *fakeCloud) config() *openstack.Config {
	client := &gophercloud.ProviderClient{EndpointLocator: func(gophercloud.EndpointOpts) (string, error) { return f.URL + "/", nil }}
	return &openstack.Config{Config: auth.Config{OsClient: client}}
}

func patchedProvider() *schema.Provider {
	p := openstack.Provider()
	patchTerraformSchema(p)
	return p
}

// stateOf is the resource's data as a state holds it: every attribute set, computed ones included.
func stateOf(t *testing.T, r *schema.Resource, id string, attrs map[string]any) *schema.ResourceData {
	d := r.Data(nil)
	d.SetId(id)
	for k, v := range attrs {
		if err := d.Set(k, v); err != nil {
			t.Fatalf("set %s: %s", k, err)
		}
	}
	return d
}

// refresh runs the resource's Read as a refresh does: the provider's own, then the hook reads.go installed.
func refresh(t *testing.T, r *schema.Resource, d *schema.ResourceData, f *fakeCloud) {
	t.Helper()
	if diags := r.ReadContext(context.Background(), d, f.config()); diags.HasError() {
		t.Fatalf("read: %v", diags)
	}
}

func setStrings(s *schema.Set) []string {
	out := make([]string, 0, s.Len())
	for _, v := range s.List() {
		out = append(out, v.(string))
	}
	sort.Strings(out)
	return out
}

func expectEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

const portStripped = `{"port": {"id": "port-1", "name": "portal-app-1-port", "network_id": "net-1", "admin_state_up": true,
  "mac_address": "fa:16:3e:00:00:01", "status": "ACTIVE", "device_owner": "compute:az1", "device_id": "server-1",
  "fixed_ips": [{"subnet_id": "subnet-web", "ip_address": "10.20.0.7"}], "security_groups": [],
  "allowed_address_pairs": [], "port_security_enabled": true, "tags": ["tier=app"]}}`

const portAsApplied = `{"port": {"id": "port-1", "name": "portal-app-1-port", "network_id": "net-1", "admin_state_up": true,
  "mac_address": "fa:16:3e:00:00:01", "status": "ACTIVE", "device_owner": "compute:az1", "device_id": "server-1",
  "fixed_ips": [{"subnet_id": "subnet-app", "ip_address": "10.20.64.10"}], "security_groups": ["sg-app", "sg-bastion"],
  "allowed_address_pairs": [], "port_security_enabled": true, "tags": ["tier=app"]}}`

func portState(t *testing.T, r *schema.Resource) *schema.ResourceData {
	return stateOf(t, r, "port-1", map[string]any{
		"name": "portal-app-1-port", "network_id": "net-1",
		"security_group_ids":     []any{"sg-app", "sg-bastion"},
		"all_security_group_ids": []any{"sg-app", "sg-bastion"},
		"fixed_ip":               []any{map[string]any{"subnet_id": "subnet-app"}},
		"all_fixed_ips":          []any{"10.20.64.10"},
		"tags":                   []any{"tier=app"},
	})
}

// refreshedPort is the port of portState refreshed against Neutron's answer `body`.
func refreshedPort(t *testing.T, body string) *schema.ResourceData {
	f := newFakeCloud(t)
	f.json("GET", "/v2.0/ports/port-1", 200, body)
	r := patchedProvider().ResourcesMap["openstack_networking_port_v2"]
	d := portState(t, r)
	refresh(t, r, d, f)
	return d
}

func TestPortRefreshReadsTheGroupsAndAddressesNeutronHolds(t *testing.T) {
	d := refreshedPort(t, portStripped)
	expectEqual(t, "security_group_ids", setStrings(d.Get("security_group_ids").(*schema.Set)), []string{})
	expectEqual(t, "fixed_ip", d.Get("fixed_ip"), []any{map[string]any{"subnet_id": "subnet-web", "ip_address": "10.20.0.7"}})
}

func TestPortAsAppliedKeepsTheConfiguredShape(t *testing.T) {
	d := refreshedPort(t, portAsApplied)
	expectEqual(t, "security_group_ids", setStrings(d.Get("security_group_ids").(*schema.Set)), []string{"sg-app", "sg-bastion"})
	// The configured entry names a subnet only; the address Neutron chose in it answers it, so nothing changes.
	expectEqual(t, "fixed_ip", d.Get("fixed_ip"), []any{map[string]any{"subnet_id": "subnet-app", "ip_address": ""}})
}

func TestPortWithoutConfiguredGroupsKeepsNeutronsDefaultOutOfTheConfiguration(t *testing.T) {
	f := newFakeCloud(t)
	f.json("GET", "/v2.0/ports/port-1", 200, `{"port": {"id": "port-1", "network_id": "net-1", "fixed_ips": [{"subnet_id": "s", "ip_address": "10.0.0.5"}], "security_groups": ["sg-default"]}}`)
	r := patchedProvider().ResourcesMap["openstack_networking_port_v2"]
	d := stateOf(t, r, "port-1", map[string]any{"network_id": "net-1"})
	refresh(t, r, d, f)
	expectEqual(t, "security_group_ids", setStrings(d.Get("security_group_ids").(*schema.Set)), []string{})
	expectEqual(t, "all_security_group_ids", setStrings(d.Get("all_security_group_ids").(*schema.Set)), []string{"sg-default"})
	expectEqual(t, "fixed_ip", d.Get("fixed_ip"), []any{})
	// No second GET: nothing configured holds the port's addresses.
	expectEqual(t, "calls", len(f.calls), 1)
}

func TestFixedIPsAnswer(t *testing.T) {
	entry := func(subnet, ip string) any { return map[string]any{"subnet_id": subnet, "ip_address": ip} }
	at := func(subnet, ip string) ports.IP { return ports.IP{SubnetID: subnet, IPAddress: ip} }
	cases := []struct {
		name       string
		configured []any
		real       []ports.IP
		want       bool
	}{
		{"the subnet configured, an address in it", []any{entry("a", "")}, []ports.IP{at("a", "10.0.0.5")}, true},
		{"moved to another subnet", []any{entry("a", "")}, []ports.IP{at("b", "10.1.0.5")}, false},
		{"an address added", []any{entry("a", "")}, []ports.IP{at("a", "10.0.0.5"), at("b", "10.1.0.5")}, false},
		{"the configured address", []any{entry("a", "10.0.0.5")}, []ports.IP{at("a", "10.0.0.5")}, true},
		{"another address in the subnet", []any{entry("a", "10.0.0.5")}, []ports.IP{at("a", "10.0.0.6")}, false},
		{"an exact entry is matched before a loose one", []any{entry("a", ""), entry("a", "10.0.0.5")}, []ports.IP{at("a", "10.0.0.5"), at("a", "10.0.0.6")}, true},
		{"no address, as no_fixed_ip asks", []any{}, []ports.IP{}, true},
	}
	for _, c := range cases {
		if got := fixedIPsAnswer(c.configured, c.real); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestInstanceMetadataIsNovasValueOfTheConfiguredKeys(t *testing.T) {
	r := patchedProvider().ResourcesMap["openstack_compute_instance_v2"]
	d := stateOf(t, r, "server-1", map[string]any{
		"metadata":     map[string]any{"tier": "app", "data-class": "sensitive", "owner": "flood-it"},
		"all_metadata": map[string]any{"tier": "web", "owner": "flood-it", "added-by-hand": "x"},
	})
	if err := readInstanceMetadata(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	// tier changed, data-class removed: drift; the key someone added is not the stack's.
	expectEqual(t, "metadata", d.Get("metadata"), map[string]any{"tier": "web", "owner": "flood-it"})
}

func TestSecretMetadataIsBarbicansValueOfTheConfiguredKeys(t *testing.T) {
	f := newFakeCloud(t)
	f.json("GET", "/v1/secrets/secret-1", 200, `{"name": "flood-control-portal-db-db-grant", "secret_type": "passphrase", "status": "ACTIVE",
	  "secret_ref": "https://barbican/v1/secrets/secret-1", "content_types": {"default": "text/plain"},
	  "created": "2026-11-01T08:00:00", "updated": "2026-11-01T08:00:00", "expiration": null}`)
	f.routes["GET /v1/secrets/secret-1/payload"] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "{}")
	}
	f.json("GET", "/v1/secrets/secret-1/metadata", 200, `{"metadata": {"data-class": "public", "tier": "data", "added-by-hand": "x"}}`)
	f.json("GET", "/v1/secrets/secret-1/acl", 200, `{"read": {"project-access": false, "users": [], "created": "2026-11-01T08:00:00", "updated": "2026-11-01T08:00:00"}}`)
	r := patchedProvider().ResourcesMap["openstack_keymanager_secret_v1"]
	d := stateOf(t, r, "secret-1", map[string]any{
		"name":     "flood-control-portal-db-db-grant",
		"metadata": map[string]any{"data-class": "sensitive", "tier": "data", "owner": "flood-it"},
	})
	refresh(t, r, d, f)
	expectEqual(t, "metadata", d.Get("metadata"), map[string]any{"data-class": "public", "tier": "data"})
	expectEqual(t, "all_metadata", d.Get("all_metadata"), map[string]any{"data-class": "public", "tier": "data", "added-by-hand": "x"})
}

func TestConfiguredKeysFoldCaseWhereAskedTo(t *testing.T) {
	real := map[string]string{"Data-Class": "public", "tier": "data"}
	expectEqual(t, "folded", configuredKeys(map[string]any{"data-class": "x", "tier": "y"}, real, true), map[string]any{"data-class": "public", "tier": "data"})
	expectEqual(t, "exact", configuredKeys(map[string]any{"data-class": "x", "tier": "y"}, real, false), map[string]any{"tier": "data"})
}

func TestContainerMetadataSyncTargetAndRemovedACLAreRead(t *testing.T) {
	f := newFakeCloud(t)
	f.routes["HEAD /flood-control-records-archive"] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Container-Meta-Data-Class", "public")
		w.Header().Set("X-Container-Meta-Tier", "data")
		w.Header().Set("X-Container-Meta-Added-By-Hand", "x")
		w.Header().Set("X-Container-Sync-To", "//elsewhere/other/AUTH_x/copy")
		w.Header().Set("X-Storage-Policy", "cn-ec-2site")
		w.WriteHeader(http.StatusNoContent)
	}
	r := patchedProvider().ResourcesMap["openstack_objectstorage_container_v1"]
	d := stateOf(t, r, "flood-control-records-archive", map[string]any{
		"name":              "flood-control-records-archive",
		"metadata":          map[string]any{"data-class": "critical", "tier": "data", "owner": "flood-it"},
		"container_sync_to": "//watercloud/cn-east-2/AUTH_p/flood-control-records-archive",
		"container_write":   "p:flood-control-admins",
	})
	refresh(t, r, d, f)
	expectEqual(t, "metadata", d.Get("metadata"), map[string]any{"data-class": "public", "tier": "data"})
	expectEqual(t, "container_sync_to", d.Get("container_sync_to"), "//elsewhere/other/AUTH_x/copy")
	expectEqual(t, "container_write", d.Get("container_write"), "")
	expectEqual(t, "container_read", d.Get("container_read"), "")
}

func TestTroveInstanceConfigurationGroupIsRead(t *testing.T) {
	f := newFakeCloud(t)
	f.json("GET", "/instances/db-1", 200, `{"instance": {"id": "db-1", "status": "ACTIVE", "configuration": null}}`)
	r := patchedProvider().ResourcesMap["openstack_db_instance_v1"]
	d := stateOf(t, r, "db-1", map[string]any{"configuration_id": "cfg-1"})
	refresh(t, r, d, f)
	expectEqual(t, "configuration_id (detached)", d.Get("configuration_id"), "")

	f.json("GET", "/instances/db-1", 200, `{"instance": {"id": "db-1", "configuration": {"id": "cfg-1", "name": "mysql-shared-01-secure"}}}`)
	d = stateOf(t, r, "db-1", map[string]any{"configuration_id": "cfg-1"})
	refresh(t, r, d, f)
	expectEqual(t, "configuration_id (attached)", d.Get("configuration_id"), "cfg-1")
}

var configuredValues = []any{
	map[string]any{"name": "local_infile", "value": "0", "string_type": false},
	map[string]any{"name": "max_connect_errors", "value": "10", "string_type": false},
	map[string]any{"name": "performance_schema", "value": "true", "string_type": false},
}

func TestConfigurationValuesAreTrovesWhole(t *testing.T) {
	f := newFakeCloud(t)
	r := patchedProvider().ResourcesMap["openstack_db_configuration_v1"]

	f.json("GET", "/configurations/cfg-1", 200, `{"configuration": {"id": "cfg-1", "name": "mysql-shared-01-secure",
	  "values": {"local_infile": 0, "max_connect_errors": 10, "performance_schema": true}}}`)
	d := stateOf(t, r, "cfg-1", map[string]any{"configuration": configuredValues})
	refresh(t, r, d, f)
	expectEqual(t, "configuration as applied", d.Get("configuration"), configuredValues)

	f.json("GET", "/configurations/cfg-1", 200, `{"configuration": {"id": "cfg-1",
	  "values": {"local_infile": 1, "performance_schema": true, "skip_name_resolve": "OFF"}}}`)
	d = stateOf(t, r, "cfg-1", map[string]any{"configuration": configuredValues})
	refresh(t, r, d, f)
	expectEqual(t, "configuration changed by hand", d.Get("configuration"), []any{
		map[string]any{"name": "local_infile", "value": "1", "string_type": false},
		map[string]any{"name": "performance_schema", "value": "true", "string_type": false},
		map[string]any{"name": "skip_name_resolve", "value": "OFF", "string_type": true},
	})
}

func TestConfigurationValuesAreSetInPlace(t *testing.T) {
	f := newFakeCloud(t)
	f.json("PUT", "/configurations/cfg-1", 202, ``)
	f.json("GET", "/configurations/cfg-1", 200, `{"configuration": {"id": "cfg-1", "values": {"local_infile": 0, "max_connect_errors": 10, "performance_schema": true}}}`)
	r := patchedProvider().ResourcesMap["openstack_db_configuration_v1"]
	if r.Schema["configuration"].ForceNew || r.Schema["configuration"].Elem.(*schema.Resource).Schema["value"].ForceNew {
		t.Fatal("a change of the values still replaces the group")
	}
	d := schema.TestResourceDataRaw(t, r.Schema, map[string]any{"name": "mysql-shared-01-secure", "configuration": configuredValues})
	d.SetId("cfg-1")
	if diags := r.UpdateContext(context.Background(), d, f.config()); diags.HasError() {
		t.Fatalf("update: %v", diags)
	}
	expectEqual(t, "the PUT", f.calls[0], call{Method: "PUT", Path: "/configurations/cfg-1", Body: map[string]any{
		"configuration": map[string]any{"values": map[string]any{"local_infile": float64(0), "max_connect_errors": float64(10), "performance_schema": true}},
	}})
}

func TestUserHostIsReadAndChangedOnTheSameAccount(t *testing.T) {
	f := newFakeCloud(t)
	host := "%"
	f.routes["GET /instances/db-1/users"] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"users": [{"name": "licensing_p_ad31", "host": "`+host+`", "databases": [{"name": "licensing_permits"}]}]}`)
	}
	f.routes["PUT /instances/db-1/users/licensing_p_ad31@%25"] = func(w http.ResponseWriter, _ *http.Request) {
		host = "10.24.%"
		w.WriteHeader(http.StatusAccepted)
	}
	r := patchedProvider().ResourcesMap["openstack_db_user_v1"]
	d := stateOf(t, r, "db-1/licensing_p_ad31", map[string]any{"name": "licensing_p_ad31", "instance_id": "db-1", "host": "10.24.%"})
	refresh(t, r, d, f)
	expectEqual(t, "host as Trove lists it", d.Get("host"), "%")

	if r.Schema["host"].ForceNew {
		t.Fatal("a change of the host still replaces the user")
	}
	// A user whose state says '%' and whose configuration says 10.24.%: up changes the account in place.
	u := schema.TestResourceDataRaw(t, r.Schema, map[string]any{"name": "licensing_p_ad31", "instance_id": "db-1", "password": "x", "host": "10.24.%"})
	u.SetId("db-1/licensing_p_ad31")
	f.calls = nil
	if err := setUserHost(context.Background(), u, f.config()); err != nil {
		t.Fatal(err)
	}
	expectEqual(t, "the PUT", f.calls[0], call{Method: "PUT", Path: "/instances/db-1/users/licensing_p_ad31@%25", Body: map[string]any{"user": map[string]any{"host": "10.24.%"}}})
	expectEqual(t, "host after", host, "10.24.%")
}

func TestUserWithoutAHostKeepsTrovesDefault(t *testing.T) {
	f := newFakeCloud(t)
	f.json("GET", "/instances/db-1/users", 200, `{"users": [{"name": "app", "host": "%", "databases": []}]}`)
	r := patchedProvider().ResourcesMap["openstack_db_user_v1"]
	d := stateOf(t, r, "db-1/app", map[string]any{"name": "app", "instance_id": "db-1"})
	refresh(t, r, d, f)
	expectEqual(t, "host", d.Get("host"), "")
}

const poolServing = `{"pool": {"id": "pool-1", "name": "portal-lb-https-443-pool", "lb_algorithm": "ROUND_ROBIN", "protocol": "HTTP",
  "admin_state_up": true, "provisioning_status": "ACTIVE", "listeners": [%s], "loadbalancers": [{"id": "lb-1"}], "tags": []}}`

func TestPoolListenerIsTheListenerItServes(t *testing.T) {
	f := newFakeCloud(t)
	r := patchedProvider().ResourcesMap["openstack_lb_pool_v2"]

	f.json("GET", "/v2.0/lbaas/pools/pool-1", 200, fmt.Sprintf(poolServing, `{"id": "listener-1"}`))
	d := stateOf(t, r, "pool-1", map[string]any{"listener_id": "listener-1", "lb_method": "ROUND_ROBIN", "protocol": "HTTP"})
	refresh(t, r, d, f)
	expectEqual(t, "listener_id (still the default pool)", d.Get("listener_id"), "listener-1")

	// The listener was pointed at another pool: this one serves no listener.
	f.json("GET", "/v2.0/lbaas/pools/pool-1", 200, fmt.Sprintf(poolServing, ``))
	d = stateOf(t, r, "pool-1", map[string]any{"listener_id": "listener-1", "lb_method": "ROUND_ROBIN", "protocol": "HTTP"})
	refresh(t, r, d, f)
	expectEqual(t, "listener_id (the listener uses another pool)", d.Get("listener_id"), "")
}

func TestPoolIsMadeTheListenersDefaultAgainInPlace(t *testing.T) {
	f := newFakeCloud(t)
	f.json("PUT", "/v2.0/lbaas/listeners/listener-1", 200, `{"listener": {"id": "listener-1", "default_pool_id": "pool-1", "provisioning_status": "PENDING_UPDATE"}}`)
	f.json("GET", "/v2.0/lbaas/listeners/listener-1", 200, `{"listener": {"id": "listener-1", "default_pool_id": "pool-1", "provisioning_status": "ACTIVE"}}`)
	r := patchedProvider().ResourcesMap["openstack_lb_pool_v2"]
	if r.Schema["listener_id"].ForceNew {
		t.Fatal("a change of listener_id still replaces the pool")
	}
	d := schema.TestResourceDataRaw(t, r.Schema, map[string]any{"listener_id": "listener-1", "lb_method": "ROUND_ROBIN", "protocol": "HTTP"})
	d.SetId("pool-1")
	if err := makeDefaultPool(context.Background(), d, f.config()); err != nil {
		t.Fatal(err)
	}
	expectEqual(t, "the PUT", f.calls[0], call{Method: "PUT", Path: "/v2.0/lbaas/listeners/listener-1", Body: map[string]any{"listener": map[string]any{"default_pool_id": "pool-1"}}})
}
