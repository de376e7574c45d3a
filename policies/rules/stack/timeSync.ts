import { compute } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { mentions } from "./centralAuditSink";

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
    ({ graph, config }, report) => {
        for (const i of graph.ofType(compute.Instance)) {
            const userData = String(i.props.userData ?? "");
            if (!config.ntpServers.some((s) => mentions(userData, s))) {
                report(`the host's user data does not point at the internal NTP servers (${config.ntpServers.join(", ")}).`, i.urn);
            }
        }
    },
);
