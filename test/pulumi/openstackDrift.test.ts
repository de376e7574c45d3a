/**
 * What a refresh reads through the project's bridged OpenStack plugin (scripts/pulumi/providers/openstack/provider/
 * reads.go), under the real engine, against a loopback stand-in for Keystone, Neutron, Swift and Trove
 * (fakeOpenStack.ts): a port, a container, a configuration group and a database user made by `pulumi up`; then
 * changed behind the engine's back as an operator would through the APIs. `pulumi refresh --preview-only` (what
 * `watercloud drift` runs) must show each change per property, as the engine's drift reads its events; `pulumi up
 * --refresh` (what `watercloud up` runs) must put each back through the APIs. Without reads.go the refresh reports
 * nothing and up sends nothing: the Terraform provider keeps the configured values on read.
 */
import { rmSync } from "node:fs";
import { LocalWorkspace, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEnv, pulumiCommand } from "../../engine/cli";
import { driftFromEvent } from "../../engine/drift";
import type { DriftEntry } from "../../engine/types";
import { pulumiOk, requirePulumi, scratchProject } from "./pulumi";
import { FakeOpenStack } from "./fakeOpenStack";

const program = `import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";

const provider = new openstack.Provider("tenant", {
    authUrl: process.env.FAKE_OPENSTACK + "/v3", region: "RegionOne", userName: "deployer", password: "not-a-real-one",
    tenantName: "tenant", userDomainName: "Default", projectDomainName: "Default",
});
const opts = { provider };
new openstack.networking.Port("app-port", {
    name: "app-1-port", networkId: "net-1", securityGroupIds: ["sg-app", "sg-bastion"], fixedIps: [{ subnetId: "subnet-app" }],
    portSecurityEnabled: true, tags: ["tier=app", "data-class=sensitive"],
}, opts);
new openstack.objectstorage.Container("records", {
    name: "records", metadata: { "data-class": "critical", tier: "data", owner: "flood-it" },
    containerSyncTo: "//watercloud/cn-east-2/AUTH_fake/records", storagePolicy: "cn-3replica", versioning: true,
}, opts);
new openstack.database.Configuration("mysql-secure", {
    name: "mysql-secure", description: "the site's secure MySQL settings", datastore: { type: "mysql", version: "8.0" },
    configurations: [{ name: "local_infile", value: "0" }, { name: "max_connect_errors", value: "10" }, { name: "performance_schema", value: "true" }],
}, opts);
new openstack.database.User("app-user", { instanceId: "db-1", name: "app", password: pulumi.secret("Wc9-app-password-Aa1#"), host: "10.24.%", databases: ["app_db"] }, opts);
`;

const PORT = "openstack:networking/port:Port";
const CONTAINER = "openstack:objectstorage/container:Container";
const CONFIGURATION = "openstack:database/configuration:Configuration";
const USER = "openstack:database/user:User";

const cloud = new FakeOpenStack();
let dir = "";
let stack: Stack;
let log = "";
const output = { onOutput: (s: string) => (log += s), onError: (s: string) => (log += s) };

/** Runs an operation; the engine's own words (and what the stand-in could not answer) on failure. */
async function run<T>(what: Promise<T>): Promise<T> {
    try {
        return await what;
    } catch (e) {
        throw new Error(`${String(e)}\n${log}\nunanswered: ${cloud.unanswered.join(", ")}`, { cause: e });
    }
}

/** What `watercloud drift` runs (`refresh --preview-only`), read as the engine reads it; arrays sorted for comparing. */
async function drift(): Promise<Omit<DriftEntry, "urn">[]> {
    const events: EngineEvent[] = [];
    await run(stack.previewRefresh({ ...output, onEvent: (e) => events.push(e) }));
    const sorted = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v].sort() : v);
    return events
        .flatMap(driftFromEvent)
        .map(({ type, property, stack: s, cloud: c }) => ({ type, property, stack: sorted(s), cloud: sorted(c) }))
        .sort((a, b) => `${a.type} ${a.property}`.localeCompare(`${b.type} ${b.property}`));
}

