/** Spawning the real CLI (`node bin/watercloud.js`) and making broken copies of the sample project to run it on. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
const BIN = path.join(REPO, "bin", "watercloud.js");

export interface CliRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export function cli(args: readonly string[], opts: { cwd?: string } = {}): CliRun {
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: opts.cwd ?? REPO,
        encoding: "utf8",
        env: { ...process.env, CI: "true", WATERCLOUD_DEBUG: "" },
        maxBuffer: 64 * 1024 * 1024,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch project: the repo's blueprints/, stacks/*.yaml, Pulumi.yaml and compliance/, nothing else. */
export function copyProject(label: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `watercloud-cli-${label}-`));
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    for (const f of fs.readdirSync(path.join(REPO, "stacks")).filter((f) => f.endsWith(".yaml"))) {
        fs.copyFileSync(path.join(REPO, "stacks", f), path.join(dir, "stacks", f));
    }
    fs.cpSync(path.join(REPO, "blueprints"), path.join(dir, "blueprints"), { recursive: true });
    if (fs.existsSync(path.join(REPO, "compliance")))
        fs.cpSync(path.join(REPO, "compliance"), path.join(dir, "compliance"), { recursive: true });
    return dir;
}

/** Replaces exactly one occurrence of `from` in a file of the copy (failing loudly if the sample changed). */
export function edit(root: string, file: string, from: string | RegExp, to: string): void {
    const abs = path.join(root, file);
    const text = fs.readFileSync(abs, "utf8");
    const matches =
        typeof from === "string"
            ? text.split(from).length - 1
            : (text.match(new RegExp(from.source, from.flags.includes("g") ? from.flags : from.flags + "g")) ?? [])
                  .length;
    if (matches !== 1) throw new Error(`${file}: expected one match of ${String(from)}, found ${matches}`);
    fs.writeFileSync(abs, text.replace(from, to));
}

/** 1-based line of the first line of `file` containing `needle`. */
export function lineOf(root: string, file: string, needle: string): number {
    const i = fs
        .readFileSync(path.join(root, file), "utf8")
        .split("\n")
        .findIndex((l) => l.includes(needle));
    if (i < 0) throw new Error(`${file} has no line containing ${needle}`);
    return i + 1;
}

export function stackNames(root: string): string[] {
    const names = fs
        .readdirSync(path.join(root, "stacks"))
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
    return ["platform", ...names.filter((n) => n !== "platform")];
}

export function removeDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}
