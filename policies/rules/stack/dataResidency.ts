import { blockstorage, compute, objectstorage } from "@pulumi/openstack";
import { syncSite } from "../objectstorage/containerOffsiteSync";
import { known } from "../../lib/unknowns";
import { stackRule } from "../../rule";

export const dataResidency = stackRule(
    {
        id: "stack-data-residency",
        description: "Providers, availability zones, sync and backup targets are approved in-China sites.",
        clauses: ["8.2.4.5a", "8.2.1.1"],
        testIds: ["L3-CES2-10", "L3-PES2-01"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["residency"],
        services: ["stack"],
        remediation: "Use the platform's regions, AZs and backup site only.",
        config: ["approvedRegions", "approvedSites", "availabilityZones"],
    },
    [],
    ({ graph, config, judge }, report) => {
        for (const r of graph.resources) {
            if (!r.type.startsWith("pulumi:providers:openstack") && !r.type.startsWith("openstack:")) continue;
            judge(r, () => {
                // A resource's region is unknown at a first preview when the program leaves it to its provider,
                // whose own region is checked here too: the resource can land nowhere else.
                const read = r.type.startsWith("pulumi:")
                    ? { known: true as const, value: r.props.region as string | undefined }
                    : known(() => r.props.region as string | undefined);
                const region = read.known ? read.value : undefined;
                if (region && !config.approvedRegions.includes(region))
                    report(
                        `region "${region}" is not an approved region (${config.approvedRegions.join(", ")}).`,
                        r.urn,
                    );
            });
        }
        // Hosts and their volumes both hold data: each must sit in one of the platform's zones.
        for (const i of [...graph.ofType(compute.Instance), ...graph.ofType(blockstorage.Volume)]) {
            // Unknown when left to Nova's and Cinder's schedulers, which place only in the cloud's own zones.
            const read = known(() => i.props.availabilityZone as string | undefined);
            const az = read.known ? read.value : undefined;
            if (az && !config.availabilityZones.includes(az))
                report(
                    `availabilityZone "${az}" is not one of the platform's zones (${config.availabilityZones.join(", ")}).`,
                    i.urn,
                );
        }
        for (const c of graph.ofType(objectstorage.Container)) {
            // The label and the sync target are two verdicts: an unknown sync target leaves the label judged.
            judge(c, () => {
                const to = c.props.containerSyncTo as string | undefined;
                if (!to) return;
                const site = syncSite(to);
                if (!site || !config.approvedSites.includes(site))
                    report(
                        `containerSyncTo "${to}" is not an approved site (${config.approvedSites.join(", ")}).`,
                        c.urn,
                    );
            });
            judge(c, () => {
                const target = graph.labels(c)["backup-target"];
                if (target && !config.approvedSites.includes(target))
                    report(
                        `backup-target "${target}" is not an approved site (${config.approvedSites.join(", ")}).`,
                        c.urn,
                    );
            });
        }
    },
);
