/**
 * The `watercloud` command as an operator runs it on this project's machines (docs/provisioning.md, docs/cloud.md):
 * a process of its own, started from a shell that sourced scripts/cloud/env.sh (OS_CLOUD=watercloud, nothing else of
 * OpenStack's) and exported the team's passphrase and state backend. No credential is handed in any other way: the
 * engine and the stacks read them from /etc/openstack/clouds.yaml, as they would at a site.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { RunReport, StackStatus } from "../../engine";
import { REPO, REPORT_DIR, STATE_DIR } from "./pulumi";

export const BACKEND = `file://${STATE_DIR}`;
export const PASSPHRASE = "watercloud-acceptance";
const BIN = join(REPO, "bin", "watercloud.js");

/** The environment of a shell without OpenStack variables, as a new terminal has it. */
function cleanEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
        if (!k.startsWith("OS_") && k !== "WATERCLOUD_OPENSTACK_CLOUD") env[k] = v;
    return env;
}

/** `source scripts/cloud/env.sh; export PULUMI_CONFIG_PASSPHRASE=...; export WATERCLOUD_STATE_URL=...` */
export function operatorShell(): NodeJS.ProcessEnv {
    const sourced = spawnSync("bash", ["-c", "source scripts/cloud/env.sh && env -0"], {
        cwd: REPO,
        env: cleanEnv(),
        encoding: "utf8",
    });
    if (sourced.status !== 0) throw new Error(`source scripts/cloud/env.sh failed: ${sourced.stderr}`);
    const env: NodeJS.ProcessEnv = {};
    for (const kv of sourced.stdout.split("\0").filter(Boolean)) {
        const i = kv.indexOf("=");
        env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return {
        ...env,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        WATERCLOUD_STATE_URL: BACKEND,
        CI: "true",
        WATERCLOUD_DEBUG: "",
    };
}

export interface CommandRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface EngineRun extends CommandRun {
    /** The run report (`--format json`), when the command got as far as running. */
    readonly report?: RunReport;
}

/**
 * Makes sure `npx watercloud` runs this checkout's code: npm ci compiles dist/ once; a suite run after an edit of
 * the sources compiles it again rather than testing stale JavaScript.
 */
export function ensureBuilt(): void {
    const compiled = join(REPO, "dist", "cli", "main.js");
    const newest = (dir: string): number =>
        readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
            if (e.name === "node_modules" || e.name.startsWith(".") || e.name === "dist" || e.name === "test") return m;
            const p = join(dir, e.name);
            return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith(".ts") ? statSync(p).mtimeMs : 0);
        }, 0);
    if (existsSync(compiled) && statSync(compiled).mtimeMs >= newest(REPO)) return;
    const r = spawnSync("npm", ["run", "--silent", "build"], { cwd: REPO, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

/** `watercloud --root ROOT ARGS...` in the operator's shell; waits for it. */
export function watercloud(root: string, args: readonly string[]): Promise<CommandRun> {
    const child = start(root, args);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 3, stdout, stderr })));
}

/** Starts `watercloud --root ROOT ARGS...` in its own process group (so a test can kill it with all it started). */
export function start(root: string, args: readonly string[]): ChildProcess {
    return spawn(process.execPath, [BIN, "--root", root, ...args], {
        cwd: root,
        env: operatorShell(),
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
    });
}

/** An engine command (`preview|up|refresh|drift|destroy ...`) with `--yes` where it asks, and its JSON run report. */
export async function engineCommand(
    root: string,
    operation: string,
    stacks: readonly string[] | "all",
    ...flags: string[]
): Promise<EngineRun> {
    const asks = operation === "up" || operation === "destroy" ? ["--yes"] : [];
    const r = await watercloud(root, [
        operation,
        ...(stacks === "all" ? ["--all"] : stacks),
        ...asks,
        ...flags,
        "--format",
        "json",
    ]);
    let report: RunReport | undefined;
    try {
        report = JSON.parse(r.stdout) as RunReport;
    } catch {
        report = undefined;
    }
    return { ...r, report };
}

export async function status(root: string): Promise<StackStatus[]> {
    const r = await watercloud(root, ["status", "--format", "json"]);
    if (r.code !== 0) throw new Error(`watercloud status exited ${r.code}: ${r.stderr}`);
    return (JSON.parse(r.stdout) as { stacks: StackStatus[] }).stacks;
}

/** Every stack's result, for a failure message that says which stack and why (and where its log is). */
export function why(r: EngineRun): string {
    if (!r.report) return `no run report (exit ${r.code}):\n${r.stderr.split("\n").slice(-40).join("\n")}`;
    return r.report.stacks.map((s) => `${s.stack}: ${s.state} ${s.errors.join("; ")} (${s.logFile})`).join("\n");
}

/**
 * The project the suite deploys from: the sample's data (stacks/, blueprints/, compliance/) copied, so the suite
 * can write the certificate refs the tenants' administrators hand in, with the repository's program linked in.
 * Its run reports go to .watercloud/reports/acceptance/engine-fleet-runs (what `npm run bench -- --from-runs` reads).
 */
export function deployRoot(copy: string): string {
    const skip = new Set([".git", ".watercloud", "dist", "test"]);
    for (const dir of ["", "stacks"]) {
        for (const e of readdirSync(join(REPO, dir))) {
            if (dir === "" && skip.has(e)) continue;
            if (!existsSync(join(copy, dir, e))) symlinkSync(join(REPO, dir, e), join(copy, dir, e));
        }
    }
    const runs = join(REPORT_DIR, "engine-fleet-runs");
    mkdirSync(runs, { recursive: true });
    mkdirSync(join(copy, ".watercloud"), { recursive: true });
    symlinkSync(runs, join(copy, ".watercloud", "runs"));
    return copy;
}

/** The newest run directory of a deploy root (where the engine writes each stack's events). */
export function newestRun(root: string): string | undefined {
    const runs = join(root, ".watercloud", "runs");
    const newest = existsSync(runs) ? readdirSync(runs).sort().pop() : undefined;
    return newest ? join(runs, newest) : undefined;
}

export function readText(file: string): string {
    return existsSync(file) ? readFileSync(file, "utf8") : "";
}
