import { networking } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";
import { isWorld } from "../../lib/net";

export const portSecurityOn = resourceRuleOfTypes(
    {
        id: "os-port-security-on",
        description: "Port security (anti-spoofing and security groups) stays on for networks and ports.",
        clauses: ["8.2.4.2b", "8.1.3.1b"],
        testIds: ["L3-CES2-03", "L3-ABS1-02"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "isolation"],
        services: ["networking"],
        remediation: "Remove portSecurityEnabled: false and noSecurityGroups: true; list exact allowedAddressPairs.",
    },
    [networking.Network, networking.Port],
    (props, _ctx, report) => {
        if (props.portSecurityEnabled === false)
            report("portSecurityEnabled is false: anti-spoofing and security groups are off.");
        if (props.noSecurityGroups === true)
            report("noSecurityGroups is true: the port bypasses every security group.");
        for (const [i, pair] of ((props.allowedAddressPairs ?? []) as { ipAddress?: string }[]).entries()) {
            if (isWorld(pair.ipAddress))
                report(`allowedAddressPairs[${i}] allows ${pair.ipAddress}: the port may send from any address.`);
        }
    },
);
