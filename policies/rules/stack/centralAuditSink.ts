import { compute, objectstorage } from "@pulumi/openstack";
import { stackRule } from "../../rule";

const MIN_RETENTION_DAYS = 180;

/** How terraform-provider-openstack stores user data once an instance exists: its SHA-1, in hex. */
const PROVIDER_HASH = /^[0-9a-f]{40}$/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * True when `text` names the host (or address) `token` as a whole word: "10.0.0.20" is not found in "10.0.0.200" or
 * "110.0.0.20", "6514" not in "65140". A plain substring test would let a host that logs elsewhere pass.
 */
export function mentions(text: string, token: string): boolean {
    return new RegExp(`(?<![\\w.-])${escape(token)}(?![\\w-]|\\.\\w)`).test(text);
}

export const centralAuditSink = stackRule(
    {
        id: "stack-central-audit-sink",
        description: "Hosts forward logs to the central audit sink, which the platform owns, versions and keeps for 180 days.",
        clauses: ["8.1.4.3c", "8.1.3.5c", "8.1.5.4d"],
        testIds: ["L3-CES1-14", "L3-ABS1-18", "L3-SMC1-10"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["audit", "logging"],
        services: ["stack", "compute", "objectstorage"],
        remediation: "Point rsyslog at the audit endpoint in user data (the component library does); keep the sink in the platform stack with versioning and retention-days ≥ 180.",
        config: ["auditSyslog", "stackRole"],
    },
    [compute.Instance, objectstorage.Container],
    ({ graph, config }, report) => {
        const [host, port] = config.auditSyslog.split(":");
        for (const i of graph.ofType(compute.Instance)) {
            const userData = String(i.props.userData ?? "");
            // After create, the OpenStack provider keeps only the SHA-1 of user data (the content went to Nova):
            // the content was judged when the stack was previewed, before anything was created.
            if (PROVIDER_HASH.test(userData)) continue;
            if (!mentions(userData, host) || (port && !mentions(userData, port))) {
                report(`the host's user data does not forward logs to the audit sink ${config.auditSyslog}.`, i.urn);
            }
        }
        const sinks = graph.ofType(objectstorage.Container).filter((c) => graph.labels(c).role === "audit-sink");
        if (config.stackRole === "tenant") {
            for (const s of sinks) report("a tenant stack holds an audit sink: tenants could rewrite their own audit trail; the sink belongs to the platform.", s.urn);
            return;
        }
        if (sinks.length === 0) report("the platform stack has no audit-sink container (role=audit-sink).");
        for (const s of sinks) {
            if (s.props.versioning !== true) report("the audit sink does not keep versions.", s.urn);
            const label = graph.labels(s)["retention-days"];
            const days = label ? Number(label) : NaN;
            const kept = !label ? "for an unstated time (no retention-days label)" : Number.isNaN(days) ? `for an unreadable time (retention-days "${label}")` : `for ${days} days`;
            if (!(days >= MIN_RETENTION_DAYS)) report(`the audit sink keeps records ${kept}; the law asks for at least ${MIN_RETENTION_DAYS}.`, s.urn);
        }
    },
);
