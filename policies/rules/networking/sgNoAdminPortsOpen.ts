import { compute, networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";
import { ingressRules, openedPorts, sourceOf, within } from "../../lib/net";
import { isSet } from "../../lib/presence";

/** SSH, Telnet, RDP, VNC (5900-5999), WinRM (5985/5986, inside the VNC range), Docker, Kubernetes API and kubelet. */
export const ADMIN_PORTS: readonly number[] = [
    22,
    23,
    2375,
    2376,
    3389,
    ...Array.from({ length: 100 }, (_, i) => 5900 + i),
    6443,
    10250,
];

/** Lists opened admin ports compactly ("22, 5900-5999"). */
function describe(ports: number[]): string {
    const vnc = ports.filter((p) => p >= 5900 && p <= 5999);
    const rest = ports.filter((p) => p < 5900 || p > 5999);
    const parts = rest.map(String);
    if (vnc.length === 100) parts.push("5900-5999");
    else parts.push(...vnc.map(String));
    return parts.sort((a, b) => parseInt(a) - parseInt(b)).join(", ");
}

export const sgNoAdminPortsOpen = resourceRuleOfTypes(
    {
        id: "os-sg-no-admin-ports-open",
        description:
            "Administration ports (SSH, RDP, Telnet, VNC, WinRM, Docker, Kubernetes) are reachable only from the mgmt network.",
        clauses: ["8.1.4.4c", "8.1.3.2c"],
        testIds: ["L3-CES1-19", "L3-ABS1-07"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["network", "administration"],
        services: ["networking"],
        remediation: "Admit administration ports only from the mgmt CIDR or the bastion's security group.",
        config: ["mgmtCidr", "adminAccessCidrs"],
    },
    [networking.SecGroupRule, compute.SecGroup],
    (props, { config, args }, report) => {
        for (const { at, rule } of ingressRules(args.type, props)) {
            // Group sources are judged by os-sg-mgmt-from-bastion-only, which can see the group.
            if (!rule.remoteIpPrefix && isSet(rule, "remoteGroupId")) continue;
            if (rule.remoteIpPrefix && within(rule.remoteIpPrefix, [config.mgmtCidr, ...config.adminAccessCidrs]))
                continue;
            const ports = openedPorts(rule, ADMIN_PORTS, "tcp");
            if (ports.length)
                report(
                    `${at}ingress from ${sourceOf(rule)} opens administration port(s) ${describe(ports)} outside the mgmt network ${config.mgmtCidr}.`,
                );
        }
    },
);
