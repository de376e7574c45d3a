import { compute, networking } from "@pulumi/openstack";
import type { PolicyConfig } from "../../config";
import { known } from "../../lib/unknowns";
import { resourceRuleOfTypes } from "../../rule";

/** Names and ids of the provider networks; a program may give either (a lookup by name resolves to the id). */
function externalNetworks(config: PolicyConfig): { byName: Set<string>; byId: Map<string, string> } {
    return {
        byName: new Set(config.externalNetworks.map((n) => n.name)),
        byId: new Map(config.externalNetworks.flatMap((n) => (n.id ? [[n.id, n.name] as const] : []))),
    };
}

/**
 * A host is on the border when one of its networks is a provider network, given by name or by id, when it is
 * attached through a port on one (the port is judged here, since a port on the external network puts whatever uses
 * it on the border), or when an interface on one is attached to it afterwards (compute.InterfaceAttach by network).
 */
export const instanceNotOnExternalNet = resourceRuleOfTypes(
    {
        id: "os-instance-not-on-external-net",
        description: "Instances do not attach to a provider/external network, directly or through a port.",
        clauses: ["8.1.3.1a", "8.1.2.1d"],
        testIds: ["L3-ABS1-01", "L3-CNS1-04"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "exposure"],
        services: ["compute", "networking"],
        remediation:
            "Attach the instance to a tenant zone network; expose it through a load balancer or a floating IP in the DMZ.",
        config: ["externalNetworks"],
    },
    [compute.Instance, networking.Port, compute.InterfaceAttach],
    (props, { config, args }, report) => {
        const ext = externalNetworks(config);
        // An id unknown at preview belongs to a network this stack creates: the provider networks exist already, and
        // their ids (read from the platform or looked up by name) are known at preview.
        const idOf = (read: () => unknown) => {
            const id = known(read);
            return id.known && typeof id.value === "string" ? ext.byId.get(id.value) : undefined;
        };
        if (args.isType(compute.InterfaceAttach)) {
            const name = idOf(() => props.networkId);
            if (name !== undefined)
                report(
                    `the interface attaches the instance to the external network "${name}": the host sits on the border.`,
                );
            return;
        }
        if (args.isType(networking.Port)) {
            const name = idOf(() => props.networkId);
            if (name !== undefined)
                report(
                    `the port is on the external network "${name}": whatever attaches through it sits on the border.`,
                );
            return;
        }
        ((props.networks ?? []) as { name?: string; uuid?: string }[]).forEach((n, i) => {
            const name = n.name && ext.byName.has(n.name) ? n.name : idOf(() => n.uuid);
            if (name !== undefined)
                report(
                    `networks[${i}] attaches to the external network "${name}"${n.name === name ? "" : " by its id"}.`,
                );
        });
    },
);
