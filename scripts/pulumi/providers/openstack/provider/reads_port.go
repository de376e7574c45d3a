package provider

import (
	"context"
	"sort"

	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// Neutron ports: the groups and addresses a refresh reads (reads.go).

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
