/**
 * One `watercloud` CLI process as CI runs it, timed from spawn to exit, with what the process itself reports at
 * exit (bench/maxRss.cjs): its peak resident set size and the CPU time it used. On a machine shared with other
 * work the wall time follows the load; the CPU time much less so, and both are printed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..");
const BIN = path.join(REPO, "bin", "watercloud.js");
const RSS_HOOK = path.join(__dirname, "maxRss.cjs");

export interface Run {
    readonly seconds: number;
    /** CPU time of the child (user + system), seconds. */
    readonly cpuSeconds: number;
    /** Peak resident set size of the child, MiB. */
    readonly peakMiB: number;
    readonly resources: number;
    readonly exitCode: number;
    /** The check's json output. */
    readonly json: unknown;
}

/** `watercloud --root ROOT ARGS --format json`: wall time, CPU time, peak RSS and the resources its output counts. */
export function runCli(root: string, args: readonly string[], env: Record<string, string> = {}): Run {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-bench-run-"));
    const usageFile = path.join(scratch, "usage");
    const out = path.join(scratch, "check.json");
    const started = process.hrtime.bigint();
    const child = spawnSync(
        process.execPath,
        ["--require", RSS_HOOK, BIN, "--root", root, ...args, "--format", "json", "--output", out],
        {
            env: { ...process.env, CI: "true", WATERCLOUD_BENCH_RSS_FILE: usageFile, ...env },
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // 0 and 1 are both a finished check (1: a mandatory rule said no); anything else means the run itself failed.
    if (child.status !== 0 && child.status !== 1) {
        throw new Error(`watercloud ${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
    }
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as { summary: { resources: number } };
    const usage = JSON.parse(fs.readFileSync(usageFile, "utf8")) as { maxRSS: number; cpuMicros: number };
    fs.rmSync(scratch, { recursive: true, force: true });
    return {
        seconds,
        cpuSeconds: usage.cpuMicros / 1e6,
        peakMiB: usage.maxRSS / 1024,
        resources: json.summary.resources,
        exitCode: child.status,
        json,
    };
}

export const fmt = (n: number, d = 2) => n.toFixed(d);
export const verdict = (ok: boolean) => (ok ? "ok" : "OVER TARGET");

export function line(label: string, r: Run): string {
    return `${label.padEnd(34)} ${String(r.resources).padStart(6)} resources  ${fmt(r.seconds).padStart(7)} s (cpu ${fmt(r.cpuSeconds)} s)  ${fmt(r.resources / r.seconds, 0).padStart(6)} resources/s  peak ${fmt(r.peakMiB, 0).padStart(5)} MiB`;
}

/** The machine, as every figure is printed with it: cores, memory, Node, and how busy it is. */
export function machineLine(): string {
    const cpus = os.cpus();
    return `machine: ${cpus.length} cpus (${cpus[0]?.model.trim() ?? "unknown"}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB memory, node ${process.version}, ${os.platform()} ${os.arch()}, load average ${os.loadavg()[0]!.toFixed(1)}`;
}
