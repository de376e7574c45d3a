import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { HostGroup } from "../../components/compute/hostGroup";
import { BackupPolicy, BlockVolume, ObjectBucket } from "../../components/storage";
import { childSet, find, floodControlContext, installMocks, ofType, resetRegistry, settle, unwrap } from "./harness";

const VOLUME = "openstack:blockstorage/volume:Volume";
const CONTAINER = "openstack:objectstorage/container:Container";

describe("BlockVolume", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates one encrypted volume per host, attached by ordinal, and one backup definition per policy", async () => {
        const ctx = floodControlContext();
        const hosts = new HostGroup("portal-db", { context: ctx, tier: "data", count: 2, flavor: "m1.large" });
        const data = new BlockVolume("portal-pgdata", {
            context: ctx,
            sizeGb: 100,
            attachTo: hosts,
            dataClass: "sensitive",
        });
        new BlockVolume("portal-logs", { context: ctx, sizeGb: 20 });
        await settle();
        expect(childSet((r) => !r.name.startsWith("portal-db"))).toEqual(
            [
                `${VOLUME}::portal-pgdata-1`,
                `${VOLUME}::portal-pgdata-2`,
                "openstack:compute/volumeAttach:VolumeAttach::portal-pgdata-1-attach",
                "openstack:compute/volumeAttach:VolumeAttach::portal-pgdata-2-attach",
                `${VOLUME}::portal-logs-volume`,
                `${CONTAINER}::flood-control-backup-daily-container`,
                "random:index/randomPassword:RandomPassword::flood-control-backup-daily-sync-key",
            ].sort(),
        );
        const v2 = find(VOLUME, "portal-pgdata-2").inputs;
        expect(v2).toMatchObject({ size: 100, volumeType: "encrypted-ssd", availabilityZone: "az2" });
        expect(v2.metadata).toMatchObject({
            "backup-policy": "daily",
            "data-class": "sensitive",
            tier: "data",
            tenant: "flood-control",
            "mlps-level": "3",
            owner: "flood-it",
        });
        expect(find("openstack:compute/volumeAttach:VolumeAttach", "portal-pgdata-2-attach").inputs).toEqual({
            instanceId: "portal-db-2-id",
            volumeId: "portal-pgdata-2-id",
        });
        expect(await unwrap(pulumi.all(data.volumeIds))).toEqual(["portal-pgdata-1-id", "portal-pgdata-2-id"]);
    });

    it("writes the backup definition of the contract: role, policy, off-site target, sync, versioning", async () => {
        const ctx = floodControlContext();
        const vol = new BlockVolume("portal-logs", { context: ctx, sizeGb: 20, backupPolicy: "weekly" });
        await settle();
        const def = find(CONTAINER, "flood-control-backup-weekly-container").inputs;
        expect(def.metadata).toMatchObject({
            role: "backup",
            "backup-policy": "weekly",
            "backup-target": "cn-east-2",
            "retention-days": "30",
        });
        expect(def.versioning).toBe(true);
        expect(def.storagePolicy).toBe("cn-3replica");
        expect(def.containerSyncTo).toBe("//watercloud/cn-east-2/AUTH_fc-project-id/flood-control-backup-weekly");
        expect(await unwrap(vol.backupPolicy!.urn)).toBe(
            "urn:pulumi:test::watercloud::watercloud:storage:BackupPolicy::flood-control-backup-weekly",
        );
        expect(await pulumi.isSecret(vol.backupPolicy!.container.containerSyncKey)).toBe(true);
    });

    it("uses an explicit backup definition and creates none of its own", async () => {
        const ctx = floodControlContext();
        const policy = new BackupPolicy("fc-hourly", { context: ctx, policyName: "hourly" });
        new BlockVolume("portal-logs", { context: ctx, sizeGb: 20, backup: policy });
        await settle();
        expect(ofType(CONTAINER).map((r) => r.name)).toEqual(["fc-hourly-container"]);
        expect(find(VOLUME, "portal-logs-volume").inputs.metadata["backup-policy"]).toBe("hourly");
    });

    it.each([
        [{ sizeGb: 0 }, 'BlockVolume "v": sizeGb must be an integer from 1 to 16384, got 0'],
        [
            { volumeType: "standard" },
            'BlockVolume "v": volumeType "standard" is not in the platform encrypted volume type list (encrypted-ssd, encrypted-hdd)',
        ],
        [
            { backup: false },
            'BlockVolume "v": backup false is only allowed for dataClass public (this volume is internal)',
        ],
        [
            { backupPolicy: "Daily!" },
            'BlockVolume "v": backupPolicy "Daily!" must be lower-case letters, digits and dashes, starting with a letter',
        ],
    ])("rejects %o", (bad, message) => {
        expect(() => new BlockVolume("v", { context: floodControlContext(), sizeGb: 10, ...(bad as object) })).toThrow(
            message,
        );
    });

    it("rejects a backup target that is the region itself", () => {
        const ctx = floodControlContext();
        expect(() => new BackupPolicy("b", { context: ctx, policyName: "daily", target: "cn-east-1" })).toThrow(
            'BackupPolicy "b": target "cn-east-1" is not in the approved off-site list (cn-east-2)',
        );
    });
});

describe("ObjectBucket", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates a private, versioned container on an approved policy with labels and no ACL", async () => {
        const b = new ObjectBucket("portal-files", { context: floodControlContext() });
        await settle();
        expect(b.name).toBe("flood-control-portal-files");
        const c = find(CONTAINER, "portal-files-container").inputs;
        expect(c.containerRead).toBeUndefined();
        expect(c.containerWrite).toBeUndefined();
        expect(c.containerSyncTo).toBeUndefined();
        expect(c).toMatchObject({ name: "flood-control-portal-files", versioning: true, storagePolicy: "cn-3replica" });
        expect(c.metadata).toMatchObject({
            "backup-policy": "daily",
            "data-class": "internal",
            tenant: "flood-control",
            service: "portal",
        });
        expect(
            ofType(CONTAINER)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["flood-control-backup-daily-container", "portal-files-container"]);
    });

    it("syncs off-site with a secret key when asked", async () => {
        const b = new ObjectBucket("portal-files", {
            context: floodControlContext(),
            offsiteSync: true,
            storagePolicy: "cn-ec-2site",
            dataClass: "critical",
        });
        await settle();
        const c = find(CONTAINER, "portal-files-container").inputs;
        expect(c.containerSyncTo).toBe("//watercloud/cn-east-2/AUTH_fc-project-id/flood-control-portal-files");
        expect(c.storagePolicy).toBe("cn-ec-2site");
        expect(await pulumi.isSecret(b.container.containerSyncKey)).toBe(true);
    });

    it.each([
        [
            { storagePolicy: "us-3replica" },
            'ObjectBucket "portal-files": storagePolicy "us-3replica" is not in the platform storage policy list (cn-3replica, cn-ec-2site)',
        ],
        [
            { versioning: false },
            'ObjectBucket "portal-files": versioning false is only allowed for dataClass public (this bucket is internal)',
        ],
        [
            { containerName: "A" },
            'ObjectBucket "portal-files": containerName "A" must be 3-63 lower-case letters, digits, dots and dashes',
        ],
    ])("rejects %o", (bad, message) => {
        expect(() => new ObjectBucket("portal-files", { context: floodControlContext(), ...(bad as object) })).toThrow(
            message,
        );
    });
});
