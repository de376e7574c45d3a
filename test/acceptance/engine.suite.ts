/**
 * `watercloud drift` and `watercloud up` (in the operator's shell, operator.ts) on a deployed tenant of the
 * acceptance cloud after changes made behind the engine's back through OpenStack's own APIs: drift finds nothing on
 * a fresh deployment; a rule the stack manages deleted and a rule added by hand to one of its groups are reported
 * exactly, the first as the resource gone from the cloud, the second as something no stack manages; `up` puts the
 * deleted rule back, which Neutron then reports again; a host deleted through Nova is reported gone and booted again.
 * Registered after the fleet is up (deploy.suite.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../engine";
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

/** A stack's resources as the suite's file backend holds them. */
export function stateOf(stack: string): StateResource[] {
    const file = join(STATE_DIR, ".pulumi", "stacks", "watercloud", `${stack}.json`);
    return (JSON.parse(readFileSync(file, "utf8")) as { checkpoint: { latest?: { resources?: StateResource[] } } }).checkpoint.latest?.resources ?? [];
}

export function engineSuite(fleet: Fleet, stack: string, ctx: DeployContext): void {
    /** The operation on this stack, as `watercloud OPERATION STACK --format json` reports it. */
    const engine = async (operation: string): Promise<RunReport> => {
        const r = await engineCommand(ctx.root, operation, [stack]);
        if (!r.report) throw new Error(`watercloud ${operation} ${stack} gave no report (exit ${r.code}): ${r.stderr}`);
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
}
