import {
    blockstorage,
    compute,
    identity,
    images,
    keymanager,
    loadbalancer,
    networking,
    objectstorage,
} from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { quotaDefined } from "../../../policies/rules/common/quotaDefined";
import { resourceRequiredTags, TAGGABLE } from "../../../policies/rules/common/resourceRequiredTags";
import { brief, createResourceValidationArgs, run, runResourcePolicy, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

describe("os-quota-defined", () => {
    it("passes bounded quotas of every quota type", async () => {
        const f = await run(quotaDefined, [
            snap(compute.QuotaSetV2, "compute", {
                projectId: "p",
                region: "cn-east-1",
                cores: 64,
                ram: 131072,
                instances: 20,
            }),
            snap(networking.QuotaV2, "network", { projectId: "p", port: 200, floatingip: 2 }),
            snap(blockstorage.QuoteSetV3, "volume", {
                projectId: "p",
                gigabytes: 4000,
                volumeTypeQuota: { "volumes_encrypted-ssd": 50 },
            }),
            snap(loadbalancer.Quota, "lb", { projectId: "p", loadbalancer: 4, member: 40 }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports every unlimited limit, per-volume-type limits included", async () => {
        const f = await run(quotaDefined, [
            snap(compute.QuotaSetV2, "compute", { projectId: "p", cores: -1, ram: 1024, instances: -1 }),
            snap(blockstorage.QuoteSetV3, "volume", {
                projectId: "p",
                gigabytes: 100,
                volumeTypeQuota: { volumes_ssd: -1, gigabytes_ssd: "-1", snapshots_ssd: 10 },
            }),
            snap(loadbalancer.Quota, "lb", { projectId: "p", listener: -1 }),
        ]);
        expect(brief(f)).toEqual([
            ["os-quota-defined", "compute", "unlimited (-1): cores, instances."],
            [
                "os-quota-defined",
                "volume",
                "unlimited (-1): volumeTypeQuota.volumes_ssd, volumeTypeQuota.gigabytes_ssd.",
            ],
            ["os-quota-defined", "lb", "unlimited (-1): listener."],
        ]);
    });
    it("decides a quota whose project is created in the same stack (projectId unknown at preview)", async () => {
        const project = snap(identity.Project, "tenant", { name: "tenant", tags: tags() });
        const ok = snap(
            networking.QuotaV2,
            "ok",
            { projectId: UNKNOWN, region: UNKNOWN, port: 100 },
            { deps: { projectId: [project] } },
        );
        const bad = snap(
            networking.QuotaV2,
            "bad",
            { projectId: UNKNOWN, router: -1 },
            { deps: { projectId: [project] } },
        );
        expect(brief(await run(quotaDefined, [project, ok, bad]))).toEqual([
            ["os-quota-defined", "bad", "unlimited (-1): router."],
        ]);
    });
    it("cannot evaluate an unknown limit", async () => {
        const [f] = await run(quotaDefined, [snap(compute.QuotaSetV2, "q", { projectId: "p", cores: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "q",
            message: preview("os-quota-defined", "cores"),
        });
    });
    it("declines other types (unit args)", async () => {
        const args = createResourceValidationArgs(compute.Instance, { cores: -1 });
        await expect(runResourcePolicy(quotaDefined, args)).rejects.toThrow(
            "Policy only applies to resources of types 'openstack:compute/quotaSetV2:QuotaSetV2'",
        );
    });
});

describe("os-resource-required-tags", () => {
    it("covers every taggable type", () => {
        expect(resourceRequiredTags.resourceTypes).toHaveLength(TAGGABLE.length);
        expect(resourceRequiredTags.resourceTypes).toContain("openstack:images/image:Image");
    });
    it("passes labels in tags, in metadata and in image properties", async () => {
        const labels = {
            tenant: "flood-control",
            tier: "data",
            "data-class": "sensitive",
            owner: "flood-it",
            "mlps-level": "3",
        };
        const f = await run(resourceRequiredTags, [
            snap(compute.Instance, "vm", { tags: tags() }),
            snap(blockstorage.Volume, "vol", { size: 10, metadata: labels }),
            snap(keymanager.SecretV1, "key", { metadata: labels }),
            snap(images.Image, "img", { properties: labels }),
            snap(objectstorage.Container, "bucket", { metadata: { ...labels, tier: "app" } }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports missing and empty labels (in the order of the rule's types)", async () => {
        const f = await run(resourceRequiredTags, [
            snap(objectstorage.Container, "bucket", { metadata: { tenant: "flood-control", tier: "data" } }),
            snap(networking.Network, "net", { tags: ["tenant=flood-control", "tier=app", "owner="] }),
            snap(images.Image, "img", {
                properties: {
                    tenant: "flood-control",
                    tier: "mgmt",
                    "data-class": "internal",
                    owner: "",
                    "mlps-level": "3",
                },
            }),
            snap(identity.Project, "proj", {}),
        ]);
        expect(brief(f)).toEqual([
            ["os-resource-required-tags", "bucket", "missing labels: data-class, owner, mlps-level."],
            ["os-resource-required-tags", "net", "missing labels: data-class, owner, mlps-level."],
            ["os-resource-required-tags", "img", "missing labels: owner."],
            ["os-resource-required-tags", "proj", "missing labels: tenant, tier, data-class, owner, mlps-level."],
        ]);
        expect(f[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "low", clause: "8.1.4.2 g; 8.1.10.2" });
    });
    it("cannot evaluate unknown tags or image properties", async () => {
        const [a] = await run(resourceRequiredTags, [snap(networking.Port, "p", { tags: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-resource-required-tags", "tags") });
        const [b] = await run(resourceRequiredTags, [snap(images.Image, "img", { properties: UNKNOWN })]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-resource-required-tags", "properties"),
        });
    });
});
