/**
 * The provisioning engine with the whole sample fleet on the acceptance cloud, as a site runs it, after the
 * suites before have taken everything down again:
 *
 * 1. `watercloud up platform` killed outright (SIGKILL to its process group) while Nova or Trove carries out a
 *    create: the next run names the lock; after `watercloud unlock` it resumes and adopts what the killed run's
 *    pending creates made, so the cloud holds one of each name (no second subnet, router or server).
 * 2. `up --all --onboard`: every tenant's project, quotas, groups and the deployer's roles; the tenants'
 *    administrators then store their TLS certificates in their projects (the suite plays them).
 * 3. `up --all`: the platform and the five tenants with the pack; `status` shows them; `drift --all` finds nothing;
 *    the search a resumed run makes finds every OpenStack resource of the fleet under the id its state holds.
 * 4. `destroy --all`: tenants first, the platform last; the cloud then holds what the bootstrap left.
 *
 * Each run's report (.watercloud/reports/acceptance/engine-fleet-runs/) holds the per-stack durations `npm run bench --
 * --from-runs` prints beside the whole run's.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openStackCloud } from "../../clouds/openstack";
import { runOperation, stackStatus, unlockStack, type Operation, type RunReport } from "../../engine";
import { tenantStacks } from "../../model";
import { copyProject, edit } from "../cli/helpers";
import { runnable, stateOf } from "./engine.suite";
import { sleep, type Fleet } from "./fleet";
import { differencesOnceSettled } from "./inventory";
import { osEnv } from "./openstack";
import { REPO, REPORT_DIR, STATE_DIR } from "./pulumi";
import { storeCertificate } from "./tenant.suite";

const RUNS = join(REPORT_DIR, "engine-fleet-runs");
const BACKEND = `file://${STATE_DIR}`;
const LAUNCHER = join(REPO, "test", "engine", "watercloud.ts");
const actor = { user: "acceptance", via: "ci" as const };

/** The operator's environment: the admin's OS_* variables without OS_CLOUD (tenant stacks refuse it). */
function operatorEnv(root: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(osEnv())) if (v !== undefined && k !== "OS_CLOUD") env[k] = v;
    return { ...env, PULUMI_CONFIG_PASSPHRASE: "watercloud-acceptance", WATERCLOUD_ROOT: root };
}

function run(root: string, operation: Operation, stacks: string[] | "all", extra: { onboardOnly?: boolean } = {}): Promise<RunReport> {
    return runOperation({ root, operation, stacks, actor, backendUrl: BACKEND, runsDir: RUNS, env: operatorEnv(root), cloud: openStackCloud, ...extra });
}

/** Every stack's result line, for a failure message that says which stack and why. */
const why = (r: RunReport) => r.stacks.map((s) => `${s.stack}: ${s.state} ${s.errors.join("; ")} (${s.logFile})`).join("\n");

/**
 * Resolves once the newest run of `root` has begun creating a Trove or Nova instance and 5 s have passed: the
 * API call is made (the object exists in the cloud) while the provider still waits for it to become ACTIVE.
 */
