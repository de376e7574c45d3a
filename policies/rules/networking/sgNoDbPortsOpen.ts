import { networking } from "@pulumi/openstack";
import { resourceRule } from "../../rule";
import { isPrivate, openedPorts, sourceOf } from "../../lib/net";
import { isSet } from "../../lib/presence";

export const DB_PORTS: readonly number[] = [3306, 5432, 1433, 1521, 6379, 27017, 9200, 11211, 2379];

/**
 * Database ports never face the internet. The web-tier half of the RULES.md check needs the group's tier and is
 * made by stack-data-tier-no-internet (data SG ingress only from the app SG or the bastion).
 */
export const sgNoDbPortsOpen = resourceRule(
    {
        id: "os-sg-no-db-ports-open",
        description: "Database and cache ports are not reachable from anywhere or from public addresses.",
        clauses: ["8.1.4.4b", "8.1.2.1d"],
        testIds: ["L3-CES1-18", "L3-CNS1-04"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "database"],
        services: ["networking"],
        remediation: "Admit database ports only from the app tier's security group or subnet.",
    },
    networking.SecGroupRule,
    (rule, _ctx, report) => {
        if (rule.direction !== "ingress") return;
        if (!rule.remoteIpPrefix && isSet(rule, "remoteGroupId")) return;
        if (rule.remoteIpPrefix && isPrivate(rule.remoteIpPrefix)) return;
        const ports = openedPorts(rule, DB_PORTS, "tcp");
        if (ports.length) report(`ingress from ${sourceOf(rule)} opens database port(s) ${ports.join(", ")}.`);
    },
);
