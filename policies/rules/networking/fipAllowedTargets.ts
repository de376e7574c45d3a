import { compute, loadbalancer, networking } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../rule";
import { isBastion, portInstance } from "../../lib/zones";
import type { StackGraph } from "../../lib/graph";

function target(g: StackGraph, from: PolicyResource, key: string): { ok: "lb" | "bastion" | false; what: string } {
    const deps = g.refs(from, key);
    if (deps.some((d) => d.isType(loadbalancer.LoadBalancer))) return { ok: "lb", what: "a load balancer VIP" };
    for (const d of deps) {
        if (d.isType(networking.Port)) {
            // A port created first and handed to the load balancer as its vipPortId is the VIP.
            if (g.referrersOf(d, loadbalancer.LoadBalancer).some((x) => x.key === "vipPortId"))
                return { ok: "lb", what: "a load balancer VIP" };
            const inst = portInstance(g, d);
            if (isBastion(g, d) || (inst && isBastion(g, inst))) return { ok: "bastion", what: "the bastion" };
            return { ok: false, what: `port ${d.name}${inst ? ` of instance ${inst.name}` : ""}` };
        }
        if (d.isType(compute.Instance)) {
            return isBastion(g, d) ? { ok: "bastion", what: "the bastion" } : { ok: false, what: `instance ${d.name}` };
        }
    }
    return { ok: false, what: deps.length ? deps.map((d) => d.name).join(", ") : "a resource outside this stack" };
}

export const fipAllowedTargets = stackRule(
    {
        id: "os-fip-allowed-targets",
        description: "Floating IPs attach only to load-balancer VIPs (and, on the platform stack, the bastion).",
        clauses: ["8.1.3.1a", "8.1.2.1d"],
        testIds: ["L3-ABS1-01", "L3-CNS1-04"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "exposure"],
        services: ["networking", "compute"],
        remediation: "Publish the service through a load balancer in the web zone; reach hosts through the bastion.",
        config: ["stackRole"],
    },
    [networking.FloatingIp, networking.FloatingIpAssociate, compute.FloatingIpAssociate],
    ({ graph, config, judge }, report) => {
        const check = (r: PolicyResource, key: string, set: () => boolean) =>
            judge(r, () => {
                if (!set()) return;
                const t = target(graph, r, key);
                if (t.ok === "lb" || (t.ok === "bastion" && config.stackRole === "platform")) return;
                report(
                    `the floating IP is attached to ${t.what}${t.ok === "bastion" ? " (only the platform stack owns the bastion's floating IP)" : ""}; only load-balancer VIPs may be public.`,
                    r.urn,
                );
            });
        // A portId computed from a resource is set even while its value is unknown at preview; one the program left
        // unset is unknown until the cloud answers, and leaves that floating IP alone undecided.
        for (const r of graph.ofType(networking.FloatingIp))
            check(r, "portId", () => graph.refs(r, "portId").length > 0 || !!r.props.portId);
        for (const r of graph.ofType(networking.FloatingIpAssociate)) check(r, "portId", () => true);
        for (const r of graph.ofType(compute.FloatingIpAssociate)) check(r, "instanceId", () => true);
    },
);
