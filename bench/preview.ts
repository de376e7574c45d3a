/**
 * The real engine's preview against the offline check, on the same stacks, as a ratio: one tenant, then the sample
 * fleet. Needs the acceptance cloud (npm run cloud:up): data-source lookups run at preview and a tenant reads the
 * deployed platform's outputs, so the platform is deployed first (with the engine, in the acceptance suite's
 * backend) and destroyed after. Run with WATERCLOUD_BENCH_CLOUD=1 npm run bench.
 *
 *   engine   pulumi preview --policy-pack policies (streaming JSON), one stack at a time, wall time each
 *   check    watercloud check STACK --preview (one process, Node start included), and check --all --preview
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PLATFORM_STACK, tenantStacks } from "../model";
import { copyProject, removeDir } from "../test/cli/helpers";
import { deployRoot, engineCommand, why } from "../test/acceptance/operator";
import { engineErrors, engineTriples, offlineTriples } from "../test/acceptance/parity";
import { previewEvents } from "../test/acceptance/pulumi";

const REPO = path.resolve(__dirname, "..");
const TENANT = "flood-control";

function seconds<T>(f: () => T): [number, T] {
    const t0 = process.hrtime.bigint();
    const r = f();
    return [Number(process.hrtime.bigint() - t0) / 1e9, r];
}

function check(args: string[]): number {
    const [s, r] = seconds(() =>
        spawnSync("npx", ["--no-install", "watercloud", "check", ...args, "--preview", "--format", "json"], {
            cwd: REPO,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        }),
    );
    if (r.status !== 0 && r.status !== 1)
        throw new Error(`watercloud check ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return s;
}

function enginePreview(stack: string): number {
    const [s, r] = seconds(() => previewEvents(stack));
    if (r.code !== 0) throw new Error(`pulumi preview ${stack} exited ${r.code} (log ${r.log})`);
    return s;
}

export async function benchPreview(): Promise<void> {
    const fmt = (n: number) => n.toFixed(1).padStart(6);
    console.log("");
    console.log(
        "preview: the engine (pulumi preview with the pack, the acceptance cloud) against watercloud check --preview",
    );
    // Deployed as an operator would (watercloud up, in the acceptance suite's backend), from a copy of the data.
    const root = deployRoot(copyProject("bench-preview"));
    const deployed = await engineCommand(root, "up", [PLATFORM_STACK]);
    if (deployed.code !== 0)
        throw new Error(`the platform did not deploy, so tenants cannot be previewed:\n${why(deployed)}`);
    try {
        const tenantEngine = enginePreview(TENANT);
        const tenantCheck = check([TENANT]);
        console.log(
            `one tenant (${TENANT})   engine ${fmt(tenantEngine)} s   check ${fmt(tenantCheck)} s   engine/check ${(tenantEngine / tenantCheck).toFixed(1)}`,
        );
        const stacks = [PLATFORM_STACK, ...tenantStacks(REPO)];
        const fleetEngine = stacks.reduce((sum, s) => sum + enginePreview(s), 0);
        const fleetCheck = check(["--all"]);
        console.log(
            `sample fleet (${stacks.length} stacks)   engine ${fmt(fleetEngine)} s (one preview after another)   check --all ${fmt(fleetCheck)} s   engine/check ${(fleetEngine / fleetCheck).toFixed(1)}`,
        );
    } finally {
        const gone = await engineCommand(root, "destroy", [PLATFORM_STACK]);
        if (gone.code !== 0)
            console.error(`the platform stack was not destroyed (run the acceptance suite to clean up):\n${why(gone)}`);
        removeDir(root);
    }
}

export interface StackPreview {
    readonly stack: string;
    readonly seconds: number;
    /** The engine's findings (policy, resource, level) are the check's for this stack. */
    readonly sameFindings: boolean;
}

/**
 * The program's code linked into a generated fleet root (bench/fleet.ts holds only data): every top-level entry the
 * root lacks, and stacks/'s code, but none of the sample's stack files, so the fleet is the generated one alone.
 */
export function linkProgram(root: string): void {
    for (const e of fs.readdirSync(REPO)) {
        if ([".git", ".watercloud", "dist", "test"].includes(e) || fs.existsSync(path.join(root, e))) continue;
        fs.symlinkSync(path.join(REPO, e), path.join(root, e));
    }
    for (const e of fs.readdirSync(path.join(REPO, "stacks")))
        if (!e.startsWith("Pulumi.")) fs.symlinkSync(path.join(REPO, "stacks", e), path.join(root, "stacks", e));
}

/**
 * The engine's preview of each of `stacks` of a generated fleet root, one after another, against its platform
 * deployed for the purpose (and destroyed after): wall time each, and whether its findings are the check's (a
 * deployed platform's preview is an update, compared with `check`; a tenant's is its first, with `check --preview`).
 */
export async function enginePreviews(
    root: string,
    stacks: readonly string[],
    checkJson: unknown,
    checkPreviewJson: unknown,
): Promise<{ seconds: number; stacks: StackPreview[] }> {
    linkProgram(root);
    const deployed = await engineCommand(root, "up", [PLATFORM_STACK]);
    if (deployed.code !== 0) throw new Error(`the platform did not deploy:\n${why(deployed)}`);
    const out: StackPreview[] = [];
    try {
        for (const stack of stacks) {
            const [s, r] = seconds(() => previewEvents(stack, root));
            const errors = engineErrors(r.events);
            if (errors.length > 0) throw new Error(`pulumi preview ${stack}: ${errors.join("; ")} (log ${r.log})`);
            const engine = JSON.stringify(engineTriples(r.events));
            const json = stack === PLATFORM_STACK ? checkJson : checkPreviewJson;
            out.push({
                stack,
                seconds: s,
                sameFindings: JSON.stringify(offlineTriples(json, stack)) === engine,
            });
        }
    } finally {
        const gone = await engineCommand(root, "destroy", [PLATFORM_STACK]);
        if (gone.code !== 0) console.error(`the platform stack was not destroyed:\n${why(gone)}`);
    }
    return { seconds: out.reduce((n, p) => n + p.seconds, 0), stacks: out };
}
