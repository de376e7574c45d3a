import { loadbalancer } from "@pulumi/openstack";
import { stackRule } from "../../rule";

const TLS = new Set(["TERMINATED_HTTPS", "HTTPS"]);

/** HTTP is allowed only as a redirect to HTTPS, which an L7 policy of the listener expresses: a stack rule. */
export const listenerTls = stackRule(
    {
        id: "os-lb-listener-tls",
        description: "Listeners speak TLS; plain HTTP only redirects to HTTPS.",
        clauses: ["8.1.2.2a", "8.1.2.2b", "8.1.4.8a"],
        testIds: ["L3-CNS1-06", "L3-CNS1-07", "L3-CES1-27"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["encryption", "loadbalancer"],
        services: ["loadbalancer"],
        remediation: "Use protocol TERMINATED_HTTPS with a Barbican certificate; keep port 80 only with an L7PolicyV2 REDIRECT_TO_URL to https://.",
    },
    [loadbalancer.Listener],
    ({ graph }, report) => {
        for (const l of graph.ofType(loadbalancer.Listener)) {
            const protocol = l.props.protocol as string;
            if (TLS.has(protocol)) continue;
            if (protocol === "HTTP") {
                const redirects = graph
                    .referrersOf(l, loadbalancer.L7PolicyV2)
                    .filter((x) => x.key === "listenerId")
                    .some((x) => x.from.props.action === "REDIRECT_TO_URL" && String(x.from.props.redirectUrl ?? "").startsWith("https://"));
                if (!redirects) report(`the HTTP listener on port ${l.props.protocolPort} serves plain text and has no L7 redirect to https://.`, l.urn);
                continue;
            }
            report(`protocol ${protocol} on port ${l.props.protocolPort} is not TLS-terminated (use TERMINATED_HTTPS or HTTPS).`, l.urn);
        }
    },
);
