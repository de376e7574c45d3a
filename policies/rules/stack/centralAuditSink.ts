import { compute, objectstorage } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { cloudInitEvidence, seenAsHash } from "../../lib/cloudInit";

const MIN_RETENTION_DAYS = 180;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * True when `text` names the host (or address) `token` as a whole word: "10.0.0.20" is not found in "10.0.0.200" or
 * "110.0.0.20", "6514" not in "65140". A plain substring test would let a host that logs elsewhere pass.
 */
export function mentions(text: string, token: string): boolean {
    return new RegExp(`(?<![\\w.-])${escape(token)}(?![\\w-]|\\.\\w)`).test(text);
}

/**
 * Hosts are judged by their cloud-init: its text where a resource shows it; under the engine, which shows stack
 * policies only the SHA-1 the provider stores, by the metadata `audit-sink` of a host whose `cloud-init-sha1` is that
 * hash (policies/lib/cloudInit.ts says why that is evidence).
 */
export const centralAuditSink = stackRule(
    {
        id: "stack-central-audit-sink",
        description:
            "Hosts forward logs to the central audit sink, which the platform owns, versions and keeps for 180 days.",
        clauses: ["8.1.4.3c", "8.1.3.5c", "8.1.5.4d"],
        testIds: ["L3-CES1-14", "L3-ABS1-18", "L3-SMC1-10"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["audit", "logging"],
        services: ["stack", "compute", "objectstorage"],
        remediation:
            "Point rsyslog at the audit endpoint in user data (the component library does); keep the sink in the platform stack with versioning and retention-days ≥ 180.",
        config: ["auditSyslog", "stackRole"],
    },
    [compute.Instance, objectstorage.Container],
    ({ graph, config, judge }, report) => {
        const [host, port] = config.auditSyslog.split(":");
        for (const i of graph.ofType(compute.Instance)) {
            judge(i, () => {
                const ci = cloudInitEvidence(i.props.userData, graph.labels(i));
                if (ci.text !== undefined) {
                    if (!mentions(ci.text, host) || (port && !mentions(ci.text, port))) {
                        report(
                            `the host's user data does not forward logs to the audit sink ${config.auditSyslog}.`,
                            i.urn,
                        );
                    }
                } else if (!ci.vouched) {
                    report(
                        `the host's ${seenAsHash(ci)} cannot be shown to forward logs to the audit sink: ${ci.why}.`,
                        i.urn,
                    );
                } else if (ci.auditSink !== config.auditSyslog) {
                    report(
                        `the host's cloud-init forwards logs to ${ci.auditSink ?? "no audit sink"} (metadata audit-sink), not the audit sink ${config.auditSyslog}.`,
                        i.urn,
                    );
                }
            });
        }
        const sinks = graph.ofType(objectstorage.Container).filter((c) => graph.labels(c).role === "audit-sink");
        if (config.stackRole === "tenant") {
            for (const s of sinks)
                report(
                    "a tenant stack holds an audit sink: tenants could rewrite their own audit trail; the sink belongs to the platform.",
                    s.urn,
                );
            return;
        }
        if (sinks.length === 0) report("the platform stack has no audit-sink container (role=audit-sink).");
        for (const s of sinks) {
            if (s.props.versioning !== true) report("the audit sink does not keep versions.", s.urn);
            const label = graph.labels(s)["retention-days"];
            const days = label ? Number(label) : NaN;
            const kept = !label
                ? "for an unstated time (no retention-days label)"
                : Number.isNaN(days)
                  ? `for an unreadable time (retention-days "${label}")`
                  : `for ${days} days`;
            if (!(days >= MIN_RETENTION_DAYS))
                report(`the audit sink keeps records ${kept}; the law asks for at least ${MIN_RETENTION_DAYS}.`, s.urn);
        }
    },
);
