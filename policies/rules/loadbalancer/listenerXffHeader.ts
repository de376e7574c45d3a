import { loadbalancer } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const listenerXffHeader = resourceRule(
    {
        id: "os-lb-xff-header",
        description: "HTTP listeners pass the client address to backends in X-Forwarded-For.",
        clauses: ["8.1.3.5b", "8.1.4.3b"],
        testIds: ["L3-ABS1-17", "L3-CES1-13"],
        severity: "low",
        enforcementLevel: "advisory",
        topics: ["audit", "loadbalancer"],
        services: ["loadbalancer"],
        remediation: 'Set insertHeaders { "X-Forwarded-For": "true" }.',
    },
    loadbalancer.Listener,
    (listener, _ctx, report) => {
        if (listener.protocol !== "HTTP" && listener.protocol !== "TERMINATED_HTTPS") return;
        const headers = (listener.insertHeaders ?? {}) as Record<string, string>;
        if (headers["X-Forwarded-For"] !== "true")
            report(
                `the ${listener.protocol} listener does not insert X-Forwarded-For: backend logs lose the client address.`,
            );
    },
);
