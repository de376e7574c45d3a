import { objectstorage } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { ResourceSnapshot, UNKNOWN } from "../../../policies/evaluate";
import { containerNoPublicRead, publicReadGrants } from "../../../policies/rules/objectstorage/containerNoPublicRead";
import { containerNoPublicWrite } from "../../../policies/rules/objectstorage/containerNoPublicWrite";
import { containerOffsiteSync, syncSite } from "../../../policies/rules/objectstorage/containerOffsiteSync";
import { containerStoragePolicy } from "../../../policies/rules/objectstorage/containerStoragePolicy";
import { containerVersioning } from "../../../policies/rules/objectstorage/containerVersioning";
import { brief, run, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const container = (name: string, props: Record<string, unknown>) =>
    snap(objectstorage.Container, name, {
        storagePolicy: "cn-3replica",
        versioning: true,
        tags: tags({ tier: "data" }),
        ...props,
    });

/** A tenant provider naming its project, and a container created through it. */
function withProvider(c: ResourceSnapshot, providerProps: Record<string, unknown>): ResourceSnapshot[] {
    const provider = snap(undefined, "tenant", providerProps, { type: "pulumi:providers:openstack" });
    return [provider, { ...c, provider: `${provider.urn}::${provider.id}` }];
}

describe("os-container-no-public-read", () => {
    it("finds the grants, and not referrer denials", () => {
        expect(publicReadGrants(".r:*, .rlistings, proj:user")).toEqual([".r:*", ".rlistings"]);
        expect(publicReadGrants(".referrer:*,.ref:example.cn,.referer:x")).toEqual([
            ".referrer:*",
            ".ref:example.cn",
            ".referer:x",
        ]);
        expect(publicReadGrants(".r:-evil.example, p1:u1")).toEqual([]);
    });
    it("passes named project:user grants and no ACL", async () => {
        expect(
            await run(containerNoPublicRead, [
                container("named", { containerRead: "proj-a:user-1,proj-a:user-2" }),
                container("none", {}),
            ]),
        ).toEqual([]);
    });
    it("reports anonymous, referrer (any spelling) and any-account read", async () => {
        const f = await run(containerNoPublicRead, [
            container("web", { containerRead: ".r:*,.rlistings" }),
            container("ref", { containerRead: ".referrer:portal.example.cn, .r:-bad.example" }),
            container("any", { containerRead: "*:*" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-container-no-public-read",
                "web",
                "containerRead grants .r:*, .rlistings: the container is readable without authorisation.",
            ],
            [
                "os-container-no-public-read",
                "ref",
                "containerRead grants .referrer:portal.example.cn: the container is readable without authorisation.",
            ],
            [
                "os-container-no-public-read",
                "any",
                "containerRead grants *:*: the container is readable without authorisation.",
            ],
        ]);
        expect(f[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "critical" });
    });
    it("cannot evaluate an unknown read ACL", async () => {
        const [f] = await run(containerNoPublicRead, [container("c", { containerRead: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-container-no-public-read", "containerRead"),
        });
    });
});

describe("os-container-no-public-write", () => {
    it("passes the owning project's users and roles, and no ACL", async () => {
        const f = await run(containerNoPublicWrite, [
            ...withProvider(container("own", { containerWrite: "proj-a:user-1, proj-a:*, swiftoperator" }), {
                tenantId: "proj-a",
            }),
            container("none", {}),
            container("empty", { containerWrite: "" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports wildcards and referrers; other projects when the provider names the own one", async () => {
        const f = await run(containerNoPublicWrite, [
            container("wild", { containerWrite: "*, *:user-9, .ref:*, other:user" }),
            ...withProvider(container("cross", { containerWrite: "proj-a:user-1, proj-b:user-2, proj-c:*" }), {
                projectId: "proj-a",
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-container-no-public-write",
                "wild",
                "containerWrite grants *, *:user-9, .ref:*: others can change or delete the stored data.",
            ],
            [
                "os-container-no-public-write",
                "cross",
                "containerWrite grants proj-b:user-2, proj-c:*: others can change or delete the stored data.",
            ],
        ]);
    });
    it("cannot evaluate an unknown write ACL or an unknown provider project", async () => {
        const [a] = await run(containerNoPublicWrite, [container("c", { containerWrite: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-container-no-public-write", "containerWrite"),
        });
        const [b] = await run(
            containerNoPublicWrite,
            withProvider(container("c", { containerWrite: "p:u" }), { tenantId: UNKNOWN }),
        );
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "c",
            message: preview("os-container-no-public-write", "tenantId"),
        });
    });
});

describe("os-container-versioning", () => {
    it("passes versioned data, audit and backup containers, and unversioned app containers", async () => {
        const f = await run(containerVersioning, [
            container("data", {}),
            container("audit", {
                versioning: undefined,
                tags: tags({ tier: "mgmt", role: "audit-sink" }),
                versioningLegacy: { type: "versions", location: "audit-versions" },
            }),
            container("backup", { tags: tags({ tier: "mgmt", role: "backup" }) }),
            container("static", { versioning: false, tags: tags({ tier: "web" }) }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports unversioned data, audit and backup containers", async () => {
        const f = await run(containerVersioning, [
            container("data", { versioning: false }),
            container("sink", { versioning: undefined, tags: tags({ tier: "mgmt", role: "audit" }) }),
            container("bk", { versioning: undefined, tags: undefined, metadata: { role: "backup" } }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-container-versioning",
                "data",
                "the data container does not keep versions: a delete or overwrite cannot be undone.",
            ],
            [
                "os-container-versioning",
                "sink",
                "the audit container does not keep versions: a delete or overwrite cannot be undone.",
            ],
            [
                "os-container-versioning",
                "bk",
                "the backup container does not keep versions: a delete or overwrite cannot be undone.",
            ],
        ]);
    });
    it("cannot evaluate unknown tags or versioning", async () => {
        const [a] = await run(containerVersioning, [container("c", { tags: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-container-versioning", "tags") });
        const [b] = await run(containerVersioning, [container("c", { versioning: UNKNOWN })]);
        expect(b.message).toBe(preview("os-container-versioning", "versioning"));
    });
});

describe("os-container-storage-policy", () => {
    it("passes approved policies", async () => {
        expect(
            await run(containerStoragePolicy, [container("a", {}), container("b", { storagePolicy: "cn-ec-2site" })]),
        ).toEqual([]);
    });
    it("reports an unapproved and a missing policy", async () => {
        const f = await run(containerStoragePolicy, [
            container("single", { storagePolicy: "single-replica" }),
            container("default", { storagePolicy: undefined }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-container-storage-policy",
                "single",
                'storagePolicy "single-replica" is not approved (use cn-3replica, cn-ec-2site).',
            ],
            [
                "os-container-storage-policy",
                "default",
                "storagePolicy is not set: the cluster default may not be replicated in country (use cn-3replica, cn-ec-2site).",
            ],
        ]);
    });
    it("reads the approved policies from config", async () => {
        expect(
            brief(await run(containerStoragePolicy, [container("a", {})], { approvedStoragePolicies: ["gold"] })),
        ).toEqual([["os-container-storage-policy", "a", 'storagePolicy "cn-3replica" is not approved (use gold).']]);
    });
    it("cannot evaluate an unknown policy", async () => {
        const [f] = await run(containerStoragePolicy, [container("c", { storagePolicy: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-container-storage-policy", "storagePolicy"),
        });
    });
});

describe("os-container-offsite-sync", () => {
    const critical = (name: string, props: Record<string, unknown>) =>
        container(name, {
            tags: tags({ tier: "data", "data-class": "critical" }),
            containerSyncTo: "//dr/cn-east-2/AUTH_flood/records",
            containerSyncKey: "k3y",
            ...props,
        });
    it("reads the site from a sync target", () => {
        expect(syncSite("//dr/cn-east-2/AUTH_flood/records")).toBe("cn-east-2");
        expect(syncSite("cn-east-2")).toBeUndefined();
    });
    it("passes critical containers synced to the backup site, and ignores other data classes", async () => {
        expect(await run(containerOffsiteSync, [critical("records", {}), container("internal", {})])).toEqual([]);
    });
    it("reports no sync, a sync to another site and a missing key, advisory", async () => {
        const f = await run(containerOffsiteSync, [
            critical("nosync", { containerSyncTo: undefined }),
            critical("local", { containerSyncTo: "//dr/cn-east-1/AUTH_flood/records", containerSyncKey: undefined }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-container-offsite-sync",
                "nosync",
                "the critical-data container does not sync off site (containerSyncTo is not set; the backup site is cn-east-2).",
            ],
            [
                "os-container-offsite-sync",
                "local",
                'containerSyncTo "//dr/cn-east-1/AUTH_flood/records" does not point at the backup site cn-east-2.',
            ],
            ["os-container-offsite-sync", "local", "containerSyncKey is not set."],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("reads the backup site from config", async () => {
        expect(
            await run(
                containerOffsiteSync,
                [critical("records", { containerSyncTo: "//dr/cn-north-1/AUTH_flood/records" })],
                { backupTarget: "cn-north-1" },
            ),
        ).toEqual([]);
    });
    it("cannot evaluate an unknown sync target", async () => {
        const [f] = await run(containerOffsiteSync, [critical("c", { containerSyncTo: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-container-offsite-sync", "containerSyncTo"),
        });
    });
});
