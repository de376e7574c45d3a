import { blockstorage, database, objectstorage } from "@pulumi/openstack";
import { needsBackup } from "../blockstorage/volumeBackupDeclared";
import { syncSite } from "../objectstorage/containerOffsiteSync";
import type { PolicyResource } from "@pulumi/policy";
import { stackRule } from "../../rule";

export const backupCoverage = stackRule(
    {
        id: "stack-backup-coverage",
        description:
            "Every database and every internal-or-above volume and container is covered by a backup definition with an off-site target.",
        clauses: ["8.1.4.9a", "8.1.4.9b", "8.2.4.6a"],
        testIds: ["L3-CES1-29", "L3-CES1-30", "L3-CES2-14"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["backup", "resilience"],
        services: ["stack", "blockstorage", "objectstorage", "database"],
        remediation:
            "Add a backup container (metadata role=backup, backup-policy, backup-target=<other site>, containerSyncTo) and name it in the data's backup-policy (or backup-of for databases).",
        config: ["approvedSites", "region", "backupTarget"],
    },
    [blockstorage.Volume, objectstorage.Container, database.Instance],
    ({ graph, config, judge, undecided }, report) => {
        const definitions: PolicyResource[] = [];
        const data: PolicyResource[] = [...graph.ofType(blockstorage.Volume)];
        // A container whose labels are unknown at preview may be a backup definition: what it would cover is unknown.
        const unread: string[] = [];
        for (const c of graph.ofType(objectstorage.Container)) {
            const read = judge(c, () => {
                const role = graph.labels(c).role;
                if (role === "backup") definitions.push(c);
                else if (role !== "audit-sink") data.push(c);
            });
            if (!read) unread.push(c.name);
        }
        const policies = new Set<string>();
        const backedUp = new Set<string>();
        for (const d of definitions) {
            const l = graph.labels(d);
            if (l["backup-policy"]) policies.add(l["backup-policy"]);
            for (const n of (l["backup-of"] ?? "")
                .split(",")
                .map((x) => x.trim())
                .filter(Boolean))
                backedUp.add(n);
            judge(d, () => {
                const target = l["backup-target"];
                if (!target || target === config.region || !config.approvedSites.includes(target)) {
                    report(
                        `backup definition ${d.name} has no off-site target (backup-target ${target ?? "unset"}; approved: ${config.approvedSites.filter((x) => x !== config.region).join(", ")}).`,
                        d.urn,
                    );
                    return;
                }
                const syncTo = d.props.containerSyncTo as string | undefined;
                if (!syncTo || syncSite(syncTo) !== target)
                    report(
                        `backup definition ${d.name} does not sync to its target site ${target} (containerSyncTo ${syncTo ?? "unset"}).`,
                        d.urn,
                    );
            });
        }
        const uncovered = (r: PolicyResource, message: string) => {
            if (unread.length)
                undecided(
                    r,
                    `whether container${unread.length > 1 ? "s" : ""} ${unread.join(", ")} define${unread.length > 1 ? "" : "s"} its backup can't be known during preview`,
                );
            else report(message, r.urn);
        };
        for (const r of data) {
            judge(r, () => {
                const l = graph.labels(r);
                if (!needsBackup(l["data-class"])) return;
                const policy = l["backup-policy"];
                if (!policy)
                    report(
                        `${r.name} holds ${l["data-class"] || "unclassified"} data but names no backup-policy.`,
                        r.urn,
                    );
                else if (!policies.has(policy))
                    uncovered(r, `${r.name}'s backup-policy "${policy}" matches no backup definition in the stack.`);
            });
        }
        for (const db of graph.ofType(database.Instance)) {
            if (!backedUp.has(db.name))
                uncovered(db, `database ${db.name} is not listed in any backup definition's backup-of.`);
        }
    },
);