describe("refresh reads what the cloud enforces through the bridged OpenStack plugin (a stand-in cloud)", () => {
    beforeAll(async () => {
        requirePulumi("openstack");
        await cloud.start();
        dir = scratchProject("openstack-drift", "scratch-openstack-drift", {
            "Pulumi.yaml": "name: scratch-openstack-drift\nruntime: nodejs\nmain: index.ts\n",
            "index.ts": program,
        });
        pulumiOk(dir, ["stack", "init", "dev", "--non-interactive"]);
        const envVars = engineEnv({
            PULUMI_BACKEND_URL: `file://${dir}/state`,
            PULUMI_CONFIG_PASSPHRASE: "watercloud-local-preview",
            FAKE_OPENSTACK: cloud.url,
        });
        stack = await LocalWorkspace.selectStack(
            { stackName: "dev", workDir: dir },
            { pulumiCommand: await pulumiCommand(), envVars },
        );
        await run(stack.up(output));
    }, 300_000);

    afterAll(async () => {
        if (stack) await stack.destroy().catch(() => undefined);
        if (dir) rmSync(dir, { recursive: true, force: true });
        await cloud.stop();
    }, 300_000);

    it("what up made reads back as the stack says: no drift", async () => {
        expect(cloud.unanswered).toEqual([]);
        expect(await drift()).toEqual([]);
    }, 120_000);

    it("changes made through the APIs are drift, each property with the stack's value and the cloud's", async () => {
        const port = [...cloud.ports.values()][0]!;
        port.security_groups = [];
        port.fixed_ips = [{ subnet_id: "subnet-web", ip_address: "10.20.0.99" }];
        port.tags = ["tier=app", "added-by-hand"];
        const container = cloud.containers.get("records")!;
        container.headers["x-container-meta-data-class"] = "public";
        container.headers["x-container-meta-added-by-hand"] = "x";
        container.headers["x-container-sync-to"] = "//elsewhere/other/AUTH_x/copy";
        const group = [...cloud.configurations.values()][0]!;
        group.values.local_infile = 1;
        group.values.skip_name_resolve = "OFF";
        cloud.users.get("db-1")![0]!.host = "%";

        expect(await drift()).toEqual([
            {
                type: CONFIGURATION,
                property: "configurations",
                stack: [
                    { name: "local_infile", value: "0", stringType: false },
                    { name: "max_connect_errors", value: "10", stringType: false },
                    { name: "performance_schema", value: "true", stringType: false },
                ],
                cloud: [
                    { name: "local_infile", value: "1", stringType: false },
                    { name: "max_connect_errors", value: "10", stringType: false },
                    { name: "performance_schema", value: "true", stringType: false },
                    { name: "skip_name_resolve", value: "OFF", stringType: true },
                ],
            },
            { type: USER, property: "host", stack: "10.24.%", cloud: "%" },
            {
                type: PORT,
                property: "fixedIps",
                stack: [{ subnetId: "subnet-app", ipAddress: "" }],
                cloud: [{ subnetId: "subnet-web", ipAddress: "10.20.0.99" }],
            },
            { type: PORT, property: "securityGroupIds", stack: ["sg-app", "sg-bastion"], cloud: [] },
            { type: PORT, property: "tags", stack: ["data-class=sensitive", "tier=app"], cloud: ["tier=app"] },
            {
                type: CONTAINER,
                property: "containerSyncTo",
                stack: "//watercloud/cn-east-2/AUTH_fake/records",
                cloud: "//elsewhere/other/AUTH_x/copy",
            },
            { type: CONTAINER, property: "metadata.data-class", stack: "critical", cloud: "public" },
        ]);
    }, 120_000);

    it("up --refresh puts each back through the APIs, and the cloud then reads as the stack says", async () => {
        cloud.requests.length = 0;
        log = "";
        await run(stack.up({ ...output, refresh: true }));
        const port = [...cloud.ports.values()][0]!;
        expect(port.security_groups.sort()).toEqual(["sg-app", "sg-bastion"]);
        expect(port.fixed_ips.map((f) => f.subnet_id)).toEqual(["subnet-app"]);
        expect(port.tags.sort()).toEqual(["added-by-hand", "data-class=sensitive", "tier=app"]);
        const container = cloud.containers.get("records")!;
        expect([
            container.headers["x-container-meta-data-class"],
            container.headers["x-container-sync-to"],
            container.headers["x-container-meta-added-by-hand"],
        ]).toEqual(["critical", "//watercloud/cn-east-2/AUTH_fake/records", "x"]);
        expect([...cloud.configurations.values()][0]!.values).toEqual({
            local_infile: 0,
            max_connect_errors: 10,
            performance_schema: true,
        });
        expect(cloud.users.get("db-1")).toEqual([{ name: "app", host: "10.24.%", databases: [{ name: "app_db" }] }]);
        // In place: no object was made again or deleted.
        expect(
            cloud
                .changes()
                .map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, "ID")}`)
                .sort(),
        ).toEqual(
            [
                "POST /swift/v1/AUTH_fake/records",
                "PUT /network/v2.0/ports/ID",
                "PUT /network/v2.0/ports/ID/tags",
                "PUT /trove/v1.0/fake/configurations/ID",
                "PUT /trove/v1.0/fake/instances/db-1/users/app@%25",
            ].sort(),
        );
        expect(await drift()).toEqual([]);
    }, 300_000);
});
