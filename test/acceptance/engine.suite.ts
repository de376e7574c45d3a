/**
 * `watercloud drift` and `watercloud up` (in the operator's shell, operator.ts) on a deployed tenant of the
 * acceptance cloud after changes made behind the engine's back through OpenStack's own APIs: drift finds nothing on
 * a fresh deployment; a rule the stack manages deleted and a rule added by hand to one of its groups are reported
 * exactly, the first as the resource gone from the cloud, the second as something no stack manages; `up` puts the
 * deleted rule back, which Neutron then reports again; a host deleted through Nova is reported gone and booted again.
 * Then each security-relevant attribute of docs/drift.md's table, one at a time: changed through the API that owns
 * it (Neutron, Nova, Barbican, Swift, Trove), `drift` reports exactly that property with the stack's value and the
 * cloud's, `up` restores it, and the API reports it restored.
 * Registered after the fleet is up (deploy.suite.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftEntry, RunReport, StackResult } from "../../engine";
import type { DeployContext } from "./deploy.suite";
import { sleep, type Fleet } from "./fleet";
import { OpenStack } from "./openstack";
import { engineCommand, status } from "./operator";
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
    return (JSON.parse(readFileSync(file, "utf8")) as { checkpoint: { latest?: { resources?: StateResource[] } } }).checkpoint.latest?.resources ?? [];
}

/** The resource of `stack`'s state of this type whose URN ends with `::name`. */
function deployed(stack: string, type: string, name: string): StateResource {
    const r = stateOf(stack).find((x) => x.type === type && x.urn.endsWith(`::${name}`));
    if (!r?.id) throw new Error(`${stack} has no ${type} ${name} in its state`);
    return r;
}

const sortedNames = (v: unknown): unknown => (Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v].sort() : v);

/** A stack's drift entries in a fixed order, lists of names sorted (drift compares them as sets). */
function driftOf(s: StackResult): DriftEntry[] {
    return (s.drift ?? [])
        .map((d) => ({ ...d, stack: sortedNames(d.stack), cloud: sortedNames(d.cloud) }))
        .sort((a, b) => `${a.urn} ${a.property}`.localeCompare(`${b.urn} ${b.property}`));
}

/** What an `up` that restores one attribute may change: `updated` resources in place, nothing made or deleted. */
function expectUpdatedOnly(changes: Record<string, number>, updated: number, log: string): void {
    expect(changes.update, log).toBe(updated);
    expect(Object.keys(changes).filter((k) => k !== "update" && k !== "same"), log).toEqual([]);
}

