import { compute } from "@pulumi/openstack";
import { stackRule } from "../../rule";

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
        remediation: "Install the HIDS agent from user data and set metadata hids=true (the component library does both).",
    },
    [compute.Instance],
    ({ graph }, report) => {
        for (const i of graph.ofType(compute.Instance)) {
            const flagged = graph.labels(i).hids === "true";
            // The agent by its generic name or the packages a hardened image installs it as (Wazuh/OSSEC).
            const installs = /hids|wazuh-agent|ossec/i.test(String(i.props.userData ?? ""));
            if (!flagged || !installs) {
                report(!installs ? "the host's user data does not install the HIDS agent." : "the host installs the HIDS agent but does not carry metadata hids=true.", i.urn);
            }
        }
    },
);
