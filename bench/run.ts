/**
 * `npm run bench`: times `watercloud check --all` the way CI runs it, as a child process from Node start to exit.
 *
 *   real scale   30 tenants, ~270 hosts, every blueprint version     target <= 10 s and <= 1.5 GB peak RSS
 *   10x          300 tenants                                         target <= 11x the real-scale time
 *   plain way    the real-scale fleet with Pulumi SDK defaults (stack traces kept, WATERCLOUD_DEBUG=1) and one
 *                process per stack: what checking costs without the CLI's shortcuts, as a ratio
 *   one tenant   `check tenant-001` including Node start                 target <= 2 s
 *   docker       the local Docker target's image, up (cold, warm) and destroy times (bench/docker.ts)
 *
 * Then the provisioning engine's figures (bench/engine.ts, a scratch fleet): up/drift/destroy --all against the
 * platform's plus the slowest tenant's own time, and the same from the acceptance suite's real runs on the cloud
 * when .watercloud/reports/acceptance/engine-fleet-runs holds them; with WATERCLOUD_BENCH_CLOUD=1 also, against the acceptance cloud,
 * the engine's preview of one tenant and of the sample fleet next to `watercloud check --preview` (bench/preview.ts).
 *
 * Uses the compiled CLI when dist/ exists (bin/watercloud.js picks it), else TypeScript through tsx; says which.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { benchEngine, cloudRunFigures } from "./engine";
import { benchPreview } from "./preview";
import { dockerFigures } from "./docker";
import { makeFleetRoot, tenantName } from "./fleet";
import { listStacks } from "../model";

const REPO = path.resolve(__dirname, "..");
const BIN = path.join(REPO, "bin", "watercloud.js");
const RSS_HOOK = path.join(__dirname, "maxRss.cjs");

interface Run {
    readonly seconds: number;
    /** Peak resident set size of the child, MiB. */
    readonly peakMiB: number;
    readonly resources: number;
    readonly exitCode: number;
}

/** One CLI process: wall time from spawn to exit, its own peak RSS, and the resources its json output counts. */
function runCli(root: string, args: readonly string[], env: Record<string, string> = {}): Run {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-bench-run-"));
    const rssFile = path.join(scratch, "rss");
    const out = path.join(scratch, "check.json");
    const started = process.hrtime.bigint();
    const child = spawnSync(
        process.execPath,
        ["--require", RSS_HOOK, BIN, "--root", root, ...args, "--format", "json", "--output", out],
        {
            env: { ...process.env, CI: "true", WATERCLOUD_BENCH_RSS_FILE: rssFile, ...env },
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // 0 and 1 are both a finished check (1: a mandatory rule said no); anything else means the run itself failed.
    if (child.status !== 0 && child.status !== 1) {
        throw new Error(`watercloud ${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
    }
    const resources = (JSON.parse(fs.readFileSync(out, "utf8")) as { summary: { resources: number } }).summary
        .resources;
    const peakMiB = Number(fs.readFileSync(rssFile, "utf8")) / 1024;
    fs.rmSync(scratch, { recursive: true, force: true });
    return { seconds, peakMiB, resources, exitCode: child.status };
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? "ok" : "OVER TARGET");

function line(label: string, r: Run): string {
    return `${label.padEnd(34)} ${String(r.resources).padStart(6)} resources  ${fmt(r.seconds).padStart(7)} s  ${fmt(r.resources / r.seconds, 0).padStart(6)} resources/s  peak ${fmt(r.peakMiB, 0).padStart(5)} MiB`;
}

function main(): void {
    const compiled = fs.existsSync(path.join(REPO, "dist", "cli", "main.js"));
    const cpus = os.cpus();
    console.log(
        `machine: ${cpus.length} cpus (${cpus[0]?.model.trim() ?? "unknown"}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, node ${process.version}, ${os.platform()} ${os.arch()}`,
    );
    console.log(
        `cli: ${compiled ? "compiled (dist/)" : "TypeScript through tsx (no dist/; `npm run build` first for CI figures)"}`,
    );
    console.log("");

    const roots: string[] = [];
    try {
        const real = makeFleetRoot(REPO, 30, "30");
        roots.push(real);
        const tenX = makeFleetRoot(REPO, 300, "300");
        roots.push(tenX);

        // A first, untimed run warms the OS file cache so the first figure is not the odd one out.
        runCli(real, ["check", tenantName(0)]);

        const one = runCli(real, ["check", tenantName(0)]);
        console.log(line("one tenant (with Node start)", one));
        const r30 = runCli(real, ["check", "--all"]);
        console.log(line("real scale: 30 tenants + platform", r30));
        const r300 = runCli(tenX, ["check", "--all"]);
        console.log(line("10x: 300 tenants + platform", r300));

        // The plain way: SDK defaults (stack traces on every RPC promise) and a process per stack, one after another.
        let plainSeconds = 0;
        let plainPeak = 0;
        let plainResources = 0;
        for (const s of listStacks(real)) {
            const r = runCli(real, ["check", s], { WATERCLOUD_DEBUG: "1" });
            plainSeconds += r.seconds;
            plainPeak = Math.max(plainPeak, r.peakMiB);
            plainResources += r.resources;
        }
        const plain: Run = { seconds: plainSeconds, peakMiB: plainPeak, resources: plainResources, exitCode: 0 };
        console.log(line("plain way: 31 processes, traces on", plain));

        console.log("");
        console.log(
            `real scale  ${fmt(r30.seconds)} s (target <= 10 s) ${verdict(r30.seconds <= 10)}; peak ${fmt(r30.peakMiB, 0)} MiB (target <= 1536 MiB) ${verdict(r30.peakMiB <= 1536)}`,
        );
        console.log(
            `10x         ${fmt(r300.seconds / r30.seconds)}x the real-scale time (target <= 11x) ${verdict(r300.seconds / r30.seconds <= 11)}`,
        );
        console.log(`one tenant  ${fmt(one.seconds)} s (target <= 2 s) ${verdict(one.seconds <= 2)}`);
        console.log(`plain way   ${fmt(plain.seconds / r30.seconds, 1)}x slower than one check --all process`);
    } finally {
        for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
    }
    dockerFigures();
}

main();
// The engine's figures need the Pulumi engine (npm run pulumi:build); WATERCLOUD_BENCH_ENGINE=0 leaves them out.
if (process.env.WATERCLOUD_BENCH_ENGINE !== "0") {
    const failed = (what: string) => (e: unknown) => {
        console.error(`${what} bench failed: ${(e as Error).message}`);
        process.exitCode = 1;
    };
    benchEngine()
        .catch(failed("engine"))
        .then(() => cloudRunFigures())
        // Against the acceptance cloud, also the engine's preview next to the offline check (bench/preview.ts).
        .then(() => (process.env.WATERCLOUD_BENCH_CLOUD === "1" ? benchPreview() : undefined))
        .catch(failed("preview"));
}
