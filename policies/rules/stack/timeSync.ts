import { compute } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { mentions } from "./centralAuditSink";
import { cloudInitEvidence, seenAsHash } from "../../lib/cloudInit";

/** Judged like stack-central-audit-sink: the text, or under the engine the vouched metadata `ntp-servers`. */
export const timeSync = stackRule(
    {
        id: "stack-time-sync",
        description: "Every host synchronises its clock with the internal NTP servers.",
        clauses: ["8.1.4.3b", "8.1.3.5b"],
        testIds: ["L3-CES1-13", "L3-ABS1-17"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["audit", "time"],
        services: ["stack", "compute"],
        remediation: "Point chrony at the platform NTP servers in user data (the component library does).",
        config: ["ntpServers"],
    },
    [compute.Instance],
    ({ graph, config, judge }, report) => {
        for (const i of graph.ofType(compute.Instance)) {
            judge(i, () => {
                const ci = cloudInitEvidence(i.props.userData, graph.labels(i));
                if (ci.text !== undefined) {
                    if (!config.ntpServers.some((s) => mentions(ci.text!, s))) {
                        report(
                            `the host's user data does not point at the internal NTP servers (${config.ntpServers.join(", ")}).`,
                            i.urn,
                        );
                    }
                } else if (!ci.vouched) {
                    report(
                        `the host's ${seenAsHash(ci)} cannot be shown to use the internal NTP servers: ${ci.why}.`,
                        i.urn,
                    );
                } else if (!config.ntpServers.some((s) => ci.ntpServers.includes(s))) {
                    report(
                        `the host's cloud-init follows ${ci.ntpServers.join(", ") || "no NTP server"} (metadata ntp-servers), not the internal NTP servers (${config.ntpServers.join(", ")}).`,
                        i.urn,
                    );
                }
            });
        }
    },
);
