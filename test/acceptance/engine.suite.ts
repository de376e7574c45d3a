/**
 * `watercloud drift` and `watercloud up` (in the operator's shell, operator.ts) on a deployed tenant of the
 * acceptance cloud after changes made behind the engine's back through OpenStack's own APIs: drift finds nothing on
 * a fresh deployment; a rule the stack manages deleted and a rule added by hand to one of its groups are reported
 * exactly, the first as the resource gone from the cloud, the second as something no stack manages; `up` puts the
 * deleted rule back, which Neutron then reports again; a host deleted through Nova is reported gone and booted again.
 * Then each security-relevant attribute of docs/drift.md's table: changed through the API that owns it (Neutron,
 * Nova, Barbican, Swift, Octavia, Trove), each on an object of its own and all at once, `drift` reports exactly those
 * properties with the stack's value and the cloud's, `up` restores them, and the APIs report them restored.
 * Registered after the fleet is up (deploy.suite.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftEntry, RunReport, StackResult } from "../../engine";
import type { DeployContext } from "./deploy.suite";
import { sleep, type Fleet } from "./fleet";
import { OpenStack } from "./openstack";
import { engineCommand, readText, status } from "./operator";
import { STATE_DIR } from "./pulumi";

export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    provider?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

const SG_RULE = "openstack:networking/secGroupRule:SecGroupRule";
const INSTANCE = "openstack:compute/instance:Instance";
const PORT = "openstack:networking/port:Port";
const SUBNET = "openstack:networking/subnet:Subnet";
const SEC_GROUP = "openstack:networking/secGroup:SecGroup";
const SECRET = "openstack:keymanager/secretV1:SecretV1";
const CONTAINER = "openstack:objectstorage/container:Container";
const POOL = "openstack:loadbalancer/pool:Pool";
const LISTENER = "openstack:loadbalancer/listener:Listener";
const CONFIGURATION = "openstack:database/configuration:Configuration";
const DB_INSTANCE = "openstack:database/instance:Instance";
const DB_USER = "openstack:database/user:User";
/** Nova's server tags need microversion 2.26. */
const NOVA_TAGS = { "OpenStack-API-Version": "compute 2.26" };

/** A stack's resources as the suite's file backend holds them. */
export function stateOf(stack: string): StateResource[] {
    const file = join(STATE_DIR, ".pulumi", "stacks", "watercloud", `${stack}.json`);
    return (
        (JSON.parse(readFileSync(file, "utf8")) as { checkpoint: { latest?: { resources?: StateResource[] } } })
            .checkpoint.latest?.resources ?? []
    );
}

/** The resource of `stack`'s state of this type whose URN ends with `::name`. */
function deployed(stack: string, type: string, name: string): StateResource {
    const r = stateOf(stack).find((x) => x.type === type && x.urn.endsWith(`::${name}`));
    if (!r?.id) throw new Error(`${stack} has no ${type} ${name} in its state`);
    return r;
}

const sortedNames = (v: unknown): unknown =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v].sort() : v;

/** A stack's drift entries in a fixed order, lists of names sorted (drift compares them as sets). */
function driftOf(s: StackResult): DriftEntry[] {
    return (s.drift ?? [])
        .map((d) => ({ ...d, stack: sortedNames(d.stack), cloud: sortedNames(d.cloud) }))
        .sort((a, b) => `${a.urn} ${a.property}`.localeCompare(`${b.urn} ${b.property}`));
}

/** Waits until Octavia has carried out the last change of a load balancer (it refuses the next one until then). */
async function octaviaReady(os: OpenStack, loadBalancer: string): Promise<void> {
    let status = "";
    for (let i = 0; i < 150 && status !== "ACTIVE"; i++) {
        if (i > 0) await sleep(2000);
        status = (await os.get("load-balancer", `/v2/lbaas/loadbalancers/${loadBalancer}`)).loadbalancer
            .provisioning_status;
    }
    expect(status, `load balancer ${loadBalancer}`).toBe("ACTIVE");
}

