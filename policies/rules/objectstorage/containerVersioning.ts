import { objectstorage } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

/** Data-tier, audit and backup containers must survive deletion and overwrite. */
export function isDataOrAuditContainer(labels: Record<string, string>): boolean {
    return (
        labels.tier === "data" || labels.role === "audit-sink" || labels.role === "backup" || labels.role === "audit"
    );
}

export const containerVersioning = resourceRule(
    {
        id: "os-container-versioning",
        description: "Data, audit and backup containers keep object versions.",
        clauses: ["8.1.4.9a", "8.1.4.3c"],
        testIds: ["L3-CES1-29", "L3-CES1-14"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["backup", "audit"],
        services: ["objectstorage"],
        remediation: "Set versioning: true on the container.",
    },
    objectstorage.Container,
    (container, _ctx, report) => {
        const labels = labelsOf(container);
        if (!isDataOrAuditContainer(labels)) return;
        if (container.versioning !== true && !container.versioningLegacy) {
            report(
                `the ${labels.role === "audit-sink" || labels.role === "audit" ? "audit" : labels.role === "backup" ? "backup" : "data"} container does not keep versions: a delete or overwrite cannot be undone.`,
            );
        }
    },
);
