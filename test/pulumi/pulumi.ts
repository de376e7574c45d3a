/**
 * The real engine for test/pulumi: where scripts/pulumi/build.sh put it, and small helpers to run it on scratch
 * projects in temp folders (never in the repo). Every suite calls `requirePulumi()` first: a missing engine or
 * plugin fails the suite with the command that builds it, it never skips.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const repo = resolve(__dirname, "../..");
const cache = process.env.WATERCLOUD_ENGINE_CACHE ?? join(homedir(), ".cache", "watercloud-engine");
/** Read from env.sh, the one place the CLI version is set. */
export const cliVersion = /^WATERCLOUD_PULUMI_VERSION=(\S+)$/m.exec(
    readFileSync(join(repo, "scripts/pulumi/env.sh"), "utf8"),
)![1]!;
export const bin = join(cache, `v${cliVersion}`, "bin");
export const pulumiHome = process.env.WATERCLOUD_PULUMI_HOME ?? join(cache, "pulumi-home");

export function lockVersion(pkg: string): string {
    const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
        packages: Record<string, { version: string }>;
    };
    return lock.packages[`node_modules/${pkg}`]!.version.replace(/^v/, "");
}

export function pluginPath(name: string, version: string): string {
    return join(pulumiHome, "plugins", `resource-${name}-v${version}`, `pulumi-resource-${name}`);
}

/** Throws (failing the suite) unless the CLI, the language host and the named resource plugins are installed. */
export function requirePulumi(...plugins: ("openstack" | "random")[]): void {
    const missing = [join(bin, "pulumi"), join(bin, "pulumi-language-nodejs")];
    for (const p of plugins) missing.push(pluginPath(p, lockVersion(`@pulumi/${p}`)));
    const absent = missing.filter((f) => !existsSync(f));
    if (absent.length > 0) {
        throw new Error(
            `the real engine is not built: ${absent.join(", ")} missing. Run \`npm run pulumi:build\` (scripts/pulumi/build.sh).`,
        );
    }
}

/** A project folder outside the repo that borrows the repo's node_modules; `files` are written relative to it. */
export function scratchProject(prefix: string, name: string, files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), `watercloud-${prefix}-`));
    symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true }));
    mkdirSync(join(dir, "state"));
    for (const [f, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), text);
    }
    return dir;
}

/** Runs the engine's `pulumi ARGS` in DIR with env.sh's offline settings and DIR/state as the backend. */
export function pulumi(dir: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
    return spawnSync("bash", ["-c", `source "${repo}/scripts/pulumi/env.sh" && exec pulumi "$@"`, "pulumi", ...args], {
        cwd: dir,
        encoding: "utf8",
        timeout: 300_000,
        maxBuffer: 64 << 20,
        env: { ...process.env, PULUMI_BACKEND_URL: `file://${dir}/state`, ...env },
    });
}

/** `pulumi ARGS` that must succeed; the engine's output is the failure message otherwise. */
export function pulumiOk(dir: string, args: string[], env: Record<string, string> = {}): string {
    const r = pulumi(dir, args, env);
    if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}
