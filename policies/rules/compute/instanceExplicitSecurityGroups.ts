import { compute, networking } from "@pulumi/openstack";
import { isSet } from "../../lib/presence";
import { known } from "../../lib/unknowns";
import { resourceRuleOfTypes } from "../../rule";

/** Neutron's per-project group: it admits anything from its own members and lets everything out. */
const DEFAULT_GROUP = "default";

/**
 * The groups a host really gets. Nova puts a server whose networks are not ports into the groups it lists, and into
 * `default` when it lists none; Neutron puts a port that names no group into the project's `default` (unless port
 * security is off or it opts out, which os-port-security-on judges). `default` beside a group of one's own keeps
 * Neutron's default rules all the same, and a rule added to `default` opens every port that lands there.
 */
export const instanceExplicitSecurityGroups = resourceRuleOfTypes(
    {
        id: "os-instance-explicit-security-groups",
        description:
            "Instances and their ports are placed in explicit security groups, never the project's default group, and the default group stays closed.",
        clauses: ["8.1.3.2a", "8.2.4.2b"],
        testIds: ["L3-ABS1-05", "L3-CES2-03"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "access-control"],
        services: ["compute", "networking"],
        remediation:
            "Attach instances through networking.Port resources whose securityGroupIds name the tier's own groups (never default), and add no rules to the default group.",
        config: ["defaultSecurityGroupIds"],
    },
    [compute.Instance, networking.Port, networking.SecGroupRule],
    (props, { args, config }, report) => {
        // The default group exists before the stack does, so its id (looked up by name) is known at preview; an id
        // unknown at preview is a group this stack creates, never the default.
        const defaults = new Set(config.defaultSecurityGroupIds);
        const isDefault = (read: () => unknown) => {
            if (defaults.size === 0) return false;
            const id = known(read);
            return id.known && typeof id.value === "string" && defaults.has(id.value);
        };
        if (args.isType(networking.SecGroupRule)) {
            if (isDefault(() => props.securityGroupId)) {
                report(
                    "the rule is added to the project's default security group, which every port without a group of its own lands in: keep default closed.",
                );
            }
            return;
        }
        if (args.isType(networking.Port)) {
            if (props.portSecurityEnabled === false || props.noSecurityGroups === true) return;
            const ids = (props.securityGroupIds ?? []) as unknown[];
            if (ids.length === 0)
                report("the port names no securityGroupIds: Neutron puts it in the project's default security group.");
            // By index: Array.prototype.some would read every element through the unknown-checking proxy itself.
            else if (Array.from({ length: ids.length }, (_, i) => i).some((i) => isDefault(() => ids[i])))
                report(
                    "securityGroupIds includes the project's default security group: its rules admit all traffic from its members and all egress.",
                );
            return;
        }
        const networks = (props.networks ?? []) as object[];
        const viaPorts = networks.length > 0 && networks.every((n) => isSet(n, "port"));
        // Attached only through ports: the ports' groups are the host's, and the port rule above judges them.
        if (viaPorts) return;
        const groups = (props.securityGroups ?? []) as string[];
        if (groups.length === 0) {
            report(
                'securityGroups is empty and not every network attaches through a port: the instance falls into the "default" security group.',
            );
        } else if (groups.includes(DEFAULT_GROUP)) {
            const alone = groups.every((g) => g === DEFAULT_GROUP);
            report(
                alone
                    ? 'securityGroups is ["default"]: the default group admits all traffic from its members and all egress.'
                    : `securityGroups ${JSON.stringify(groups)} includes "default": its rules admit all traffic from its members and all egress, whatever the other groups allow.`,
            );
        }
    },
);