/** A Trove instance ACTIVE with no task: restarted first when a configuration change left it RESTART_REQUIRED. */
async function troveReady(os: OpenStack, id: string): Promise<void> {
    let status = (await os.get("database", `/instances/${id}`)).instance.status as string;
    if (status === "RESTART_REQUIRED") {
        await os.send("POST", "database", `/instances/${id}/action`, { restart: {} });
        status = "REBOOT";
    }
    for (let i = 0; i < 150 && status !== "ACTIVE"; i++) {
        await sleep(2000);
        status = (await os.get("database", `/instances/${id}`)).instance.status;
    }
    expect(status, `Trove instance ${id}`).toBe("ACTIVE");
}

export function engineSuite(fleet: Fleet, stack: string, ctx: DeployContext): void {
    /** The operation on a stack (this one unless named), as `watercloud OPERATION STACK --format json` reports it. */
    const engine = async (operation: string, s = stack): Promise<RunReport> => {
        const r = await engineCommand(ctx.root, operation, [s]);
        if (!r.report) throw new Error(`watercloud ${operation} ${s} gave no report (exit ${r.code}): ${r.stderr}`);
        return r.report;
    };

    describe(`the engine on ${stack}: drift, an out-of-band change, up`, () => {
        let deleted: StateResource | undefined;
        let added = "";
        afterAll(async () => {
            // A failed run must not leave the hand-made rule for the destroy to trip over.
            if (added) await fleet.admin.delete("network", `/v2.0/security-group-rules/${added}`);
        });

        it("watercloud drift: nothing, the cloud is what the stack says", async () => {
            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.errors, s.logFile).toEqual([]);
            expect(s.state, s.logFile).toBe("succeeded");
            expect(s.drift, s.logFile).toEqual([]);
            expect(s.unmanaged, s.logFile).toEqual([]);
            expect(r.exitCode).toBe(0);
        });

        it("a managed rule deleted and a rule added by hand through Neutron: drift reports exactly those two, exit 1", async () => {
            const rules = stateOf(stack).filter((r) => r.type === SG_RULE && r.outputs?.direction === "ingress");
            deleted = rules[0];
            expect(deleted?.id, `${stack} has no ingress rule in its state`).toBeTruthy();
            const group = String(deleted!.outputs!.securityGroupId);
            await fleet.admin.delete("network", `/v2.0/security-group-rules/${deleted!.id}`);
            const made = await fleet.admin.send<{ security_group_rule: { id: string } }>(
                "POST",
                "network",
                "/v2.0/security-group-rules",
                {
                    security_group_rule: {
                        security_group_id: group,
                        direction: "ingress",
                        ethertype: "IPv4",
                        protocol: "tcp",
                        port_range_min: 2222,
                        port_range_max: 2222,
                        remote_ip_prefix: "10.99.0.0/24",
                        description: "added by hand",
                    },
                },
            );
            added = made.security_group_rule.id;

            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.errors, s.logFile).toEqual([]);
            expect(s.drift, s.logFile).toEqual([
                { urn: deleted!.urn, type: SG_RULE, property: "(resource)", stack: "exists", cloud: "absent" },
            ]);
            expect(
                s.unmanaged?.map((u) => [u.kind, u.id]),
                s.logFile,
            ).toEqual([["security group rule", added]]);
            expect(s.unmanaged![0].description).toContain("2222");
            expect(r.exitCode).toBe(1);
        });

        it("watercloud up puts the deleted rule back (Neutron holds it again); drift then lists only the hand-made rule", async () => {
            const up = await engine("up");
            const u = up.stacks[0];
            expect(u.errors, u.logFile).toEqual([]);
            expect(u.state, u.logFile).toBe("succeeded");
            expect(u.changes.create, u.logFile).toBe(1);
            const back = stateOf(stack).find((r) => r.urn === deleted!.urn);
            expect(back?.id).toBeTruthy();
            const rule = (await fleet.admin.get("network", `/v2.0/security-group-rules/${back!.id}`))
                .security_group_rule;
            expect([rule.direction, rule.protocol, rule.port_range_min, rule.security_group_id]).toEqual([
                deleted!.outputs!.direction,
                deleted!.outputs!.protocol,
                deleted!.outputs!.portRangeMin,
                deleted!.outputs!.securityGroupId,
            ]);

            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.drift, s.logFile).toEqual([]);
            expect(
                s.unmanaged?.map((x) => x.id),
                s.logFile,
            ).toEqual([added]);
        });

        it("a host deleted through Nova: drift reports it gone (and what its deletion changed), up boots it again", async () => {
            const host = stateOf(stack).find((r) => r.type === INSTANCE)!;
            expect(host, `${stack} has no host`).toBeTruthy();
            // Deleted in the tenant's project, as its operators would: Cinder deletes the encrypted boot volume's key
            // in Barbican with the caller's token, and a token of another project may not (an admin-project token
            // left the volume in error_deleting: "Unable to delete encryption key for volume").
            const tenantOs = await OpenStack.connect(stack);
            await tenantOs.delete("compute", `/servers/${host.id}`);
            for (let i = 0; i < 60; i++) {
                const r = await tenantOs.request("GET", "compute", `/servers/${host.id}`);
                if (r.status === 404) break;
                await sleep(2000);
            }
            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.errors, s.logFile).toEqual([]);
            expect(
                s.drift!.filter((d) => d.urn === host.urn),
                s.logFile,
            ).toEqual([{ urn: host.urn, type: INSTANCE, property: "(resource)", stack: "exists", cloud: "absent" }]);
            // Whatever else drifted is what the host's deletion did to resources that named it (its port's device).
            const namedIt = new Set(
                stateOf(stack)
                    .filter((x) => JSON.stringify(x.outputs ?? {}).includes(host.id!))
                    .map((x) => x.urn),
            );
            expect(
                s.drift!.filter((d) => d.urn !== host.urn && !namedIt.has(d.urn)),
                s.logFile,
            ).toEqual([]);
            expect(r.exitCode).toBe(1);

            const up = await engine("up");
            expect(up.stacks[0].errors, up.stacks[0].logFile).toEqual([]);
            expect(up.stacks[0].state).toBe("succeeded");
            const again = stateOf(stack).find((x) => x.urn === host.urn)!;
            expect(again.id).not.toBe(host.id);
            let server: { status: string; name: string } = { status: "", name: "" };
            for (let i = 0; i < 60 && server.status !== "ACTIVE"; i++) {
                server = (await fleet.admin.get("compute", `/servers/${again.id}`)).server;
                if (server.status !== "ACTIVE") await sleep(2000);
            }
            expect([server.name, server.status]).toEqual([host.outputs!.name, "ACTIVE"]);
            const after = (await engine("drift")).stacks[0];
            expect(after.drift, after.logFile).toEqual([]);
        });

        it("watercloud status: the last update succeeded, the resources, the drift it last found, outputs without secrets", async () => {
            const st = (await status(ctx.root)).find((x) => x.stack === stack)!;
            expect(st.deployed).toBe(true);
            expect([st.lastOperation, st.result]).toEqual(["update", "succeeded"]);
            expect(st.resourceCount).toBe(
                stateOf(stack).filter(
                    (r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"),
                ).length,
            );
            // The last drift found only the hand-made rule.
            expect(st.drift).toBe("drifted (1)");
            expect(Object.keys(st.outputs).length).toBeGreaterThan(0);
        });
    });

    describe(`the engine on ${stack}, the platform and licensing: what the cloud enforces, changed through its APIs, is drift per property and up restores it`, () => {
        let tenant: OpenStack;
        let handMadeRule = "";
        let handMadePool: { id: string; loadBalancer: string } | undefined;
        beforeAll(async () => {
            tenant = await OpenStack.connect(stack);
        });
        afterAll(async () => {
            if (handMadeRule) await fleet.admin.delete("network", `/v2.0/security-group-rules/${handMadeRule}`);
            if (handMadePool) {
                await octaviaReady(tenant, handMadePool.loadBalancer);
                await tenant.delete("load-balancer", `/v2/lbaas/pools/${handMadePool.id}`);
            }
        });

        /** `watercloud drift S...` in one run: each stack ran; its entries and what it found unmanaged. */
        const drifted = async (...stacks: string[]): Promise<Map<string, StackResult>> => {
            const r = await engineCommand(ctx.root, "drift", stacks);
            if (!r.report) throw new Error(`watercloud drift gave no report (exit ${r.code}): ${r.stderr}`);
            for (const x of r.report.stacks) expect(x.errors, x.logFile).toEqual([]);
            expect(r.code).toBe(1);
            return new Map(r.report.stacks.map((x) => [x.stack, x]));
        };
        /**
         * `watercloud up S...` in one run: every stack succeeded, changing `updated` resources in place and replacing
         * only those `replaced` names (by the log's `+- TYPE NAME replaced` line), nothing else.
         */
        const restored = async (
            updated: Record<string, number>,
            replaced: Record<string, readonly string[]> = {},
        ): Promise<void> => {
            const r = await engineCommand(ctx.root, "up", Object.keys(updated));
            if (!r.report) throw new Error(`watercloud up gave no report (exit ${r.code}): ${r.stderr}`);
            for (const x of r.report.stacks) {
                expect([x.errors, x.state], x.logFile).toEqual([[], "succeeded"]);
                const expected = replaced[x.stack] ?? [];
                expect(
                    Object.keys(x.changes).filter((k) => k !== "update" && k !== "same"),
                    x.logFile,
                ).toEqual(expected.length > 0 ? ["replace"] : []);
                expect(x.changes.update, x.logFile).toBe(updated[x.stack]);
                expect(x.changes.replace ?? 0, x.logFile).toBe(expected.length);
                const log = readText(x.logFile!);
                for (const name of expected) expect(log, x.logFile).toMatch(new RegExp(`\\+- \\S+ ${name} replaced`));
            }
        };
        const port = async (id: string) => (await fleet.admin.get("network", `/v2.0/ports/${id}`)).port;
        const names = (xs: string[]) => [...xs].sort();

        // Every change is made at once, each to an object of its own, and judged by one drift and one up: what one
        // change per run would prove, in a fraction of the runs.
        it("ports, hosts, secrets, a container and a pool changed through Neutron, Nova, Barbican, Swift and Octavia: one drift reports exactly each property, one up restores them all, the APIs agree", async () => {
            const groupsOf = (p: StateResource) => names(p.outputs!.securityGroupIds as string[]);
            // Neutron: a port stripped of its groups; one with port security off too; an allowed address pair to the
            // world; a port moved into the web tier's subnet; a security label removed from a port.
            const stripped = deployed(stack, PORT, "portal-app-1-port");
            const unsecured = deployed(stack, PORT, "portal-app-3-port");
            const spoofing = deployed(stack, PORT, "portal-app-2-port");
            const moved = deployed(stack, PORT, "alerts-api-1-port");
            const unlabelled = deployed(stack, PORT, "alerts-api-2-port");
            const web = deployed(stack, SUBNET, "flood-control-web");
            const home = ((await port(moved.id!)).fixed_ips as { subnet_id: string }[]).map((f) => f.subnet_id);
            expect(home).not.toContain(web.id);
            const portTags = names(unlabelled.outputs!.tags as string[]);
            const portLabel = portTags.find((t) => t.startsWith("data-class="))!;
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${stripped.id}`, { port: { security_groups: [] } });
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${unsecured.id}`, {
                port: { security_groups: [], port_security_enabled: false },
            });
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${spoofing.id}`, {
                port: { allowed_address_pairs: [{ ip_address: "0.0.0.0/0" }] },
            });
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${moved.id}`, {
                port: { fixed_ips: [{ subnet_id: web.id }] },
            });
            await fleet.admin.delete("network", `/v2.0/ports/${unlabelled.id}/tags/${encodeURIComponent(portLabel)}`);
            const movedTo = (await port(moved.id!)).fixed_ips as { subnet_id: string; ip_address: string }[];
            // Nova: a host's metadata labels changed and removed; another host's tier tag removed.
            const relabelled = deployed(stack, INSTANCE, "portal-app-2");
            const hostLabels = relabelled.outputs!.metadata as Record<string, string>;
            await tenant.send("PUT", "compute", `/servers/${relabelled.id}/metadata/data-class`, {
                meta: { "data-class": "public" },
            });
            await tenant.delete("compute", `/servers/${relabelled.id}/metadata/owner`);
            const untiered = deployed(stack, INSTANCE, "portal-app-3");
            const hostTags = names(untiered.outputs!.tags as string[]);
            const tier = hostTags.find((t) => t.startsWith("tier="))!;
            expect(
                (
                    await tenant.request(
                        "DELETE",
                        "compute",
                        `/servers/${untiered.id}/tags/${encodeURIComponent(tier)}`,
                        NOVA_TAGS,
                    )
                ).status,
            ).toBe(204);
            // Barbican: a database grant's data-class label changed; another grant opened to the whole project.
            const grant = deployed(stack, SECRET, "portal-db-grant");
            const grantLabels = grant.outputs!.metadata as Record<string, string>;
            await tenant.send("PUT", "key-manager", `/v1/secrets/${grant.id}/metadata/data-class`, {
                key: "data-class",
                value: "public",
            });
            const opened = deployed(stack, SECRET, "alerts-db-grant");
            type Acl = { read: { projectAccess: boolean } };
            expect((opened.outputs!.acl as Acl).read.projectAccess).toBe(false);
            await tenant.send("PUT", "key-manager", `/v1/secrets/${opened.id}/acl`, {
                read: { "project-access": true },
            });
            // Swift: the archive container's label changed and made world-readable. Its off-site copy cannot be sent
            // elsewhere behind the engine's back: Swift refuses to change container sync on a versioned container
            // (400 "Cannot configure container sync on a container with object versioning configured"), so
            // containerSyncTo is enforced by the cloud itself and the provider's read of it is unit-tested instead.
            const c = deployed(stack, CONTAINER, "records-archive-container");
            const containerLabels = c.outputs!.metadata as Record<string, string>;
            const target = c.outputs!.containerSyncTo as string;
            const path = `/${encodeURIComponent(c.id!)}`;
            const swift = await tenant.request("POST", "object-store", path, {
                "X-Container-Meta-Data-Class": "public",
                "X-Container-Read": ".r:*,.rlistings",
            });
            expect(swift.status, `Swift: ${await swift.text()}`).toBe(204);
            // Octavia: the HTTPS listener pointed at a pool made by hand.
            const pool = deployed(stack, POOL, "portal-lb-https-443-pool");
            const listener = deployed(stack, LISTENER, "portal-lb-https-443");
            const loadBalancer = listener.outputs!.loadbalancerId as string;
            expect(pool.outputs!.listenerId).toBe(listener.id);
            const other = await tenant.send<{ pool: { id: string } }>("POST", "load-balancer", "/v2/lbaas/pools", {
                pool: {
                    loadbalancer_id: loadBalancer,
                    protocol: "HTTP",
                    lb_algorithm: "ROUND_ROBIN",
                    name: "made-by-hand",
                },
            });
            handMadePool = { id: other.pool.id, loadBalancer };
            await octaviaReady(tenant, loadBalancer);
            await tenant.send("PUT", "load-balancer", `/v2/lbaas/listeners/${listener.id}`, {
                listener: { default_pool_id: other.pool.id },
            });
            await octaviaReady(tenant, loadBalancer);
            // Neutron: an any-egress rule in a group the stack made without Neutron's default rules.
            const g = deployed(stack, SEC_GROUP, "flood-control-web-sg");
            expect(g.outputs!.deleteDefaultRules).toBe(true);
            handMadeRule = (
                await fleet.admin.send<{ security_group_rule: { id: string } }>(
                    "POST",
                    "network",
                    "/v2.0/security-group-rules",
                    {
                        security_group_rule: { security_group_id: g.id, direction: "egress", ethertype: "IPv4" },
                    },
                )
            ).security_group_rule.id;

            const s = (await drifted(stack)).get(stack)!;
            const d = driftOf(s);
            const acl = d.find((x) => x.urn === opened.urn)!;
            const pair = d.find((x) => x.urn === spoofing.urn)!;
            expect(
                d.filter((x) => x !== acl && x !== pair),
                s.logFile,
            ).toEqual(
                driftOf({
                    drift: [
                        {
                            urn: stripped.urn,
                            type: PORT,
                            property: "securityGroupIds",
                            stack: groupsOf(stripped),
                            cloud: [],
                        },
                        { urn: unsecured.urn, type: PORT, property: "portSecurityEnabled", stack: true, cloud: false },
                        {
                            urn: unsecured.urn,
                            type: PORT,
                            property: "securityGroupIds",
                            stack: groupsOf(unsecured),
                            cloud: [],
                        },
                        {
                            urn: moved.urn,
                            type: PORT,
                            property: "fixedIps",
                            stack: moved.outputs!.fixedIps,
                            cloud: movedTo.map((f) => ({ subnetId: f.subnet_id, ipAddress: f.ip_address })),
                        },
                        {
                            urn: unlabelled.urn,
                            type: PORT,
                            property: "tags",
                            stack: portTags,
                            cloud: portTags.filter((t) => t !== portLabel),
                        },
                        {
                            urn: relabelled.urn,
                            type: INSTANCE,
                            property: "metadata.data-class",
                            stack: hostLabels["data-class"],
                            cloud: "public",
                        },
                        {
                            urn: relabelled.urn,
                            type: INSTANCE,
                            property: "metadata.owner",
                            stack: hostLabels.owner,
                            cloud: null,
                        },
                        {
                            urn: untiered.urn,
                            type: INSTANCE,
                            property: "tags",
                            stack: hostTags,
                            cloud: hostTags.filter((t) => t !== tier),
                        },
                        {
                            urn: grant.urn,
                            type: SECRET,
                            property: "metadata.data-class",
                            stack: grantLabels["data-class"],
                            cloud: "public",
                        },
                        {
                            urn: c.urn,
                            type: CONTAINER,
                            property: "metadata.data-class",
                            stack: containerLabels["data-class"],
                            cloud: "public",
                        },
                        {
                            urn: c.urn,
                            type: CONTAINER,
                            property: "containerRead",
                            stack: c.outputs!.containerRead ?? null,
                            cloud: ".r:*,.rlistings",
                        },
                        { urn: pool.urn, type: POOL, property: "listenerId", stack: listener.id, cloud: "" },
                    ],
                } as StackResult),
            );
            expect([
                acl.property,
                (acl.stack as Acl).read.projectAccess,
                (acl.cloud as Acl).read.projectAccess,
            ]).toEqual(["acl", false, true]);
            expect([
                pair.property,
                pair.stack,
                (pair.cloud as { ipAddress: string }[]).map((a) => a.ipAddress),
            ]).toEqual(["allowedAddressPairs", [], ["0.0.0.0/0"]]);
            expect(s.unmanaged, s.logFile).toEqual([
                {
                    kind: "security group rule",
                    id: handMadeRule,
                    description: `egress IPv4 any protocol any port to anywhere in security group ${String(g.outputs!.name)}, which the stack made without Neutron's default rules`,
                },
            ]);

            // Up restores each resource in place (the moved port gets a new address in its own subnet, and the load
            // balancer's member for the host follows it: Octavia cannot change a member's address, so that member is
            // replaced); what no stack owns is the operator's to remove.
            await restored(
                { [stack]: new Set(d.map((x) => x.urn)).size },
                { [stack]: ["alerts-lb-https-443-alerts-api-1"] },
            );
            expect(names((await port(stripped.id!)).security_groups)).toEqual(groupsOf(stripped));
            const after = await port(unsecured.id!);
            expect([after.port_security_enabled, names(after.security_groups)]).toEqual([true, groupsOf(unsecured)]);
            expect((await port(spoofing.id!)).allowed_address_pairs).toEqual([]);
            expect(((await port(moved.id!)).fixed_ips as { subnet_id: string }[]).map((f) => f.subnet_id)).toEqual(
                home,
            );
            expect(names((await port(unlabelled.id!)).tags)).toEqual(portTags);
            const meta = (await tenant.get("compute", `/servers/${relabelled.id}/metadata`)).metadata;
            expect([meta["data-class"], meta.owner]).toEqual([hostLabels["data-class"], hostLabels.owner]);
            expect(names((await tenant.get("compute", `/servers/${untiered.id}/tags`, NOVA_TAGS)).tags)).toEqual(
                hostTags,
            );
            expect((await tenant.get("key-manager", `/v1/secrets/${grant.id}/metadata`)).metadata["data-class"]).toBe(
                grantLabels["data-class"],
            );
            expect((await tenant.get("key-manager", `/v1/secrets/${opened.id}/acl`)).read["project-access"]).toBe(
                false,
            );
            const head = (await tenant.request("HEAD", "object-store", path)).headers;
            expect([
                head.get("x-container-meta-data-class"),
                head.get("x-container-sync-to"),
                head.get("x-container-read"),
            ]).toEqual([containerLabels["data-class"], target, null]);
            expect(
                (await tenant.get("load-balancer", `/v2/lbaas/listeners/${listener.id}`)).listener.default_pool_id,
            ).toBe(pool.id);
            expect(
                (await fleet.admin.get("network", `/v2.0/security-group-rules/${handMadeRule}`)).security_group_rule.id,
            ).toBe(handMadeRule);
            await fleet.admin.delete("network", `/v2.0/security-group-rules/${handMadeRule}`);
            handMadeRule = "";
            await octaviaReady(tenant, loadBalancer);
            await tenant.delete("load-balancer", `/v2/lbaas/pools/${other.pool.id}`);
            handMadePool = undefined;
        });

        it("licensing's database account opened to any host and the shared MySQL's local_infile switched on (Trove): one drift of both stacks reports each, one up puts both back in place", async () => {
            const u = deployed("licensing", DB_USER, "permits-db-user");
            const { instanceId, name, host } = u.outputs as { instanceId: string; name: string; host: string };
            const hostOf = async () =>
                (
                    (await fleet.admin.get("database", `/instances/${instanceId}/users`)).users as {
                        name: string;
                        host: string;
                    }[]
                ).find((x) => x.name === name)?.host;
            expect(await hostOf()).toBe(host);
            await fleet.admin.send(
                "PUT",
                "database",
                `/instances/${instanceId}/users/${encodeURIComponent(`${name}@${host}`)}`,
                { user: { host: "%" } },
            );
            for (let i = 0; i < 60 && (await hostOf()) !== "%"; i++) await sleep(2000);
            const cfg = deployed("platform", CONFIGURATION, "mysql-shared-01-config");
            const configured = cfg.outputs!.configurations as { name: string; value: string }[];
            expect(configured.find((v) => v.name === "local_infile")?.value).toBe("0");
            await fleet.admin.send("PATCH", "database", `/configurations/${cfg.id}`, {
                configuration: { values: { local_infile: 1 } },
            });

            const found = await drifted("platform", "licensing");
            expect(driftOf(found.get("licensing")!)).toEqual([
                { urn: u.urn, type: DB_USER, property: "host", stack: host, cloud: "%" },
            ]);
            expect(driftOf(found.get("platform")!)).toEqual([
                {
                    urn: cfg.urn,
                    type: CONFIGURATION,
                    property: "configurations",
                    stack: configured,
                    cloud: configured.map((v) => (v.name === "local_infile" ? { ...v, value: "1" } : v)),
                },
            ]);
            await restored({ platform: 1, licensing: 1 });
            expect(await hostOf()).toBe(host);
            const group = (await fleet.admin.get("database", `/configurations/${cfg.id}`)).configuration;
            expect([group.id, group.values.local_infile]).toEqual([cfg.id, 0]);
        });

        it("the shared MySQL instance's configuration group detached (Trove): drift reports configurationId, up attaches it again", async () => {
            const db = deployed("platform", DB_INSTANCE, "mysql-shared-01-instance");
            const attached = db.outputs!.configurationId as string;
            expect(attached).toBeTruthy();
            // Trove refuses to detach or attach while a restart is pending; an operator restarts first, as here.
            await troveReady(fleet.admin, db.id!);
            await fleet.admin.send("PUT", "database", `/instances/${db.id}`, { instance: { configuration: null } });
            expect(
                (await fleet.admin.get("database", `/instances/${db.id}`)).instance.configuration ?? null,
            ).toBeNull();
            await troveReady(fleet.admin, db.id!);
            expect(driftOf((await drifted("platform")).get("platform")!)).toEqual([
                { urn: db.urn, type: DB_INSTANCE, property: "configurationId", stack: attached, cloud: "" },
            ]);
            await restored({ platform: 1 });
            expect((await fleet.admin.get("database", `/instances/${db.id}`)).instance.configuration?.id).toBe(
                attached,
            );
        });

        it("after the restores, drift of the three stacks finds nothing", async () => {
            const r = await engineCommand(ctx.root, "drift", [stack, "licensing", "platform"]);
            for (const x of r.report!.stacks)
                expect([x.drift, x.unmanaged ?? []], `${x.stack} ${x.logFile}`).toEqual([[], []]);
            expect(r.code).toBe(0);
        });
    });
}
