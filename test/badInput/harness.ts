/**
 * Bad input against the real `watercloud` command, table by table: each case breaks a fresh copy of the sample
 * project (or names a bad flag), runs the CLI as a subprocess with a time limit, and holds it to the contract of
 * docs/cli.md: exit code 2, the exact message (FILE:LINE:COL where a file is at fault, saying what to do), nothing
 * written (no new file or folder, no `.tmp-PID` left), no crash (exit 3, a stack trace) and no hang.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { copyProject, edit, REPO } from "../cli/helpers";

const BIN = path.join(REPO, "bin", "watercloud.js");
/** Far above any case's run (about two seconds alone, more on a busy machine); a case that reaches it has hung. */
const TIME_LIMIT_MS = 120_000;
/** The day the waivers' and attestations' dates are judged on, so messages naming dates stay the same. */
export const TODAY = "2026-12-07";

/** A fresh copy of the sample project, and a scratch folder beside it for paths outside the project. */
export interface Project {
    readonly root: string;
    readonly scratch: string;
    file(rel: string): string;
    write(rel: string, text: string): void;
    edit(rel: string, from: string | RegExp, to: string): void;
    remove(rel: string): void;
    read(rel: string): string;
}

/** What a case prints: its stderr lines, or those and its stdout ({@link said}). */
export type Expected = readonly string[] | { readonly stderr: readonly string[]; readonly stdout: string };

/** A case that prints `stdout` as well as the `stderr` lines. */
export function said(stdout: string, stderr: readonly string[]): Expected {
    return { stdout, stderr };
}

export interface BadCase {
    /** What is wrong, as a user would say it. */
    readonly name: string;
    /** The breakage, on a fresh copy. */
    readonly setup?: (p: Project) => void;
    /** The command after `--root COPY` (a function when it names paths of the copy). */
    readonly args: readonly string[] | ((p: Project) => readonly string[]);
    /**
     * Exactly what stderr says, line by line (`ROOT` and `SCRATCH` stand for the copy's and the scratch folder), and
     * stdout where the command prints there (a summary, a JSON error document); stdout is empty otherwise.
     */
    readonly stderr: Expected;
    /** Commander prints the command's help after these lines. */
    readonly help?: boolean;
    /** The copy is a git repository whose `main` holds the sample as published (for in-place edits). */
    readonly git?: boolean;
    /** With `git`: what main holds beyond the sample, committed before `setup` breaks it on a branch. */
    readonly published?: (p: Project) => void;
    /** Extra environment (e.g. a password the message must not show). */
    readonly env?: Readonly<Record<string, string>>;
    /** Text that must appear nowhere in the output (a password). */
    readonly secret?: string;
}

const copies: string[] = [];

/** Removes the copies made so far. */
export function removeCopies(): void {
    copies.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
}

function project(c: BadCase): Project {
    const root = copyProject("bad");
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-bad-scratch-"));
    copies.push(root, scratch);
    const p = handle(root, scratch);
    if (c.git) {
        c.published?.(p);
        const g = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "ignore" });
        g("init", "-q", "-b", "main");
        g("add", "-A");
        g("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "published");
        g("checkout", "-q", "-b", "change");
    }
    return p;
}

function handle(root: string, scratch: string): Project {
    const abs = (rel: string) => path.join(root, rel);
    return {
        root,
        scratch,
        file: abs,
        write: (rel, text) => {
            fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
            fs.writeFileSync(abs(rel), text);
        },
        edit: (rel, from, to) => edit(root, rel, from, to),
        remove: (rel) => fs.rmSync(abs(rel), { recursive: true, force: true }),
        read: (rel) => fs.readFileSync(abs(rel), "utf8"),
    };
}

/** Every path under `dir` with its size and kind (not .git's insides): what "nothing written" compares. */
function tree(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            if (e.name === ".git") continue;
            const p = path.join(d, e.name);
            const st = fs.lstatSync(p);
            out.push(`${path.relative(dir, p)} ${e.isDirectory() ? "dir" : st.size}`);
            if (e.isDirectory()) walk(p);
        }
    };
    walk(dir);
    return out.sort();
}

export interface Run {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly timedOut: boolean;
}

/** Runs the CLI in a subprocess, killed at the time limit (then `timedOut`). */
export function run(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], {
            cwd: REPO,
            env: { ...process.env, CI: "true", WATERCLOUD_DEBUG: "", WATERCLOUD_TODAY: TODAY, ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, TIME_LIMIT_MS);
        child.once("error", reject);
        child.once("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, timedOut });
        });
    });
}

/** Runs one case and returns what it did, with the copy's paths written ROOT and SCRATCH. */
export async function runCase(c: BadCase): Promise<Run & { written: string[]; removed: string[] }> {
    const p = project(c);
    c.setup?.(p);
    const before = [...tree(p.root).map((e) => `ROOT/${e}`), ...tree(p.scratch).map((e) => `SCRATCH/${e}`)];
    const args = typeof c.args === "function" ? c.args(p) : c.args;
    const r = await run(["--root", p.root, ...args], c.env);
    const after = [...tree(p.root).map((e) => `ROOT/${e}`), ...tree(p.scratch).map((e) => `SCRATCH/${e}`)];
    const shown = (s: string) => s.split(p.root).join("ROOT").split(p.scratch).join("SCRATCH");
    return {
        ...r,
        stdout: shown(r.stdout),
        stderr: shown(r.stderr),
        written: after.filter((e) => !before.includes(e)),
        removed: before.filter((e) => !after.includes(e)),
    };
}
