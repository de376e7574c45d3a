"""Octavia's network driver on the acceptance cloud: real VIP ports in Neutron, no amphorae to plug.

The cloud has no amphora images to boot (Nova's fake driver runs no guests), so Octavia runs its no-op amphora and
compute drivers. Its no-op network driver then invents a VIP port that Neutron does not know, and everything a
client does with that port fails: the provider reads the VIP port's security groups (404) and a floating IP on the
VIP is refused (404). This driver is the no-op one except for what a client sees in Neutron, where it is Octavia's
own allowed-address-pairs driver: the VIP port is allocated in the load balancer's project on its VIP subnet
(`octavia-lb-<id>`, owner Octavia), subnet, network and port lookups are Neutron's for what Neutron holds (so a
request naming a subnet is validated against it), and deleting the load balancer deletes its port. What only the
no-op amphorae have (their management network, their ports) stays the no-op driver's, as does plugging.

Octavia loads it by name (`network_driver = watercloud_vip_port_driver`): configure.sh writes the entry point
beside this module and services.sh puts both on the Octavia processes' path.
"""
from octavia.network import base
from octavia.network.drivers.neutron import allowed_address_pairs
from octavia.network.drivers.noop_driver import driver as noop


class VipPortNetworkDriver(noop.NoopNetworkDriver):
    def __init__(self):
        super().__init__()
        self._neutron = None

    @property
    def neutron(self):
        # Built on first use: its constructor asks Neutron for its extensions, which must not hold up a start.
        if self._neutron is None:
            self._neutron = allowed_address_pairs.AllowedAddressPairsDriver()
        return self._neutron

    def allocate_vip(self, loadbalancer):
        vip, additional = self.neutron.allocate_vip(loadbalancer)
        return vip, additional

    def deallocate_vip(self, vip):
        # The AAP driver first deletes each amphora's VRRP port; the no-op amphorae have none, so only the VIP's
        # own port (and the security group Octavia made for it, if any) is left to delete.
        try:
            port = self.neutron.get_port(vip.port_id)
        except Exception:  # noqa: BLE001 - already gone: nothing to delete
            return
        if port.device_owner == allowed_address_pairs.OCTAVIA_OWNER:
            self.neutron.neutron_client.delete_port(vip.port_id)

    # Lookups: Neutron's answer for what Neutron holds (VIP and member subnets, the VIP port), the no-op driver's
    # for what only the no-op amphorae have (their management network, amp_boot_network_list, and their ports).
    def _lookup(self, real, fake, resource_id, context):
        try:
            return real(resource_id, context=context)
        except (base.NetworkNotFound, base.SubnetNotFound, base.PortNotFound):
            return fake(resource_id, context=context)

    def get_network(self, network_id, context=None):
        return self._lookup(self.neutron.get_network, super().get_network, network_id, context)

    def get_subnet(self, subnet_id, context=None):
        return self._lookup(self.neutron.get_subnet, super().get_subnet, subnet_id, context)

    def get_port(self, port_id, context=None):
        return self._lookup(self.neutron.get_port, super().get_port, port_id, context)
