/**
 * The provisioning engine's figures: wall time of `up --all`, `drift --all` and `destroy --all` next to the
 * platform's own time plus the slowest tenant's own time, which is what perfect parallelism could reach (the
 * tenants wait for the platform, then run side by side).
 *
 * Measured on a scratch fleet (the sample stack files, gate and policy pack machinery real; each stack a component
 * plus dynamic-provider steps that take 2 s each): the engine's own overhead and its parallelism, on any machine
 * with the engine built.
 *
 * On the acceptance cloud the sample fleet's `up --all` needs every tenant onboarded first (`up --all --onboard`,
 * then each tenant's certificate stored in its project): the acceptance suite does that and keeps the engine's run
 * reports (test/acceptance/engineFleet.suite.ts). When they are there, the same figures are printed from them: the
 * durations the engine itself measured of its real runs, with their date.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultParallelism, runOperation, type Operation, type RunReport } from "../engine";
import { makeScratchProject, removeScratchProject } from "../test/engine/scratchProject";

const actor = { user: "bench", via: "cli" as const, host: os.hostname() };
const fmt = (n: number) => n.toFixed(1);

function line(op: Operation, r: RunReport): string {
    const wall = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
    const platform = (r.stacks.find((s) => s.stack === "platform")?.durationMs ?? 0) / 1000;
    const tenants = r.stacks.filter((s) => s.stack !== "platform");
    const slowest = tenants.reduce((a, b) => (b.durationMs > a.durationMs ? b : a), tenants[0]);
    const ideal = op === "drift" ? Math.max(platform, slowest.durationMs / 1000) : platform + slowest.durationMs / 1000;
    const ok = r.stacks.every((s) => s.state === "succeeded")
        ? ""
        : `  (${r.stacks
              .filter((s) => s.state !== "succeeded")
              .map((s) => `${s.stack} ${s.state}`)
              .join(", ")})`;
    return `${`${op} --all`.padEnd(14)} ${fmt(wall).padStart(7)} s   platform ${fmt(platform).padStart(6)} s + slowest tenant (${slowest.stack}) ${fmt(slowest.durationMs / 1000).padStart(6)} s = ${fmt(ideal).padStart(6)} s   wall/ideal ${(wall / ideal).toFixed(2)}${ok}`;
}

export async function benchEngine(): Promise<void> {
    const parallel = defaultParallelism();
    const env = { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "watercloud-bench" };
    const steps = { steps: 3, sleepMs: 2000 };
    const root = makeScratchProject({
        platform: steps,
        "flood-control": steps,
        hydrology: { steps: 5, sleepMs: 2000 },
        licensing: steps,
        "ocean-monitoring": steps,
        "water-supply": steps,
    });
    console.log("");
    console.log(
        `engine: a scratch fleet of the sample stacks (dynamic-provider steps of 2 s), --parallel ${parallel}, ${os.cpus().length} cpus`,
    );
    try {
        for (const op of ["up", "drift", "destroy"] as const) {
            if (op === "destroy") await noChangeUp(root, env);
            const r = await runOperation({ root, operation: op, stacks: "all", parallel, actor, env });
            console.log(line(op, r));
        }
    } finally {
        removeScratchProject(root);
    }
}

const CLOUD_RUNS = path.resolve(__dirname, "..", ".watercloud", "reports", "acceptance", "engine-fleet-runs");

/** The newest whole-fleet report of each operation in `dir` (up without --onboard). */
function newestFleetRuns(dir: string): Map<Operation, RunReport> {
    const out = new Map<Operation, RunReport>();
    if (!fs.existsSync(dir)) return out;
    for (const id of fs.readdirSync(dir).sort().reverse()) {
        const file = path.join(dir, id, "report.json");
        if (!fs.existsSync(file)) continue;
        const r = JSON.parse(fs.readFileSync(file, "utf8")) as RunReport;
        if (r.stacks.length < 2 || r.onboardOnly || out.has(r.operation)) continue;
        out.set(r.operation, r);
    }
    return out;
}

/** The figures of the acceptance suite's real runs on the cloud, when the suite has left them. */
export function cloudRunFigures(dir = CLOUD_RUNS): void {
    const runs = newestFleetRuns(dir);
    console.log("");
    if (runs.size === 0) {
        console.log(`engine on the acceptance cloud: no run reports in ${dir} (npm run test:acceptance leaves them)`);
        return;
    }
    const first = [...runs.values()].map((r) => r.startedAt).sort()[0];
    console.log(
        `engine on the acceptance cloud: the sample fleet (${[...runs.values()][0]!.stacks.length} stacks), the acceptance suite's runs of ${first} (${dir})`,
    );
    for (const op of ["up", "drift", "destroy"] as const) {
        const r = runs.get(op);
        console.log(r ? line(op, r) : `${`${op} --all`.padEnd(14)} no run report`);
    }
}

const TENANT = "hydrology";

/** One stack's phases as the report gives them (engine/phases.ts), in seconds. */
function phasesLine(r: RunReport): string {
    const s = r.stacks[0]!;
    const phases = Object.entries(s.phases ?? {})
        .map(([p, ms]) => `${p} ${fmt(ms / 1000)}`)
        .join(", ");
    return `${fmt(s.durationMs / 1000).padStart(6)} s  (${phases})`;
}

/**
 * The per-stack overhead: a tenant's `up` with nothing to change against its `drift`, each stack's time split into
 * the engine's phases. Goal: the up within 2x the drift.
 */
async function noChangeUp(root: string, env: Record<string, string>): Promise<void> {
    const up = await runOperation({ root, operation: "up", stacks: [TENANT], actor, env });
    const drift = await runOperation({ root, operation: "drift", stacks: [TENANT], actor, env });
    const changed = Object.keys(up.stacks[0]!.changes).filter((k) => k !== "same");
    console.log(`up ${TENANT} (no change${changed.length ? `? ${changed.join(", ")}` : ""}) ${phasesLine(up)}`);
    console.log(`drift ${TENANT}             ${phasesLine(drift)}`);
    const ratio = up.stacks[0]!.durationMs / drift.stacks[0]!.durationMs;
    console.log(`no-change up / drift  ${ratio.toFixed(2)} (goal <= 2)`);
}
