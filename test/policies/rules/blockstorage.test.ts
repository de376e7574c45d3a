import { blockstorage } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { needsBackup, volumeBackupDeclared } from "../../../policies/rules/blockstorage/volumeBackupDeclared";
import { volumeEncryptedType } from "../../../policies/rules/blockstorage/volumeEncryptedType";
import { brief, run, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const volume = (name: string, props: Record<string, unknown>) =>
    snap(blockstorage.Volume, name, {
        size: 100,
        volumeType: "encrypted-ssd",
        metadata: { "backup-policy": "daily" },
        tags: tags(),
        ...props,
    });

describe("os-volume-encrypted-type", () => {
    it("passes the platform's encrypted types", async () => {
        expect(
            await run(volumeEncryptedType, [volume("ssd", {}), volume("hdd", { volumeType: "encrypted-hdd" })]),
        ).toEqual([]);
    });
    it("reports a plain type and a missing type", async () => {
        const f = await run(volumeEncryptedType, [
            volume("plain", { volumeType: "ssd" }),
            volume("default", { volumeType: undefined }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-volume-encrypted-type",
                "plain",
                'volumeType "ssd" is not an encrypted type (use encrypted-ssd, encrypted-hdd).',
            ],
            [
                "os-volume-encrypted-type",
                "default",
                "volumeType is not set: the default type is not encrypted (use encrypted-ssd, encrypted-hdd).",
            ],
        ]);
        expect(f[0]).toMatchObject({
            status: "violation",
            enforcementLevel: "mandatory",
            severity: "high",
            clause: "8.1.4.8 b; 8.2.4.4 c",
        });
    });
    it("reads the allow-list from config", async () => {
        const config = { encryptedVolumeTypes: ["luks-nvme"] };
        expect(await run(volumeEncryptedType, [volume("nvme", { volumeType: "luks-nvme" })], config)).toEqual([]);
        expect(brief(await run(volumeEncryptedType, [volume("ssd", {})], config))).toEqual([
            ["os-volume-encrypted-type", "ssd", 'volumeType "encrypted-ssd" is not an encrypted type (use luks-nvme).'],
        ]);
    });
    it("cannot evaluate an unknown volume type", async () => {
        const [f] = await run(volumeEncryptedType, [volume("v", { volumeType: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            enforcementLevel: "advisory",
            resourceName: "v",
            message: preview("os-volume-encrypted-type", "volumeType"),
        });
    });
});

describe("os-volume-backup-declared", () => {
    it("classifies: only public data needs no backup", () => {
        expect(needsBackup("public")).toBe(false);
        expect(needsBackup("internal")).toBe(true);
        expect(needsBackup(undefined)).toBe(true);
    });
    it("passes a volume with a backup policy (metadata or tag) and a public volume without", async () => {
        const f = await run(volumeBackupDeclared, [
            volume("meta", {}),
            volume("tagged", { metadata: undefined, tags: tags({ "backup-policy": "weekly" }) }),
            volume("public", { metadata: undefined, tags: tags({ "data-class": "public" }) }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports classified and unclassified volumes without a backup policy", async () => {
        const f = await run(volumeBackupDeclared, [
            volume("sensitive", { metadata: undefined, tags: tags({ "data-class": "sensitive" }) }),
            volume("bare", { metadata: undefined, tags: undefined }),
            volume("blank", { metadata: { "data-class": "" }, tags: undefined }),
        ]);
        expect(brief(f)).toEqual([
            ["os-volume-backup-declared", "sensitive", "the sensitive volume has no backup-policy label."],
            [
                "os-volume-backup-declared",
                "bare",
                "the unclassified (treated as internal) volume has no backup-policy label.",
            ],
            [
                "os-volume-backup-declared",
                "blank",
                "the unclassified (treated as internal) volume has no backup-policy label.",
            ],
        ]);
    });
    it("cannot evaluate unknown tags or metadata", async () => {
        const [a] = await run(volumeBackupDeclared, [volume("v", { tags: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-volume-backup-declared", "tags") });
        const [b] = await run(volumeBackupDeclared, [volume("v", { metadata: { "backup-policy": UNKNOWN } })]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-volume-backup-declared", "metadata.backup-policy"),
        });
    });
});
