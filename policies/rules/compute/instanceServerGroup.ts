import { compute } from "@pulumi/openstack";
import { isSet } from "../../lib/presence";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

export const instanceServerGroup = resourceRule(
    {
        id: "os-instance-server-group",
        description: "Instances of replicated tiers are scheduled into a server group.",
        clauses: ["8.1.4.9c", "8.1.2.1e"],
        testIds: ["L3-CES1-31", "L3-CNS1-05"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["availability"],
        services: ["compute"],
        remediation: "Set schedulerHints [{ group: <anti-affinity ServerGroup id> }] on web and app hosts.",
    },
    compute.Instance,
    (instance, _ctx, report) => {
        const tier = labelsOf(instance).tier;
        if (tier !== "web" && tier !== "app") return;
        if (!(instance.schedulerHints ?? []).some((h) => isSet(h, "group"))) {
            report(`the ${tier}-tier instance has no schedulerHints group: replicas may land on one hypervisor.`);
        }
    },
);
