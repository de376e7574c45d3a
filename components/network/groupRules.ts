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
