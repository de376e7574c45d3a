import type { PolicyResource } from "@pulumi/policy";
import { labelsOf } from "../../lib/labels";
import { TAGGABLE } from "../common/resourceRequiredTags";
import { stackRule } from "../../rule";
import { REQUIRED_LABELS } from "../../../model";

export const assetInventory = stackRule(
    {
        id: "stack-asset-inventory",
        description: "All taggable resources of the stack carry the inventory labels, so the asset list is complete.",
        clauses: ["8.1.10.2", "8.1.4.2g"],
        testIds: ["L3-CES1-11"],
        severity: "low",
        enforcementLevel: "mandatory",
        topics: ["inventory", "labels"],
        services: ["stack"],
        remediation: "Label the listed resources (see os-resource-required-tags findings).",
    },
    TAGGABLE,
    ({ graph, judge }, report) => {
        const judged: PolicyResource[] = [];
        const unlabelled: PolicyResource[] = [];
        for (const r of graph.ofType(...TAGGABLE)) {
            judge(r, () => {
                const l = labelsOf(r.props);
                // Images keep key/value data in `properties`; an empty value is as missing there as in tags
                // ("tenant="), so the inventory agrees with os-resource-required-tags.
                const extra = (
                    r.props.properties && typeof r.props.properties === "object" ? r.props.properties : {}
                ) as Record<string, unknown>;
                if (REQUIRED_LABELS.some((k) => !l[k] && !(typeof extra[k] === "string" && extra[k] !== "")))
                    unlabelled.push(r);
                judged.push(r);
            });
        }
        // Resources whose labels are unknown at preview are reported on their own and left out of the count.
        if (unlabelled.length) {
            const names = unlabelled
                .slice(0, 10)
                .map((r) => r.name)
                .join(", ");
            report(
                `${unlabelled.length} of ${judged.length} taggable resources lack inventory labels: ${names}${unlabelled.length > 10 ? ", ..." : ""}.`,
            );
        }
    },
);
