import { networking } from "@pulumi/openstack";
import { resourceRule } from "../../rule";
import { isSet } from "../../lib/presence";

export const sgRuleExplicit5tuple = resourceRule(
    {
        id: "os-sg-rule-explicit-5tuple",
        description: "Every ingress rule names its protocol, port range and source.",
        clauses: ["8.1.3.2c"],
        testIds: ["L3-ABS1-07"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["network", "access-control"],
        services: ["networking"],
        remediation: "Set protocol, portRangeMin/portRangeMax (tcp/udp) and remoteIpPrefix or remoteGroupId.",
    },
    networking.SecGroupRule,
    (rule, _ctx, report) => {
        if (rule.direction !== "ingress") return;
        const missing: string[] = [];
        if (!rule.protocol) missing.push("protocol");
        const p = (rule.protocol ?? "").toLowerCase();
        const ported = !p || p === "tcp" || p === "udp" || p === "6" || p === "17";
        if (ported && (rule.portRangeMin === undefined || rule.portRangeMax === undefined))
            missing.push("portRangeMin/portRangeMax");
        if (!rule.remoteIpPrefix && !isSet(rule, "remoteGroupId")) missing.push("remoteIpPrefix or remoteGroupId");
        if (missing.length) report(`ingress rule does not set ${missing.join(", ")}.`);
    },
);
