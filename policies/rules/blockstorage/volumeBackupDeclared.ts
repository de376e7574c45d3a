import { blockstorage } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

/** Data classes that need a backup. An unlabelled volume counts as internal: classification fails closed. */
export function needsBackup(dataClass: string | undefined): boolean {
    return dataClass !== "public";
}

export const volumeBackupDeclared = resourceRule(
    {
        id: "os-volume-backup-declared",
        description: "Volumes holding internal or more sensitive data name a backup policy.",
        clauses: ["8.1.4.9a"],
        testIds: ["L3-CES1-29"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["backup"],
        services: ["blockstorage"],
        remediation:
            "Add metadata backup-policy=<name> naming a backup definition of the stack (see stack-backup-coverage).",
    },
    blockstorage.Volume,
    (volume, _ctx, report) => {
        const labels = labelsOf(volume);
        const cls = labels["data-class"];
        if (needsBackup(cls) && !labels["backup-policy"]) {
            report(`the ${cls || "unclassified (treated as internal)"} volume has no backup-policy label.`);
        }
    },
);
