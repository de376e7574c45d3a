import { networking } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRuleOfTypes } from "../../rule";

export const edgeBandwidthQos = resourceRuleOfTypes(
    {
        id: "os-edge-bandwidth-qos",
        description: "Edge networks and ports carry a QoS policy that bounds bandwidth.",
        clauses: ["8.1.2.1b"],
        testIds: ["L3-CNS1-02"],
        severity: "low",
        enforcementLevel: "advisory",
        topics: ["network", "capacity"],
        services: ["networking"],
        remediation: "Set qosPolicyId to a QoS policy with a bandwidth-limit rule sized for peak.",
    },
    [networking.Network, networking.Port],
    (props, _ctx, report) => {
        if (labelsOf(props).tier !== "edge") return;
        if (!props.qosPolicyId) report("the edge resource has no qosPolicyId: its bandwidth is unbounded.");
    },
);
