import { compute, networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";
import { fromAnywhere, ingressRules, openedPorts, portRangeOf, protocolOf, sourceOf } from "../../lib/net";

export const HIGH_RISK_PORTS: readonly number[] = [
    20, 21, 69, 111, 135, 136, 137, 138, 139, 445, 512, 513, 514, 873, 2049,
];

export const sgNoHighRiskPorts = resourceRuleOfTypes(
    {
        id: "os-sg-no-high-risk-ports",
        description:
            "No ingress rule opens high-risk service ports (FTP, TFTP, RPC, NetBIOS/SMB, r-services, rsync, NFS).",
        clauses: ["8.1.4.4b"],
        testIds: ["L3-CES1-18"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "hardening"],
        services: ["networking"],
        remediation: "Close the port; move file transfer to SFTP/HTTPS and share storage through Manila or Swift.",
    },
    [networking.SecGroupRule, compute.SecGroup],
    (props, { args }, report) => {
        for (const { at, rule } of ingressRules(args.type, props)) {
            const ports = openedPorts(rule, HIGH_RISK_PORTS);
            if (ports.length === 0) continue;
            // An any-protocol or whole-range rule from anywhere is os-sg-no-any-any-ingress's finding, a ported rule
            // without bounds os-sg-rule-explicit-5tuple's; every other rule that opens high-risk ports is this one's,
            // however many of them it opens (1-10000 opens them all and neither of those rules reports it).
            const proto = protocolOf(rule);
            const [min, max] = portRangeOf(rule);
            const anyAny =
                fromAnywhere(rule) &&
                (proto === "any" || ((proto === "tcp" || proto === "udp") && min <= 1 && max >= 65535));
            const unbounded =
                at === "" &&
                (proto === "any" || proto === "tcp" || proto === "udp") &&
                (rule.portRangeMin === undefined || rule.portRangeMax === undefined);
            if (!anyAny && !unbounded)
                report(`${at}ingress from ${sourceOf(rule)} opens high-risk port(s) ${ports.join(", ")}.`);
        }
    },
);
