/**
 * Resuming a stopped run: the state edit that adopts pending creates (what `refresh --import-pending-creates`
 * does), and the OpenStack search covering every type the sample fleet creates. The search itself runs against the
 * acceptance cloud (test/acceptance/engineFleet.suite.ts kills a real `up` midway and resumes it).
 */
import { describe, expect, it } from "vitest";
import { LOOKUP_TYPES, lookupPendingCreate, type LookupSessions } from "../../clouds/openstack/pendingCreates";
import { adoptPendingCreates } from "../../engine/recovery";
import { renderStacks } from "../../offline/renderFleet";
import { tenantStacks } from "../../model";
import { repo } from "./scratchProject";

describe("adoptPendingCreates", () => {
    const subnet = {
        urn: "urn:pulumi:platform::watercloud::openstack:networking/subnet:Subnet::platform-mgmt",
        custom: true,
        type: "openstack:networking/subnet:Subnet",
        inputs: { name: "platform-mgmt", networkId: "n-1", cidr: "10.1.0.0/20" },
        provider: "urn:pulumi:platform::watercloud::pulumi:providers:openstack::default::p-1",
    };
    const router = {
        urn: "urn:pulumi:platform::watercloud::openstack:networking/router:Router::platform-edge",
        custom: true,
        type: "openstack:networking/router:Router",
        inputs: { name: "platform-edge" },
    };
    const network = {
        urn: "urn:pulumi:platform::watercloud::openstack:networking/network:Network::platform-net",
        type: "openstack:networking/network:Network",
        id: "n-1",
        inputs: {},
        outputs: { id: "n-1" },
    };
    const deployment = {
        manifest: { version: "3.274.1" },
        resources: [network],
        pending_operations: [
            { type: "creating", resource: subnet },
            { type: "creating", resource: router },
            { type: "deleting", resource: network },
        ],
    };

    it("moves the found creates into the resources, last, under their ids, with the sent inputs as outputs", () => {
        const out = adoptPendingCreates(deployment, new Map([[subnet.urn, "s-9"]]));
        expect(out.resources).toEqual([network, { ...subnet, id: "s-9", outputs: subnet.inputs }]);
        expect(out.pending_operations).toEqual([deployment.pending_operations[1], deployment.pending_operations[2]]);
        expect(out.manifest).toBe(deployment.manifest);
    });

    it("leaves a deployment with nothing found as it was", () => {
        expect(adoptPendingCreates(deployment, new Map())).toEqual(deployment);
    });
});

describe("the OpenStack search for pending creates", () => {
    it("knows every OpenStack type the sample fleet creates (a new type needs a search, or to be harmless to repeat)", async () => {
        const fleet = await renderStacks(repo, ["platform", ...tenantStacks(repo)]);
        const types = [
            ...new Set(fleet.flatMap((s) => s.resources.map((r) => r.type)).filter((t) => t.startsWith("openstack:"))),
        ].sort();
        expect(types.length).toBeGreaterThan(25);
        expect(types.filter((t) => !LOOKUP_TYPES.includes(t))).toEqual([]);
    }, 300_000);
});

describe("an object a stopped run made is adopted once it has left its building states", () => {
    /** A Trove instance found by name that reports BUILD twice, then ACTIVE; every request recorded. */
    function troveSessions(statuses: string[]) {
        const asked: string[] = [];
        const project = {
            projectId: "p-1",
            list: async (_t: string, path: string) => (
                asked.push(`list ${path}`),
                [{ id: "db-1", name: "mysql-shared-01" }]
            ),
            get: async (_t: string, path: string) => (
                asked.push(`get ${path}`),
                { instance: { status: statuses.shift() ?? "ACTIVE" } }
            ),
        };
        return { sessions: { admin: project, project } as unknown as LookupSessions, asked };
    }

    it("a Trove instance found while it builds is returned only once it is ACTIVE", async () => {
        const { sessions, asked } = troveSessions(["BUILD", "BUILD", "ACTIVE"]);
        expect(
            await lookupPendingCreate(sessions, "openstack:database/instance:Instance", { name: "mysql-shared-01" }, 1),
        ).toEqual({ kind: "found", ids: ["db-1"] });
        expect(asked).toEqual(["list /instances", "get /instances/db-1", "get /instances/db-1", "get /instances/db-1"]);
    });

    it("an instance that ended in ERROR is adopted as it is (the next update says what is wrong with it)", async () => {
        const { sessions } = troveSessions(["ERROR"]);
        expect(
            await lookupPendingCreate(sessions, "openstack:database/instance:Instance", { name: "mysql-shared-01" }, 1),
        ).toEqual({ kind: "found", ids: ["db-1"] });
    });
});
