import { loadbalancer } from "@pulumi/openstack";
import { isWorld } from "../../lib/addresses";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

export const listenerAllowedCidrs = resourceRule(
    {
        id: "os-lb-listener-allowed-cidrs",
        description: "Internal and admin listeners restrict their clients with allowedCidrs.",
        clauses: ["8.1.3.2a"],
        testIds: ["L3-ABS1-05"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["network", "access-control"],
        services: ["loadbalancer"],
        remediation: "Set allowedCidrs to the client subnets of the internal or admin listener.",
    },
    loadbalancer.Listener,
    (listener, _ctx, report) => {
        const labels = labelsOf(listener);
        const internal =
            labels.role === "admin" || (labels.tier !== undefined && labels.tier !== "web" && labels.tier !== "edge");
        if (!internal) return;
        const cidrs = listener.allowedCidrs ?? [];
        if (cidrs.length === 0)
            report(
                `the ${labels.role === "admin" ? "admin" : `${labels.tier}-tier`} listener has no allowedCidrs: any client that reaches the VIP is served.`,
            );
        else {
            const world = cidrs.find(isWorld);
            if (world) report(`allowedCidrs admits ${world}.`);
        }
    },
);
