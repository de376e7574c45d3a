import { objectstorage } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

/** Swift container sync targets read `//<realm>/<cluster>/<account>/<container>`; the cluster names the site. */
export function syncSite(target: string): string | undefined {
    const m = /^\/\/([^/]+)\/([^/]+)\//.exec(target);
    return m ? m[2] : undefined;
}

export const containerOffsiteSync = resourceRule(
    {
        id: "os-container-offsite-sync",
        description: "Containers of critical data sync to the off-site DR cluster.",
        clauses: ["8.1.4.9b"],
        testIds: ["L3-CES1-30"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["backup", "resilience"],
        services: ["objectstorage"],
        remediation:
            "Set containerSyncTo to //<realm>/<backup site>/<account>/<container> and containerSyncKey from a secret.",
        config: ["backupTarget"],
    },
    objectstorage.Container,
    (container, { config }, report) => {
        if (labelsOf(container)["data-class"] !== "critical") return;
        const to = container.containerSyncTo;
        if (!to) {
            report(
                `the critical-data container does not sync off site (containerSyncTo is not set; the backup site is ${config.backupTarget}).`,
            );
            return;
        }
        if (syncSite(to) !== config.backupTarget)
            report(`containerSyncTo "${to}" does not point at the backup site ${config.backupTarget}.`);
        if (!container.containerSyncKey) report("containerSyncKey is not set.");
    },
);
