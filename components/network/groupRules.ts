import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";

/** A rule's arguments without what every rule of one group shares: the group and IPv4. */
export type GroupRuleArgs = Omit<openstack.networking.SecGroupRuleArgs, "securityGroupId" | "ethertype">;

/**
 * The rule maker of one component's own security group: each rule named `${name}-${key}`, IPv4, in `group`, a child
 * of `parent`. The clusters and platform hosts that own a group describe their rules through it, one line per rule.
 */
export function groupRules(
    parent: pulumi.Resource,
    name: string,
    group: openstack.networking.SecGroup,
): (key: string, args: GroupRuleArgs) => openstack.networking.SecGroupRule {
    return (key, args) =>
        new openstack.networking.SecGroupRule(
            `${name}-${key}`,
            { securityGroupId: group.id, ethertype: "IPv4", ...args },
            { parent },
        );
}

/** A TCP rule's ports: one port. */
export const tcpPort = (port: number) => ({ protocol: "tcp", portRangeMin: port, portRangeMax: port });

/** Where a platform-managed host reaches the management zone, from the platform's contract. */
export interface ManagementEndpoints {
    readonly mgmtCidr: pulumi.Input<string>;
    /** Needed for `sshFromBastion` (the bastion's own group has none). */
    readonly bastionSecurityGroupId?: pulumi.Input<string>;
}

/**
 * Why each management rule is there, in the group's own words (Neutron keeps a rule's description and cannot change
 * it in place, so each component keeps the words its rules were made with). A rule left out is not made.
 */
export interface ManagementRuleReasons {
    readonly sshFromBastion?: string;
    readonly syslog: string;
    readonly ntp: string;
    readonly https?: string;
}

/**
 * The rules every host the platform manages needs: SSH only from the bastion, audit records over syslog-TLS, NTP and
 * HTTPS (mirror, HIDS manager, APIs) to the management zone. Named `in-22-from-bastion`, `out-syslog-mgmt`,
 * `out-ntp-mgmt`, `out-443-mgmt`.
 */
export function managementRules(
    rule: (key: string, args: GroupRuleArgs) => openstack.networking.SecGroupRule,
    mgmt: ManagementEndpoints,
    syslogPort: number,
    why: ManagementRuleReasons,
): void {
    if (why.sshFromBastion) {
        if (!mgmt.bastionSecurityGroupId) throw new Error("managementRules: sshFromBastion needs the bastion's group");
        rule("in-22-from-bastion", {
            direction: "ingress",
            ...tcpPort(22),
            remoteGroupId: mgmt.bastionSecurityGroupId,
            description: why.sshFromBastion,
        });
    }
    rule("out-syslog-mgmt", {
        direction: "egress",
        ...tcpPort(syslogPort),
        remoteIpPrefix: mgmt.mgmtCidr,
        description: why.syslog,
    });
    rule("out-ntp-mgmt", {
        direction: "egress",
        protocol: "udp",
        portRangeMin: 123,
        portRangeMax: 123,
        remoteIpPrefix: mgmt.mgmtCidr,
        description: why.ntp,
    });
    if (why.https)
        rule("out-443-mgmt", {
            direction: "egress",
            ...tcpPort(443),
            remoteIpPrefix: mgmt.mgmtCidr,
            description: why.https,
        });
}
