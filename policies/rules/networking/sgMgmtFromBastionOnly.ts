import { networking } from "@pulumi/openstack";
import { stackRule } from "../../rule";
import { opensPort, ruleRemote, within } from "../../lib/net";
import { isBastion, ruleGroup } from "../../lib/zones";

export const sgMgmtFromBastionOnly = stackRule(
    {
        id: "os-sg-mgmt-from-bastion-only",
        description: "SSH and RDP are admitted only from the bastion's security group or the mgmt subnet.",
        clauses: ["8.1.4.4c", "8.1.5.4a", "8.1.5.4b"],
        testIds: ["L3-CES1-19", "L3-SMC1-07", "L3-SMC1-08"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["network", "administration"],
        services: ["networking"],
        remediation: "Set remoteGroupId to the bastion's security group (or a prefix inside the mgmt CIDR).",
        config: ["mgmtCidr", "adminAccessCidrs", "platformStack", "project", "platformOutputs"],
    },
    [networking.SecGroupRule],
    ({ graph, config, judge }, report) => {
        for (const r of graph.ofType(networking.SecGroupRule)) {
            judge(r, () => {
                const p = r.props;
                if (p.direction !== "ingress" || !(opensPort(p, 22, "tcp") || opensPort(p, 3389, "tcp"))) return;
                const group = ruleGroup(graph, r);
                const allowed =
                    group && isBastion(graph, group)
                        ? [config.mgmtCidr, ...config.adminAccessCidrs]
                        : [config.mgmtCidr];
                const remote = ruleRemote(graph, r);
                if (remote.prefix) {
                    if (!within(remote.prefix, allowed))
                        report(`SSH/RDP from ${remote.prefix}, outside the mgmt network ${config.mgmtCidr}.`, r.urn);
                    return;
                }
                // The dependency names the source group even at preview, when a new group's id is still unknown.
                const sources = remote.groupSources;
                if (sources.length === 0 && !remote.groupId) {
                    report("SSH/RDP from any source.", r.urn);
                    return;
                }
                const fromBastion =
                    sources.some((s) => s.isType(networking.SecGroup) && isBastion(graph, s)) ||
                    graph.fromPlatform(r, "remoteGroupId", config, "bastionSecurityGroupId");
                if (!fromBastion) report("SSH/RDP from a security group that is not the bastion's.", r.urn);
            });
        }
    },
);
