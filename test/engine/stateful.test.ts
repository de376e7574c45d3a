/**
 * The stateful gate's reading of a plan: which steps lose data, whose service they are, and what `up` says when it
 * refuses them. The events are shaped as the engine sends them (op, urn, type, keys, old state, provider).
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { StatefulChanges, judgeStateful } from "../../engine/stateful";

const URN = "urn:pulumi:licensing::watercloud::";
const PROVIDER = `${URN}pulumi:providers:openstack::platform-provider::0c1d`;

function step(op: string, type: string, urn: string, extra: Record<string, unknown> = {}): EngineEvent {
    return {
        sequence: 1,
        timestamp: 0,
        resourcePreEvent: {
            metadata: {
                op,
                urn,
                type,
                provider: PROVIDER,
                old: { type, urn, id: `${type}-id`, parent: "", provider: PROVIDER, inputs: { instanceId: "inst-1" } },
                ...extra,
            },
        },
    } as unknown as EngineEvent;
}

const DB = `${URN}watercloud:database:TenantDatabase$openstack:database/database:Database::permits-db-db`;
const USER = `${URN}watercloud:database:TenantDatabase$openstack:database/user:User::permits-db-user`;
const VOL = `${URN}watercloud:storage:BlockVolume$openstack:blockstorage/volume:Volume::archive-data-vol-0`;
const NET = `${URN}watercloud:network:TenantNetwork$openstack:networking/network:Network::licensing-net`;

function plan(): StatefulChanges {
    const changes = new StatefulChanges();
    for (const e of [
        step("delete", "openstack:database/database:Database", DB),
        step("delete", "openstack:database/user:User", USER),
        step("create-replacement", "openstack:blockstorage/volume:Volume", VOL),
        step("replace", "openstack:blockstorage/volume:Volume", VOL, { keys: ["volumeType"] }),
        step("delete-replaced", "openstack:blockstorage/volume:Volume", VOL),
        step("delete", "openstack:networking/network:Network", NET),
        step("same", "openstack:database/instance:Instance", `${URN}openstack:database/instance:Instance::x`),
    ])
        changes.event(e);
    return changes;
}

describe("the stateful gate", () => {
    it("reads deletions and replacements of stateful resources only, each once, with its service", () => {
        const changes = plan().attributed(["permits", "archive", "archive-data"]);
        expect(changes.map((c) => [c.name, c.service, c.change, c.replaceKeys, c.id])).toEqual([
            ["permits-db-db", "permits", "delete", [], "openstack:database/database:Database-id"],
            ["permits-db-user", "permits", "delete", [], "openstack:database/user:User-id"],
            [
                "archive-data-vol-0",
                "archive-data",
                "replace",
                ["volumeType"],
                "openstack:blockstorage/volume:Volume-id",
            ],
        ]);
        expect(changes[0]!.provider).toBe(PROVIDER);
        expect(changes[0]!.inputs).toEqual({ instanceId: "inst-1" });
    });

    it("refuses what the file does not retire, naming each resource, its service and the change", () => {
        const verdict = judgeStateful("licensing", plan().attributed(["permits", "archive-data"]), new Set());
        expect(verdict.messages).toEqual([
            "refused: the plan would lose data: 3 stateful resources deleted or replaced, nothing was changed",
            "  database on a shared Trove cluster permits-db-db of service 'permits' would be deleted (openstack:database/database:Database)",
            "  database user on a shared Trove cluster permits-db-user of service 'permits' would be deleted (openstack:database/user:User)",
            "  Cinder volume archive-data-vol-0 of service 'archive-data' would be replaced (the old one deleted): a change of volumeType forces it (openstack:blockstorage/volume:Volume)",
            "to delete a service's data on purpose, retire it in stacks/Pulumi.licensing.yaml: watercloud:retire: [{ service: permits, reason: ... }] (a retirement backs its data up first); otherwise put the service back in watercloud:services",
            "a replacement keeps the service but not its data: leave the property that forces it as deployed, or move the data to a new service and retire the old one",
        ]);
        expect(verdict.retiring).toEqual([]);
    });

    it("a retired service's deletions pass to their backups; a replacement never does", () => {
        const verdict = judgeStateful(
            "licensing",
            plan().attributed(["permits", "archive-data"]),
            new Set(["permits", "archive-data"]),
        );
        expect(verdict.retiring.map((c) => c.name)).toEqual(["permits-db-db", "permits-db-user"]);
        expect(verdict.refused.map((c) => c.name)).toEqual(["archive-data-vol-0"]);
        const all = judgeStateful("licensing", plan().attributed(["permits"]).slice(0, 2), new Set(["permits"]));
        expect(all).toEqual({ refused: [], retiring: all.retiring, messages: [] });
        expect(all.retiring).toHaveLength(2);
    });

    it("the platform's own stateful resources have no service and are always refused", () => {
        const verdict = judgeStateful("platform", plan().attributed([]).slice(0, 1), new Set());
        expect(verdict.messages).toEqual([
            "refused: the plan would lose data: 1 stateful resource deleted or replaced, nothing was changed",
            "  database on a shared Trove cluster permits-db-db of the stack would be deleted (openstack:database/database:Database)",
            "a resource of no tenant service cannot be retired in a stack file: keep it as deployed (only `watercloud destroy` deletes the platform's data)",
        ]);
    });
});
