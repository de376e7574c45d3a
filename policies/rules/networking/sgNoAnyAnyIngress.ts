import { compute, networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";
import { fromAnywhere, ingressRules, portRangeOf, protocolOf } from "../../lib/net";

export const sgNoAnyAnyIngress = resourceRuleOfTypes(
    {
        id: "os-sg-no-any-any-ingress",
        description: "No ingress rule admits any protocol or every port from anywhere.",
        clauses: ["8.1.3.2a", "8.1.3.2c"],
        testIds: ["L3-ABS1-05", "L3-ABS1-07"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "access-control"],
        services: ["networking"],
        remediation: "Restrict the rule to one protocol, the service's ports and a known source prefix or group.",
    },
    [networking.SecGroupRule, compute.SecGroup],
    (props, { args }, report) => {
        for (const { at, rule } of ingressRules(args.type, props)) {
            if (!fromAnywhere(rule)) continue;
            const proto = protocolOf(rule);
            const [min, max] = portRangeOf(rule);
            const source = rule.remoteIpPrefix || "anywhere";
            if (proto === "any") report(`${at}ingress from ${source} allows every protocol.`);
            else if ((proto === "tcp" || proto === "udp") && min <= 1 && max >= 65535)
                report(`${at}ingress from ${source} opens every ${proto} port.`);
        }
    },
);
