import { blockstorage, database, objectstorage } from "@pulumi/openstack";
import { needsBackup } from "../blockstorage/volumeBackupDeclared";
import { syncSite } from "../objectstorage/containerOffsiteSync";
import { stackRule } from "../../rule";

export const backupCoverage = stackRule(
    {
        id: "stack-backup-coverage",
        description: "Every database and every internal-or-above volume and container is covered by a backup definition with an off-site target.",
        clauses: ["8.1.4.9a", "8.1.4.9b", "8.2.4.6a"],
        testIds: ["L3-CES1-29", "L3-CES1-30", "L3-CES2-14"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["backup", "resilience"],
        services: ["stack", "blockstorage", "objectstorage", "database"],
        remediation: "Add a backup container (metadata role=backup, backup-policy, backup-target=<other site>, containerSyncTo) and name it in the data's backup-policy (or backup-of for databases).",
        config: ["approvedSites", "region", "backupTarget"],
    },
    [blockstorage.Volume, objectstorage.Container, database.Instance],
    ({ graph, config }, report) => {
        const definitions = graph.ofType(objectstorage.Container).filter((c) => graph.labels(c).role === "backup");
        const policies = new Set<string>();
        const backedUp = new Set<string>();
        for (const d of definitions) {
            const l = graph.labels(d);
            const target = l["backup-target"];
            const syncTo = d.props.containerSyncTo as string | undefined;
            if (!target || target === config.region || !config.approvedSites.includes(target)) {
                report(`backup definition ${d.name} has no off-site target (backup-target ${target ?? "unset"}; approved: ${config.approvedSites.filter((s) => s !== config.region).join(", ")}).`, d.urn);
            } else if (!syncTo || syncSite(syncTo) !== target) {
                report(`backup definition ${d.name} does not sync to its target site ${target} (containerSyncTo ${syncTo ?? "unset"}).`, d.urn);
            }
            if (l["backup-policy"]) policies.add(l["backup-policy"]);
            for (const n of (l["backup-of"] ?? "").split(",").map((s) => s.trim()).filter(Boolean)) backedUp.add(n);
        }
        const data = [
            ...graph.ofType(blockstorage.Volume),
            ...graph.ofType(objectstorage.Container).filter((c) => graph.labels(c).role !== "backup" && graph.labels(c).role !== "audit-sink"),
        ];
        for (const r of data) {
            const l = graph.labels(r);
            if (!needsBackup(l["data-class"])) continue;
            const policy = l["backup-policy"];
            if (!policy) report(`${r.name} holds ${l["data-class"] || "unclassified"} data but names no backup-policy.`, r.urn);
            else if (!policies.has(policy)) report(`${r.name}'s backup-policy "${policy}" matches no backup definition in the stack.`, r.urn);
        }
        for (const db of graph.ofType(database.Instance)) {
            if (!backedUp.has(db.name)) report(`database ${db.name} is not listed in any backup definition's backup-of.`, db.urn);
        }
    },
);
