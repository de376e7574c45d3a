import { loadbalancer } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import type { StackGraph } from "../../lib/graph";
import { stackRule } from "../../rule";

const TLS = new Set(["TERMINATED_HTTPS", "HTTPS"]);

/** Values of a PATH or HOST_NAME regex that every request matches. */
const MATCH_ALL_REGEX = new Set(["", ".*", "^.*", "^.*$", ".*$", ".+", "^/", "/", "^/.*", "^/.*$"]);

/** True when an L7 rule matches every request: PATH STARTS_WITH "/", or a regex that matches anything. */
function matchesAll(rule: PolicyResource): boolean {
    const p = rule.props;
    if (p.invert === true) return false;
    if (p.type === "PATH" && p.compareType === "STARTS_WITH") return p.value === "/";
    return (
        (p.type === "PATH" || p.type === "HOST_NAME") &&
        p.compareType === "REGEX" &&
        MATCH_ALL_REGEX.has(String(p.value))
    );
}

function describeRule(rule: PolicyResource): string {
    const p = rule.props;
    return `${p.invert === true ? "NOT " : ""}${p.type}${p.key ? ` ${p.key}` : ""} ${p.compareType} ${JSON.stringify(p.value)}`;
}

/** What an L7 policy does to a plain request: nothing left in plain text, or not. */
function keepsPlainOut(policy: PolicyResource): boolean {
    const p = policy.props;
    if (p.action === "REJECT") return true;
    if (p.action === "REDIRECT_TO_URL")
        return String(p.redirectUrl ?? "")
            .toLowerCase()
            .startsWith("https://");
    if (p.action === "REDIRECT_PREFIX")
        return String(p.redirectPrefix ?? "")
            .toLowerCase()
            .startsWith("https://");
    return false;
}

/**
 * How much of an HTTP listener's traffic stays plain. Octavia's haproxy template writes a policy only when it is
 * enabled and has rules, and applies it when all its (enabled) rules match; redirects and rejections come before
 * any pool switching. So the listener is closed to plain text only when an enabled https redirect (REDIRECT_TO_URL
 * or REDIRECT_PREFIX to https://) or a rejection has rules that together match every request.
 */
function plainTraffic(graph: StackGraph, listener: PolicyResource): string | undefined {
    const policies = graph
        .referrersOf(listener, loadbalancer.L7PolicyV2)
        .filter((x) => x.key === "listenerId")
        .map((x) => x.from);
    const redirects = policies.filter((p) => p.props.adminStateUp !== false && keepsPlainOut(p));
    if (redirects.length === 0) return "has no L7 redirect to https://";
    const partial: string[] = [];
    for (const policy of redirects) {
        const rules = graph
            .referrersOf(policy, loadbalancer.L7RuleV2)
            .filter((x) => x.key === "l7policyId" && x.from.props.adminStateUp !== false)
            .map((x) => x.from);
        if (rules.length > 0 && rules.every(matchesAll)) return undefined;
        partial.push(
            rules.length === 0
                ? `${policy.name} (no L7 rule, so Octavia never applies it)`
                : `${policy.name} (only ${rules.map(describeRule).join(" and ")})`,
        );
    }
    return `redirects to https:// only where ${partial.join(", ")} match; every other request is served in plain text`;
}

/** HTTP is allowed only as a redirect to HTTPS, which an L7 policy of the listener expresses: a stack rule. */
export const listenerTls = stackRule(
    {
        id: "os-lb-listener-tls",
        description: "Listeners speak TLS; plain HTTP only redirects every request to HTTPS.",
        clauses: ["8.1.2.2a", "8.1.2.2b", "8.1.4.8a"],
        testIds: ["L3-CNS1-06", "L3-CNS1-07", "L3-CES1-27"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["encryption", "loadbalancer"],
        services: ["loadbalancer"],
        remediation:
            'Use protocol TERMINATED_HTTPS with a Barbican certificate; keep port 80 only with an L7PolicyV2 REDIRECT_TO_URL or REDIRECT_PREFIX to https:// and an L7RuleV2 that matches every request (PATH STARTS_WITH "/").',
    },
    [loadbalancer.Listener],
    ({ graph, judge }, report) => {
        for (const l of graph.ofType(loadbalancer.Listener)) {
            judge(l, () => {
                const protocol = l.props.protocol as string;
                if (TLS.has(protocol)) return;
                if (protocol !== "HTTP") {
                    report(
                        `protocol ${protocol} on port ${l.props.protocolPort} is not TLS-terminated (use TERMINATED_HTTPS or HTTPS).`,
                        l.urn,
                    );
                    return;
                }
                const plain = plainTraffic(graph, l);
                if (plain === undefined) return;
                report(
                    plain.startsWith("has no")
                        ? `the HTTP listener on port ${l.props.protocolPort} serves plain text and ${plain}.`
                        : `the HTTP listener on port ${l.props.protocolPort} ${plain}.`,
                    l.urn,
                );
            });
        }
    },
);
