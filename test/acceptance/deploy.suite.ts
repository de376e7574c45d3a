/**
 * The sample fleet deployed the way a site deploys it, every step a `watercloud` command in the operator's shell
 * (operator.ts: scripts/cloud/env.sh sourced, the passphrase and the state backend exported, nothing else):
 *
 * 1. `watercloud up platform --yes` killed outright (SIGKILL to its process group) while Nova or Trove carries out a
 *    create: the next run names the lock; after `watercloud unlock` it resumes and adopts what the killed run's
 *    pending creates made, so the cloud holds one of each name (no second subnet, router or server).
 * 2. `up --all --onboard`: every tenant's project, quotas, groups and the deployer's roles; the tenants'
 *    administrators then store their TLS certificates in their projects (the suite plays them).
 * 3. `up --all`: the platform and the five tenants with the pack.
 * 4. Steady state: `preview --all` plans nothing but "same"; `status` shows every stack; `drift --all` finds nothing;
 *    the search a resumed run makes finds every OpenStack resource of the fleet under the id its state holds.
 * 5. `destroy --all`: tenants first, the platform last; the cloud then holds what the bootstrap left.
 *
 * Each run's report (.watercloud/reports/acceptance/engine-fleet-runs/) holds the per-stack durations `npm run bench --
 * --from-runs` prints beside the whole run's.
 */
import { describe, expect, it } from "vitest";
import { openStackCloud } from "../../clouds/openstack";
import type { RunReport } from "../../engine";
import { tenantStacks } from "../../model";
import { stateOf } from "./engine.suite";
import { sleep, type Fleet } from "./fleet";
import { differencesOnceSettled } from "./inventory";
import { engineCommand, newestRun, operatorShell, readText, start, status, watercloud, why } from "./operator";
import { REPO, useDataRoot } from "./pulumi";
import { nameCertificate, storeCertificate } from "./certificates";

/** Where the suites share the deploy root (set by fleet.test.ts before any suite runs). */
export interface DeployContext {
    root: string;
}

const TENANTS = tenantStacks(REPO);

/**
 * Resolves once the newest run of `root` has begun creating a Trove or Nova instance and 5 s have passed: the
 * API call is made (the object exists in the cloud) while the provider still waits for it to become ACTIVE.
 */
