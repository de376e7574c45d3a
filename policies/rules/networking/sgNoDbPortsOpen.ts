import { compute, networking } from "@pulumi/openstack";
import { DATA_PORT_NUMBERS } from "../../lib/dataPorts";
import { ingressRules, isPrivate, openedPorts, sourceOf } from "../../lib/net";
import { isSet } from "../../lib/presence";
import { resourceRuleOfTypes } from "../../rule";

/** Names a few ports and counts the rest, so a rule opening every port reads in one line. */
function describe(ports: readonly number[]): string {
    return ports.length <= 8 ? ports.join(", ") : `${ports.slice(0, 8).join(", ")} and ${ports.length - 8} more`;
}

/**
 * Data-service ports (policies/lib/dataPorts.ts) never face the internet. The web-tier half of the RULES.md check
 * needs the group's tier and is made by stack-data-tier-no-internet (data SG ingress only from the app SG or the
 * bastion).
 */
export const sgNoDbPortsOpen = resourceRuleOfTypes(
    {
        id: "os-sg-no-db-ports-open",
        description:
            "Database, cache, search, cluster and message-store ports are not reachable from anywhere or from public addresses.",
        clauses: ["8.1.4.4b", "8.1.2.1d"],
        testIds: ["L3-CES1-18", "L3-CNS1-04"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "database"],
        services: ["networking"],
        remediation: "Admit data-service ports only from the app tier's security group or subnet.",
    },
    [networking.SecGroupRule, compute.SecGroup],
    (props, { args }, report) => {
        for (const { at, rule } of ingressRules(args.type, props)) {
            if (!rule.remoteIpPrefix && isSet(rule, "remoteGroupId")) continue;
            if (rule.remoteIpPrefix && isPrivate(rule.remoteIpPrefix)) continue;
            const ports = openedPorts(rule, DATA_PORT_NUMBERS, "tcp");
            if (ports.length) report(`${at}ingress from ${sourceOf(rule)} opens database port(s) ${describe(ports)}.`);
        }
    },
);
