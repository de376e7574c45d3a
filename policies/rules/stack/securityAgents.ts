import { compute } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { cloudInitEvidence, seenAsHash } from "../../lib/cloudInit";

const AGENT = /hids|wazuh-agent|ossec/i;

/** Judged like stack-central-audit-sink: the text, or under the engine the vouched metadata `hids-agent`. */
export const securityAgents = stackRule(
    {
        id: "stack-security-agents",
        description: "Every host runs the HIDS/anti-malware agent.",
        clauses: ["8.1.4.5", "8.1.4.4f", "8.1.5.4e"],
        testIds: ["L3-CES1-23", "L3-CES1-22", "L3-SMC1-11"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["malware", "intrusion-detection"],
        services: ["stack", "compute"],
        remediation:
            "Install the HIDS agent from user data and set metadata hids=true (the component library does both).",
    },
    [compute.Instance],
    ({ graph, judge }, report) => {
        for (const i of graph.ofType(compute.Instance)) {
            judge(i, () => {
                const labels = graph.labels(i);
                const flagged = labels.hids === "true";
                const ci = cloudInitEvidence(i.props.userData, labels);
                if (ci.text === undefined && !ci.vouched) {
                    report(`the host's ${seenAsHash(ci)} cannot be shown to install the HIDS agent: ${ci.why}.`, i.urn);
                    return;
                }
                // The agent by its generic name or the packages a hardened image installs it as (Wazuh/OSSEC).
                const installs = AGENT.test(ci.text ?? ci.hidsAgent ?? "");
                if (!flagged || !installs) {
                    report(
                        !installs
                            ? "the host's user data does not install the HIDS agent."
                            : "the host installs the HIDS agent but does not carry metadata hids=true.",
                        i.urn,
                    );
                }
            });
        }
    },
);