async function slowCreateInFlight(root: string, stack: string): Promise<string> {
    const runs = join(root, ".watercloud", "runs");
    for (let i = 0; i < 2400; i++) {
        const newest = existsSync(runs) ? readdirSync(runs).sort().pop() : undefined;
        const events = newest ? join(runs, newest, `${stack}.events.jsonl`) : "";
        const text = events && existsSync(events) ? readFileSync(events, "utf8") : "";
        const begun = [...text.matchAll(/"resourcePreEvent":\{"metadata":\{"op":"create","urn":"([^"]*(?:database\/instance|compute\/instance):Instance::[^"]*)"/g)].map((m) => m[1]!);
        const done = new Set([...text.matchAll(/"resOutputsEvent":\{"metadata":\{"op":"create","urn":"([^"]*)"/g)].map((m) => m[1]!));
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
        ["security groups", (await a.get("network", `/v2.0/security-groups?project_id=${a.projectId}`)).security_groups],
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

export function engineFleetSuite(fleet: Fleet): void {
    describe("the engine with the whole sample fleet: a killed run resumed, onboarding, up --all, status, drift --all, destroy --all", () => {
        const tenants = tenantStacks(REPO);
        let root = "";
        beforeAll(() => {
            root = runnable(copyProject("acceptance-engine-fleet"));
        });

        it("up platform killed outright midway: the next run names the lock; after unlock it resumes, adopting what the killed run created", async () => {
            const env: NodeJS.ProcessEnv = { ...process.env, ...operatorEnv(root), WATERCLOUD_STATE_URL: BACKEND, CI: "true" };
            delete env.OS_CLOUD;
            const child = spawn(process.execPath, ["-r", "tsx/cjs", LAUNCHER, "--root", root, "up", "platform", "--yes"], { cwd: REPO, env, detached: true, stdio: "ignore" });
            const inFlight = await slowCreateInFlight(root, "platform");
            process.kill(-child.pid!, "SIGKILL");
            await new Promise((r) => child.on("exit", r));

            const locked = (await run(root, "up", ["platform"])).stacks[0]!;
            expect(locked.errors[0], locked.logFile).toBe("the stack is locked by another run of the engine");
            expect(locked.recovery?.at(-1)).toContain("watercloud unlock platform");
            await unlockStack({ root, stack: "platform", backendUrl: BACKEND, env: operatorEnv(root) });

            const r = await run(root, "up", ["platform"]);
            const s = r.stacks[0]!;
            expect(s.state, why(r)).toBe("succeeded");
            const recovery = s.recovery ?? [];
            expect(recovery.filter((l) => l.includes("cleared unseen")), "every pending create was looked up").toEqual([]);
            expect(recovery.some((l) => l.startsWith(`resumed after a stopped run: its pending create of ${inFlight} had been carried out; adopted `)), recovery.join("\n")).toBe(true);
            expect(await duplicateNames(fleet)).toEqual([]);
        });

        it("up --all --onboard: the platform stays as it is, every tenant gets its project; their administrators store their certificates", async () => {
            const r = await run(root, "up", "all", { onboardOnly: true });
            expect(r.exitCode, why(r)).toBe(0);
            expect(r.stacks.find((s) => s.stack === "platform")!.changes).toEqual({ same: expect.any(Number) });
            for (const t of tenants) {
                expect((await fleet.admin.get("identity", `/projects?name=${t}`)).projects, t).toHaveLength(1);
                const ref = await storeCertificate(t);
                edit(root, `stacks/Pulumi.${t}.yaml`, /(tlsCertificateRef: \S+\/)[^/\s]+/, `$1${ref.slice(ref.lastIndexOf("/") + 1)}`);
            }
        });

        it("up --all: the platform, then the five tenants side by side, each with the pack", async () => {
            const r = await run(root, "up", "all");
            expect(r.exitCode, why(r)).toBe(0);
            expect(r.stacks.map((s) => [s.stack, s.state])).toEqual(["platform", ...tenants].map((s) => [s, "succeeded"]));
            for (const t of tenants) {
                const s = r.stacks.find((x) => x.stack === t)!;
                expect(s.changes.create ?? 0, `${t} was created`).toBeGreaterThan(20);
                expect(s.policy.filter((p) => p.enforcementLevel === "mandatory"), t).toEqual([]);
                const project = (await fleet.admin.get("identity", `/projects?name=${t}`)).projects[0].id as string;
                const lbs = (await fleet.admin.get("load-balancer", `/v2/lbaas/loadbalancers?project_id=${project}`)).loadbalancers as { provisioning_status: string }[];
                expect(lbs.length, `${t} load balancers`).toBeGreaterThan(0);
                expect(lbs.every((lb) => lb.provisioning_status === "ACTIVE"), t).toBe(true);
            }
        });

        it("status: every stack deployed by the last update, which succeeded, with its resources", async () => {
            const status = await stackStatus({ root, stacks: "all", backendUrl: BACKEND, runsDir: RUNS, env: operatorEnv(root) });
            const rows = status.map((s) => [s.stack, s.deployed, s.lastOperation, s.result]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
            expect(rows).toEqual(["platform", ...tenants].sort().map((s) => [s, true, "update", "succeeded"]));
            for (const s of status) expect(s.resourceCount, s.stack).toBeGreaterThan(20);
        });

        it("drift --all: the cloud is what every stack says, and no project holds anything no stack manages", async () => {
            const r = await run(root, "drift", "all");
            for (const s of r.stacks) {
                expect(s.errors, s.logFile).toEqual([]);
                expect(s.drift, `${s.stack} ${s.logFile}`).toEqual([]);
                expect(s.unmanaged ?? [], `${s.stack} ${s.logFile}`).toEqual([]);
            }
            expect(r.exitCode).toBe(0);
        });

        it("the search a resumed run makes finds every OpenStack resource of the deployed fleet under its own id", async () => {
            const find = openStackCloud.findPending!(operatorEnv(root));
            const missed: string[] = [];
            let searched = 0;
            for (const stack of ["platform", ...tenants]) {
                const resources = stateOf(stack);
                for (const r of resources.filter((x) => x.custom && x.type.startsWith("openstack:"))) {
                    const found = await find({ urn: r.urn, type: r.type, inputs: r.inputs ?? {}, provider: r.provider }, resources);
                    if (found.kind === "harmless") continue;
                    searched++;
                    if (found.kind !== "found" || found.ids.length !== 1 || found.ids[0] !== r.id) missed.push(`${r.urn}: ${JSON.stringify(found)}, state id ${r.id}`);
                }
            }
            expect(searched).toBeGreaterThan(400);
            expect(missed).toEqual([]);
        });

        it("destroy --all: the tenants, then the platform; the cloud holds what the bootstrap left", async () => {
            const r = await run(root, "destroy", "all");
            expect(r.exitCode, why(r)).toBe(0);
            expect(await differencesOnceSettled(fleet.admin, fleet.baseline)).toEqual([]);
        });
    });
}