async function slowCreateInFlight(root: string, stack: string, before: string | undefined): Promise<string> {
    for (let i = 0; i < 2400; i++) {
        const run = newestRun(root);
        const text = run && run !== before ? readText(`${run}/${stack}.events.jsonl`) : "";
        const begun = [
            ...text.matchAll(
                /"resourcePreEvent":\{"metadata":\{"op":"create","urn":"([^"]*(?:database\/instance|compute\/instance):Instance::[^"]*)"/g,
            ),
        ].map((m) => m[1]!);
        const done = new Set(
            [...text.matchAll(/"resOutputsEvent":\{"metadata":\{"op":"create","urn":"([^"]*)"/g)].map((m) => m[1]!),
        );
        const inFlight = begun.find((u) => !done.has(u));
        if (inFlight) {
            await sleep(5000);
            return inFlight;
        }
        await sleep(250);
    }
    throw new Error(`${stack}: no instance create began within 10 minutes`);
}

/** Names the cloud holds twice or more in the admin project (the platform's objects), per kind. */
async function duplicateNames(fleet: Fleet): Promise<string[]> {
    const a = fleet.admin;
    const lists: [string, { name?: string }[]][] = [
        ["networks", (await a.get("network", `/v2.0/networks?project_id=${a.projectId}`)).networks],
        ["subnets", (await a.get("network", `/v2.0/subnets?project_id=${a.projectId}`)).subnets],
        ["routers", (await a.get("network", `/v2.0/routers?project_id=${a.projectId}`)).routers],
        [
            "security groups",
            (await a.get("network", `/v2.0/security-groups?project_id=${a.projectId}`)).security_groups,
        ],
        ["ports", (await a.get("network", `/v2.0/ports?project_id=${a.projectId}`)).ports],
        ["servers", (await a.get("compute", "/servers")).servers],
        ["volumes", (await a.get("volumev3", "/volumes")).volumes],
        ["database instances", (await a.get("database", "/instances")).instances],
    ];
    const out: string[] = [];
    for (const [kind, xs] of lists) {
        const seen = new Map<string, number>();
        for (const x of xs) if (x.name) seen.set(x.name, (seen.get(x.name) ?? 0) + 1);
        for (const [name, n] of seen) if (n > 1) out.push(`${kind}: ${name} ×${n}`);
    }
    return out;
}

const succeeded = (r: RunReport | undefined) => r?.stacks.map((s) => [s.stack, s.state]);

/** 1. The platform, through a run killed midway and resumed. */
export function platformRecoverySuite(fleet: Fleet, ctx: DeployContext): void {
    describe("watercloud up platform, killed midway and resumed", () => {
        it("killed outright while a create is in flight: the next run names the lock; after unlock it resumes, adopting what the killed run created", async () => {
            const root = ctx.root;
            const before = newestRun(root);
            const child = start(root, ["up", "platform", "--yes"]);
            const inFlight = await slowCreateInFlight(root, "platform", before);
            process.kill(-child.pid!, "SIGKILL");
            await new Promise((r) => child.on("close", r));

            const locked = await engineCommand(root, "up", ["platform"]);
            expect(locked.code, why(locked)).toBe(1);
            const s0 = locked.report!.stacks[0]!;
            expect(s0.errors[0], s0.logFile).toBe("the stack is locked by another run of the engine");
            expect(s0.recovery?.at(-1)).toContain("watercloud unlock platform");
            const unlocked = await watercloud(root, ["unlock", "platform"]);
            expect([unlocked.code, unlocked.stderr.trim()]).toEqual([0, "platform: lock cleared"]);

            const r = await engineCommand(root, "up", ["platform"]);
            expect(r.code, why(r)).toBe(0);
            const s = r.report!.stacks[0]!;
            expect(s.state, why(r)).toBe("succeeded");
            const recovery = s.recovery ?? [];
            expect(
                recovery.filter((l) => l.includes("cleared unseen")),
                "every pending create was looked up",
            ).toEqual([]);
            expect(
                recovery.some((l) =>
                    l.startsWith(
                        `resumed after a stopped run: its pending create of ${inFlight} had been carried out; adopted `,
                    ),
                ),
                recovery.join("\n"),
            ).toBe(true);
            expect(await duplicateNames(fleet)).toEqual([]);
        });
    });
}

/** 2 and 3. Every tenant onboarded, its certificate stored, then the whole fleet up. */
export function fleetUpSuite(fleet: Fleet, ctx: DeployContext): void {
    describe("watercloud up --all --onboard, the tenants' certificates, watercloud up --all", () => {
        it("up --all --onboard: the platform stays as it is, every tenant gets its project; their administrators store their certificates", async () => {
            const root = ctx.root;
            const r = await engineCommand(root, "up", "all", "--onboard");
            expect(r.code, why(r)).toBe(0);
            for (const t of TENANTS) {
                expect((await fleet.admin.get("identity", `/projects?name=${t}`)).projects, t).toHaveLength(1);
                nameCertificate(root, t, await storeCertificate(t));
                useDataRoot(t, root);
            }
            expect(r.report!.stacks.find((s) => s.stack === "platform")!.changes).toEqual({ same: expect.any(Number) });
        });

        it("up --all: the platform, then the five tenants side by side, each with the pack", async () => {
            const r = await engineCommand(ctx.root, "up", "all");
            expect(r.code, why(r)).toBe(0);
            expect(succeeded(r.report)).toEqual(["platform", ...TENANTS].map((s) => [s, "succeeded"]));
            for (const t of TENANTS) {
                const s = r.report!.stacks.find((x) => x.stack === t)!;
                expect(s.changes.create ?? 0, `${t} was created`).toBeGreaterThan(20);
                expect(
                    s.policy.filter((p) => p.enforcementLevel === "mandatory"),
                    t,
                ).toEqual([]);
                const project = (await fleet.admin.get("identity", `/projects?name=${t}`)).projects[0].id as string;
                const lbs = (await fleet.admin.get("load-balancer", `/v2/lbaas/loadbalancers?project_id=${project}`))
                    .loadbalancers as { provisioning_status: string }[];
                expect(lbs.length, `${t} load balancers`).toBeGreaterThan(0);
                expect(
                    lbs.every((lb) => lb.provisioning_status === "ACTIVE"),
                    t,
                ).toBe(true);
            }
        });
    });
}

/** 4. The deployed fleet at rest. */
export function steadyFleetSuite(ctx: DeployContext): void {
    describe("the deployed fleet at rest: preview, status, drift, the pending-create search", () => {
        it("preview --all: every stack plans nothing but what it has (a second run changes nothing)", async () => {
            const r = await engineCommand(ctx.root, "preview", "all");
            expect(r.code, why(r)).toBe(0);
            for (const s of r.report!.stacks)
                expect(Object.keys(s.changes), `${s.stack} ${s.logFile}`).toEqual(["same"]);
        });

        it("status: every stack deployed by the last update, which succeeded, with its resources", async () => {
            const list = await status(ctx.root);
            const rows = list
                .map((s) => [s.stack, s.deployed, s.lastOperation, s.result])
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
            expect(rows).toEqual(["platform", ...TENANTS].sort().map((s) => [s, true, "update", "succeeded"]));
            for (const s of list) expect(s.resourceCount, s.stack).toBeGreaterThan(20);
            for (const s of list)
                expect(JSON.stringify(s.outputs), `${s.stack}: outputs without secrets`).not.toMatch(
                    /"serviceSecrets":\s*\{/,
                );
        });

        it("drift --all: the cloud is what every stack says, and no project holds anything no stack manages", async () => {
            const r = await engineCommand(ctx.root, "drift", "all");
            for (const s of r.report!.stacks) {
                expect(s.errors, s.logFile).toEqual([]);
                expect(s.drift, `${s.stack} ${s.logFile}`).toEqual([]);
                expect(s.unmanaged ?? [], `${s.stack} ${s.logFile}`).toEqual([]);
            }
            expect(r.code).toBe(0);
        });

        it("the search a resumed run makes finds every OpenStack resource of the deployed fleet under its own id", async () => {
            const find = openStackCloud.findPending!(openStackCloud.prepare!(operatorShell()).env);
            const missed: string[] = [];
            let searched = 0;
            for (const stack of ["platform", ...TENANTS]) {
                const resources = stateOf(stack);
                for (const r of resources.filter((x) => x.custom && x.type.startsWith("openstack:"))) {
                    const found = await find(
                        { urn: r.urn, type: r.type, inputs: r.inputs ?? {}, provider: r.provider },
                        resources,
                    );
                    if (found.kind === "harmless") continue;
                    searched++;
                    if (found.kind !== "found" || found.ids.length !== 1 || found.ids[0] !== r.id)
                        missed.push(`${r.urn}: ${JSON.stringify(found)}, state id ${r.id}`);
                }
            }
            expect(searched).toBeGreaterThan(400);
            expect(missed).toEqual([]);
        });
    });
}

/** 5. Everything taken down again. */
export function fleetDestroySuite(fleet: Fleet, ctx: DeployContext): void {
    describe("watercloud destroy --all", () => {
        it("the tenants, then the platform; the cloud holds what the bootstrap left", async () => {
            const r = await engineCommand(ctx.root, "destroy", "all");
            expect(r.code, why(r)).toBe(0);
            expect(await differencesOnceSettled(fleet.admin, fleet.baseline)).toEqual([]);
        });
    });
}