/** Waits until Octavia has carried out the last change of a load balancer (it refuses the next one until then). */
async function octaviaReady(os: OpenStack, loadBalancer: string): Promise<void> {
    let status = "";
    for (let i = 0; i < 150 && status !== "ACTIVE"; i++) {
        if (i > 0) await sleep(2000);
        status = (await os.get("load-balancer", `/v2/lbaas/loadbalancers/${loadBalancer}`)).loadbalancer.provisioning_status;
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
            const made = await fleet.admin.send<{ security_group_rule: { id: string } }>("POST", "network", "/v2.0/security-group-rules", {
                security_group_rule: { security_group_id: group, direction: "ingress", ethertype: "IPv4", protocol: "tcp", port_range_min: 2222, port_range_max: 2222, remote_ip_prefix: "10.99.0.0/24", description: "added by hand" },
            });
            added = made.security_group_rule.id;

            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.errors, s.logFile).toEqual([]);
            expect(s.drift, s.logFile).toEqual([{ urn: deleted!.urn, type: SG_RULE, property: "(resource)", stack: "exists", cloud: "absent" }]);
            expect(s.unmanaged?.map((u) => [u.kind, u.id]), s.logFile).toEqual([["security group rule", added]]);
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
            const rule = (await fleet.admin.get("network", `/v2.0/security-group-rules/${back!.id}`)).security_group_rule;
            expect([rule.direction, rule.protocol, rule.port_range_min, rule.security_group_id]).toEqual([
                deleted!.outputs!.direction,
                deleted!.outputs!.protocol,
                deleted!.outputs!.portRangeMin,
                deleted!.outputs!.securityGroupId,
            ]);

            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.drift, s.logFile).toEqual([]);
            expect(s.unmanaged?.map((x) => x.id), s.logFile).toEqual([added]);
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
            expect(s.drift!.filter((d) => d.urn === host.urn), s.logFile).toEqual([{ urn: host.urn, type: INSTANCE, property: "(resource)", stack: "exists", cloud: "absent" }]);
            // Whatever else drifted is what the host's deletion did to resources that named it (its port's device).
            const namedIt = new Set(stateOf(stack).filter((x) => JSON.stringify(x.outputs ?? {}).includes(host.id!)).map((x) => x.urn));
            expect(s.drift!.filter((d) => d.urn !== host.urn && !namedIt.has(d.urn)), s.logFile).toEqual([]);
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
            expect(st.resourceCount).toBe(stateOf(stack).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:")).length);
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

        /** `watercloud drift S`: it ran, found nothing unmanaged and exited 1; its entries. */
        const drifted = async (s = stack): Promise<DriftEntry[]> => {
            const r = await engine("drift", s);
            const x = r.stacks[0];
            expect(x.errors, x.logFile).toEqual([]);
            expect(x.unmanaged ?? [], x.logFile).toEqual([]);
            expect(r.exitCode, x.logFile).toBe(1);
            return driftOf(x);
        };
        /** `watercloud up S`: it succeeded, having changed only `updated` resources in place. */
        const restored = async (updated: number, s = stack): Promise<void> => {
            const x = (await engine("up", s)).stacks[0];
            expect(x.errors, x.logFile).toEqual([]);
            expect(x.state, x.logFile).toBe("succeeded");
            expectUpdatedOnly(x.changes, updated, x.logFile);
        };
        const port = async (id: string) => (await fleet.admin.get("network", `/v2.0/ports/${id}`)).port;
        const names = (xs: string[]) => [...xs].sort();

        it("a host's port stripped of its security groups (Neutron): drift reports securityGroupIds, up puts the groups back", async () => {
            const p = deployed(stack, PORT, "portal-app-1-port");
            const groups = names(p.outputs!.securityGroupIds as string[]);
            expect(groups.length).toBeGreaterThan(0);
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${p.id}`, { port: { security_groups: [] } });
            expect(await drifted()).toEqual([{ urn: p.urn, type: PORT, property: "securityGroupIds", stack: groups, cloud: [] }]);
            await restored(1);
            expect(names((await port(p.id!)).security_groups)).toEqual(groups);
        });

        it("port security switched off on a host's port (Neutron, groups stripped as it requires): drift reports both, up switches it on with the groups", async () => {
            const p = deployed(stack, PORT, "portal-app-3-port");
            const groups = names(p.outputs!.securityGroupIds as string[]);
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${p.id}`, { port: { security_groups: [], port_security_enabled: false } });
            expect(await drifted()).toEqual([
                { urn: p.urn, type: PORT, property: "portSecurityEnabled", stack: true, cloud: false },
                { urn: p.urn, type: PORT, property: "securityGroupIds", stack: groups, cloud: [] },
            ]);
            await restored(1);
            const after = await port(p.id!);
            expect([after.port_security_enabled, names(after.security_groups)]).toEqual([true, groups]);
        });

        it("an allowed address pair 0.0.0.0/0 added to a host's port (Neutron, the host may send as any address): drift reports it, up removes it", async () => {
            const p = deployed(stack, PORT, "portal-app-2-port");
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${p.id}`, { port: { allowed_address_pairs: [{ ip_address: "0.0.0.0/0" }] } });
            const d = await drifted();
            expect(d.map((x) => [x.urn, x.property, x.stack])).toEqual([[p.urn, "allowedAddressPairs", []]]);
            expect((d[0]!.cloud as { ipAddress: string }[]).map((a) => a.ipAddress)).toEqual(["0.0.0.0/0"]);
            await restored(1);
            expect((await port(p.id!)).allowed_address_pairs).toEqual([]);
        });

        it("a host's port moved into the web tier's subnet (Neutron): drift reports fixedIps, up moves it back", async () => {
            const p = deployed(stack, PORT, "alerts-api-1-port");
            const web = deployed(stack, SUBNET, "flood-control-web");
            const home = ((await port(p.id!)).fixed_ips as { subnet_id: string }[]).map((f) => f.subnet_id);
            expect(home).not.toContain(web.id);
            await fleet.admin.send("PUT", "network", `/v2.0/ports/${p.id}`, { port: { fixed_ips: [{ subnet_id: web.id }] } });
            const moved = (await port(p.id!)).fixed_ips as { subnet_id: string; ip_address: string }[];
            expect(await drifted()).toEqual([
                { urn: p.urn, type: PORT, property: "fixedIps", stack: p.outputs!.fixedIps, cloud: moved.map((f) => ({ subnetId: f.subnet_id, ipAddress: f.ip_address })) },
            ]);
            // The port gets a new address in its own subnet; the load balancer's member for the host follows it.
            const x = (await engine("up")).stacks[0];
            expect([x.errors, x.state], x.logFile).toEqual([[], "succeeded"]);
            expect([x.changes.update, x.changes.create, x.changes.delete], x.logFile).toEqual([1, undefined, undefined]);
            expect(((await port(p.id!)).fixed_ips as { subnet_id: string }[]).map((f) => f.subnet_id)).toEqual(home);
            const again = (await engine("drift")).stacks[0];
            expect(again.drift, again.logFile).toEqual([]);
        });

        it("a security label removed from a host's port (Neutron tags): drift reports tags, up puts the label back", async () => {
            const p = deployed(stack, PORT, "alerts-api-2-port");
            const tags = names(p.outputs!.tags as string[]);
            const label = tags.find((t) => t.startsWith("data-class="))!;
            await fleet.admin.delete("network", `/v2.0/ports/${p.id}/tags/${encodeURIComponent(label)}`);
            expect(await drifted()).toEqual([{ urn: p.urn, type: PORT, property: "tags", stack: tags, cloud: tags.filter((t) => t !== label) }]);
            await restored(1);
            expect(names((await port(p.id!)).tags)).toEqual(tags);
        });

        it("a host's metadata labels changed and removed (Nova): drift reports each key, up restores both", async () => {
            const host = deployed(stack, INSTANCE, "portal-app-2");
            const labels = host.outputs!.metadata as Record<string, string>;
            await tenant.send("PUT", "compute", `/servers/${host.id}/metadata/data-class`, { meta: { "data-class": "public" } });
            await tenant.delete("compute", `/servers/${host.id}/metadata/owner`);
            expect(await drifted()).toEqual([
                { urn: host.urn, type: INSTANCE, property: "metadata.data-class", stack: labels["data-class"], cloud: "public" },
                { urn: host.urn, type: INSTANCE, property: "metadata.owner", stack: labels.owner, cloud: null },
            ]);
            await restored(1);
            const meta = (await tenant.get("compute", `/servers/${host.id}/metadata`)).metadata;
            expect([meta["data-class"], meta.owner]).toEqual([labels["data-class"], labels.owner]);
        });

        it("a host's tier tag removed (Nova tags): drift reports tags, up puts it back", async () => {
            const host = deployed(stack, INSTANCE, "portal-app-3");
            const tags = names(host.outputs!.tags as string[]);
            const label = tags.find((t) => t.startsWith("tier="))!;
            const r = await tenant.request("DELETE", "compute", `/servers/${host.id}/tags/${encodeURIComponent(label)}`, NOVA_TAGS);
            expect(r.status).toBe(204);
            expect(await drifted()).toEqual([{ urn: host.urn, type: INSTANCE, property: "tags", stack: tags, cloud: tags.filter((t) => t !== label) }]);
            await restored(1);
            expect(names((await tenant.get("compute", `/servers/${host.id}/tags`, NOVA_TAGS)).tags)).toEqual(tags);
        });

        it("a database grant's data-class label changed (Barbican secret metadata): drift reports it, up restores it", async () => {
            const secret = deployed(stack, SECRET, "portal-db-grant");
            const labels = secret.outputs!.metadata as Record<string, string>;
            await tenant.send("PUT", "key-manager", `/v1/secrets/${secret.id}/metadata/data-class`, { key: "data-class", value: "public" });
            expect(await drifted()).toEqual([{ urn: secret.urn, type: SECRET, property: "metadata.data-class", stack: labels["data-class"], cloud: "public" }]);
            await restored(1);
            expect((await tenant.get("key-manager", `/v1/secrets/${secret.id}/metadata`)).metadata["data-class"]).toBe(labels["data-class"]);
        });

        it("a database grant opened to the whole project (Barbican secret ACL project-access): drift reports acl, up closes it", async () => {
            const secret = deployed(stack, SECRET, "alerts-db-grant");
            type Acl = { read: { projectAccess: boolean } };
            expect((secret.outputs!.acl as Acl).read.projectAccess).toBe(false);
            await tenant.send("PUT", "key-manager", `/v1/secrets/${secret.id}/acl`, { read: { "project-access": true } });
            const d = await drifted();
            expect(d.map((x) => [x.urn, x.property, (x.stack as Acl).read.projectAccess, (x.cloud as Acl).read.projectAccess])).toEqual([[secret.urn, "acl", false, true]]);
            await restored(1);
            expect((await tenant.get("key-manager", `/v1/secrets/${secret.id}/acl`)).read["project-access"]).toBe(false);
        });

        it("an archive container's data-class label changed (Swift metadata): drift reports it, up restores it", async () => {
            const c = deployed(stack, CONTAINER, "records-archive-container");
            const labels = c.outputs!.metadata as Record<string, string>;
            const path = `/${encodeURIComponent(c.id!)}`;
            expect((await tenant.request("POST", "object-store", path, { "X-Container-Meta-Data-Class": "public" })).status).toBe(204);
            expect(await drifted()).toEqual([{ urn: c.urn, type: CONTAINER, property: "metadata.data-class", stack: labels["data-class"], cloud: "public" }]);
            await restored(1);
            expect((await tenant.request("HEAD", "object-store", path)).headers.get("x-container-meta-data-class")).toBe(labels["data-class"]);
        });

        it("an archive container's off-site copy sent elsewhere (Swift X-Container-Sync-To): drift reports containerSyncTo, up points it back", async () => {
            const c = deployed(stack, CONTAINER, "records-archive-container");
            const target = c.outputs!.containerSyncTo as string;
            // Another cluster of the same realm and another container: a target Swift accepts.
            const elsewhere = target.replace("/cn-east-2/", "/cn-east-1/").replace(/\/([^/]+)$/, "/$1-elsewhere");
            expect(elsewhere).not.toBe(target);
            const path = `/${encodeURIComponent(c.id!)}`;
            expect((await tenant.request("POST", "object-store", path, { "X-Container-Sync-To": elsewhere })).status).toBe(204);
            expect(await drifted()).toEqual([{ urn: c.urn, type: CONTAINER, property: "containerSyncTo", stack: target, cloud: elsewhere }]);
            await restored(1);
            expect((await tenant.request("HEAD", "object-store", path)).headers.get("x-container-sync-to")).toBe(target);
        });

        it("an archive container made world-readable (Swift X-Container-Read .r:*): drift reports containerRead, up removes the ACL", async () => {
            const c = deployed(stack, CONTAINER, "records-archive-container");
            const path = `/${encodeURIComponent(c.id!)}`;
            expect((await tenant.request("POST", "object-store", path, { "X-Container-Read": ".r:*,.rlistings" })).status).toBe(204);
            expect(await drifted()).toEqual([{ urn: c.urn, type: CONTAINER, property: "containerRead", stack: c.outputs!.containerRead ?? null, cloud: ".r:*,.rlistings" }]);
            await restored(1);
            expect((await tenant.request("HEAD", "object-store", path)).headers.get("x-container-read")).toBeNull();
        });

        it("an any-egress rule added to a group the stack made without Neutron's default rules: drift lists it as no stack's (up leaves what no stack owns to the operator)", async () => {
            const g = deployed(stack, SEC_GROUP, "flood-control-web-sg");
            expect(g.outputs!.deleteDefaultRules).toBe(true);
            const made = await fleet.admin.send<{ security_group_rule: { id: string } }>("POST", "network", "/v2.0/security-group-rules", {
                security_group_rule: { security_group_id: g.id, direction: "egress", ethertype: "IPv4" },
            });
            handMadeRule = made.security_group_rule.id;
            const r = await engine("drift");
            const s = r.stacks[0];
            expect(s.drift, s.logFile).toEqual([]);
            expect(s.unmanaged, s.logFile).toEqual([
                {
                    kind: "security group rule",
                    id: handMadeRule,
                    description: `egress IPv4 any protocol any port to anywhere in security group ${String(g.outputs!.name)}, which the stack made without Neutron's default rules`,
                },
            ]);
            expect(r.exitCode).toBe(1);
            await fleet.admin.delete("network", `/v2.0/security-group-rules/${handMadeRule}`);
            handMadeRule = "";
        });

        it("a listener pointed at a pool made by hand (Octavia): drift reports the stack's pool's listenerId, up makes it the listener's default pool again", async () => {
            const pool = deployed(stack, POOL, "portal-lb-https-443-pool");
            const listener = deployed(stack, LISTENER, "portal-lb-https-443");
            const loadBalancer = listener.outputs!.loadbalancerId as string;
            expect(pool.outputs!.listenerId).toBe(listener.id);
            const other = await tenant.send<{ pool: { id: string } }>("POST", "load-balancer", "/v2/lbaas/pools", {
                pool: { loadbalancer_id: loadBalancer, protocol: "HTTP", lb_algorithm: "ROUND_ROBIN", name: "made-by-hand" },
            });
            handMadePool = { id: other.pool.id, loadBalancer };
            await octaviaReady(tenant, loadBalancer);
            await tenant.send("PUT", "load-balancer", `/v2/lbaas/listeners/${listener.id}`, { listener: { default_pool_id: other.pool.id } });
            await octaviaReady(tenant, loadBalancer);
            expect(await drifted()).toEqual([{ urn: pool.urn, type: POOL, property: "listenerId", stack: listener.id, cloud: "" }]);
            await restored(1);
            expect((await tenant.get("load-balancer", `/v2/lbaas/listeners/${listener.id}`)).listener.default_pool_id).toBe(pool.id);
            await octaviaReady(tenant, loadBalancer);
            await tenant.delete("load-balancer", `/v2/lbaas/pools/${other.pool.id}`);
            handMadePool = undefined;
        });

        it("licensing's database account opened to any host (Trove user attributes): drift reports host, up puts the tenant's range back on the same account", async () => {
            const u = deployed("licensing", DB_USER, "permits-db-user");
            const { instanceId, name, host } = u.outputs as { instanceId: string; name: string; host: string };
            const hostOf = async () => ((await fleet.admin.get("database", `/instances/${instanceId}/users`)).users as { name: string; host: string }[]).find((x) => x.name === name)?.host;
            expect(await hostOf()).toBe(host);
            await fleet.admin.send("PUT", "database", `/instances/${instanceId}/users/${encodeURIComponent(`${name}@${host}`)}`, { user: { host: "%" } });
            for (let i = 0; i < 60 && (await hostOf()) !== "%"; i++) await sleep(2000);
            expect(await drifted("licensing")).toEqual([{ urn: u.urn, type: DB_USER, property: "host", stack: host, cloud: "%" }]);
            await restored(1, "licensing");
            expect(await hostOf()).toBe(host);
        });

        it("the shared MySQL configuration group's local_infile switched on (Trove PATCH): drift reports configurations, up sets the values back in place", async () => {
            const cfg = deployed("platform", CONFIGURATION, "mysql-shared-01-config");
            const configured = cfg.outputs!.configurations as { name: string; value: string }[];
            expect(configured.find((v) => v.name === "local_infile")?.value).toBe("0");
            await fleet.admin.send("PATCH", "database", `/configurations/${cfg.id}`, { configuration: { values: { local_infile: 1 } } });
            expect(await drifted("platform")).toEqual([
                { urn: cfg.urn, type: CONFIGURATION, property: "configurations", stack: configured, cloud: configured.map((v) => (v.name === "local_infile" ? { ...v, value: "1" } : v)) },
            ]);
            await restored(1, "platform");
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
            expect((await fleet.admin.get("database", `/instances/${db.id}`)).instance.configuration ?? null).toBeNull();
            await troveReady(fleet.admin, db.id!);
            expect(await drifted("platform")).toEqual([{ urn: db.urn, type: DB_INSTANCE, property: "configurationId", stack: attached, cloud: "" }]);
            await restored(1, "platform");
            expect((await fleet.admin.get("database", `/instances/${db.id}`)).instance.configuration?.id).toBe(attached);
        });

        it("after the restores, drift of the three stacks finds nothing", async () => {
            for (const s of [stack, "licensing", "platform"]) {
                const x = (await engine("drift", s)).stacks[0];
                expect([x.drift, x.unmanaged ?? []], `${s} ${x.logFile}`).toEqual([[], []]);
            }
        });
    });
}
