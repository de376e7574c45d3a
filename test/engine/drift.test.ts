/**
 * The engine's drift read out of `pulumi refresh --preview-only` events: per property, lists of plain values as sets,
 * maps of plain values key by key. The events are cut down from what CLI 3.274.1 sent for a port, a container and a
 * configuration group refreshed through the project's OpenStack plugin after changes behind its back
 * (test/engine/openstackDrift.test.ts makes them for real): `op: update`, `diffs` and `detailedDiff` naming the
 * inputs that differ, `old`/`new` with the outputs before and after.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { driftFromEvent, valueAt } from "../../engine/drift";

const PORT = "openstack:networking/port:Port";
const URN = `urn:pulumi:flood-control::watercloud::watercloud:compute:HostGroup$${PORT}::portal-app-1-port`;

function refreshed(
    type: string,
    op: string,
    old: Record<string, unknown>,
    cur: Record<string, unknown>,
    detailedDiff?: Record<string, { kind: string }>,
    urn = URN,
): EngineEvent {
    const diffs = detailedDiff ? [...new Set(Object.keys(detailedDiff).map((p) => p.split(/[.[]/)[0]!))] : undefined;
    return {
        sequence: 1,
        timestamp: 0,
        resOutputsEvent: {
            metadata: {
                op,
                urn,
                type,
                old: { outputs: old },
                new: { outputs: cur },
                diffs,
                detailedDiff,
                provider: "",
            },
        },
    } as unknown as EngineEvent;
}

const portAsApplied = {
    allFixedIps: ["10.20.64.10"],
    allSecurityGroupIds: ["sg-app", "sg-bastion"],
    allTags: ["data-class=sensitive", "tier=app"],
    fixedIps: [{ ipAddress: "", subnetId: "subnet-app" }],
    securityGroupIds: ["sg-app", "sg-bastion"],
    tags: ["data-class=sensitive", "tier=app"],
    portSecurityEnabled: true,
};

describe("drift from refresh events", () => {
    it("a port stripped of its groups and moved to another subnet: the inputs that differ, not their computed mirrors", () => {
        const stripped = {
            ...portAsApplied,
            allFixedIps: ["10.20.0.99"],
            allSecurityGroupIds: [],
            fixedIps: [{ ipAddress: "10.20.0.99", subnetId: "subnet-web" }],
            securityGroupIds: [],
        };
        const e = refreshed(PORT, "update", portAsApplied, stripped, {
            "fixedIps[0].ipAddress": { kind: "UPDATE" },
            "fixedIps[0].subnetId": { kind: "UPDATE" },
            securityGroupIds: { kind: "DELETE" },
        });
        expect(driftFromEvent(e)).toEqual([
            {
                urn: URN,
                type: PORT,
                property: "fixedIps",
                stack: [{ ipAddress: "", subnetId: "subnet-app" }],
                cloud: [{ ipAddress: "10.20.0.99", subnetId: "subnet-web" }],
            },
            { urn: URN, type: PORT, property: "securityGroupIds", stack: ["sg-app", "sg-bastion"], cloud: [] },
        ]);
    });

    it("a set whose members came back in another order is no drift; one member fewer is", () => {
        const reordered = refreshed(
            PORT,
            "update",
            portAsApplied,
            { ...portAsApplied, securityGroupIds: ["sg-bastion", "sg-app"] },
            { "securityGroupIds[0]": { kind: "UPDATE" } },
        );
        expect(driftFromEvent(reordered)).toEqual([]);
        const fewer = refreshed(
            PORT,
            "update",
            portAsApplied,
            { ...portAsApplied, tags: ["tier=app"] },
            { "tags[1]": { kind: "DELETE" } },
        );
        expect(driftFromEvent(fewer)).toEqual([
            {
                urn: URN,
                type: PORT,
                property: "tags",
                stack: ["data-class=sensitive", "tier=app"],
                cloud: ["tier=app"],
            },
        ]);
    });

    it("labels are reported key by key: the label that changed and the one removed, each with both values", () => {
        const type = "openstack:objectstorage/container:Container";
        const urn = `urn:pulumi:flood-control::watercloud::${type}::records-archive-container`;
        const old = {
            metadata: { "data-class": "critical", tier: "data", owner: "flood-it" },
            containerSyncTo: "//watercloud/cn-east-2/AUTH_p/records",
        };
        const cur = {
            metadata: { "data-class": "public", tier: "data" },
            containerSyncTo: "//elsewhere/other/AUTH_x/copy",
        };
        const e = refreshed(
            type,
            "update",
            old,
            cur,
            {
                containerSyncTo: { kind: "UPDATE" },
                'metadata["data-class"]': { kind: "UPDATE" },
                'metadata["owner"]': { kind: "DELETE" },
            },
            urn,
        );
        expect(driftFromEvent(e)).toEqual([
            {
                urn,
                type,
                property: "containerSyncTo",
                stack: "//watercloud/cn-east-2/AUTH_p/records",
                cloud: "//elsewhere/other/AUTH_x/copy",
            },
            { urn, type, property: "metadata.data-class", stack: "critical", cloud: "public" },
            { urn, type, property: "metadata.owner", stack: "flood-it", cloud: null },
        ]);
        expect(valueAt(old, "metadata.data-class")).toBe("critical");
    });

    it("a list of objects (a configuration group's values) is compared whole, in order", () => {
        const type = "openstack:database/configuration:Configuration";
        const v = (name: string, value: string) => ({ name, value, stringType: false });
        const e = refreshed(
            type,
            "update",
            { configurations: [v("local_infile", "0"), v("max_connect_errors", "10")] },
            { configurations: [v("local_infile", "1"), v("max_connect_errors", "10")] },
            {
                "configurations[0].value": { kind: "UPDATE" },
            },
        );
        expect(driftFromEvent(e).map((d) => [d.property, d.stack, d.cloud])).toEqual([
            [
                "configurations",
                [v("local_infile", "0"), v("max_connect_errors", "10")],
                [v("local_infile", "1"), v("max_connect_errors", "10")],
            ],
        ]);
    });

    it("without a diff from the provider, the top-level outputs that differ, by the same rules", () => {
        const e = refreshed(PORT, "update", portAsApplied, {
            ...portAsApplied,
            allTags: ["tier=app", "data-class=sensitive"],
            portSecurityEnabled: false,
        });
        expect(driftFromEvent(e).map((d) => d.property)).toEqual(["portSecurityEnabled"]);
    });

    it("a resource gone from the cloud is (resource) exists / absent; a resource the refresh leaves alone is nothing", () => {
        expect(driftFromEvent(refreshed(PORT, "delete", portAsApplied, {}))).toEqual([
            { urn: URN, type: PORT, property: "(resource)", stack: "exists", cloud: "absent" },
        ]);
        expect(
            driftFromEvent(refreshed(PORT, "same", portAsApplied, { ...portAsApplied, allSecurityGroupIds: [] })),
        ).toEqual([]);
    });
});
