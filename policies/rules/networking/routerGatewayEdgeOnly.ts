import { networking } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

export const routerGatewayEdgeOnly = resourceRule(
    {
        id: "os-router-gateway-edge-only",
        description: "Only edge routers have an external gateway, and they do not SNAT unless egress is approved.",
        clauses: ["8.1.3.1a", "8.1.3.1c"],
        testIds: ["L3-ABS1-01", "L3-ABS1-03"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "boundary"],
        services: ["networking"],
        remediation:
            "Give the external gateway only to the tier=edge router and set enableSnat: false (or list the router in approvedSnatRouters).",
        config: ["approvedSnatRouters"],
    },
    networking.Router,
    (router, { config, args }, report) => {
        const gateway = router.externalNetworkId || router.externalGateway;
        if (!gateway) return;
        const tier = labelsOf(router).tier;
        if (tier !== "edge")
            report(`the router has an external gateway but is labelled tier=${tier ?? "(none)"}, not tier=edge.`);
        if (router.enableSnat !== false && !config.approvedSnatRouters.includes(args.name)) {
            report(
                "enableSnat is not false: hosts behind the router reach external networks without an approved egress path.",
            );
        }
    },
);
