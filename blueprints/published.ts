/**
 * A published blueprint version never changes (tenants pin `name@version` exactly). The one edit allowed on it is
 * the deprecation step the README describes: `lifecycle: deprecated` and `replacedBy` naming the new version.
 * Published means on the main branch: the file as main has it is the reference, so a version still under review on
 * a branch may be revised, and once merged it may not. Meaning is compared, not text,
 * so quoting a value or a comment is not a change; any other edit, a pre-release's included, is.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "../model";

/** Why `after` is not an allowed edit of the published `before`, or undefined when it is (unchanged, or deprecated). */
export function publishedEditProblem(pin: string, before: string, after: string): string | undefined {
    const [was, now] = [before, after].map(readLeniently);
    if (was === undefined || now === undefined) return changed(pin);
    const { lifecycle: lifecycleWas, rest: restWas } = splitLifecycle(was);
    const { lifecycle: lifecycleNow, rest: restNow } = splitLifecycle(now);
    if (!isDeepStrictEqual(restWas, restNow)) return changed(pin);
    if (lifecycleNow !== lifecycleWas && lifecycleNow !== "deprecated")
        return `published blueprint version ${pin} may only move to lifecycle: deprecated (with replacedBy); publish a new version instead`;
    return undefined;
}

function changed(pin: string): string {
    return `published blueprint version ${pin} was changed; publish a new version instead`;
}

function readLeniently(text: string): unknown {
    try {
        return parseYaml(text, { maxAliasCount: 100 }) as unknown;
    } catch {
        return undefined;
    }
}

/** The document without `metadata.lifecycle` and `metadata.replacedBy`, and the lifecycle it had. */
function splitLifecycle(doc: unknown): { lifecycle: unknown; rest: unknown } {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { lifecycle: undefined, rest: doc };
    const { metadata, ...others } = doc as Record<string, unknown>;
    if (!metadata || typeof metadata !== "object") return { lifecycle: undefined, rest: doc };
    const { lifecycle, replacedBy: _replacedBy, ...meta } = metadata as Record<string, unknown>;
    return { lifecycle, rest: { ...others, metadata: meta } };
}

/** The branch that publishes versions; HEAD where the repository has no `main`. */
const PUBLISHED_ON = "main";

/**
 * Every blueprint version under `root` whose file differs from the one on the main branch by more than the
 * deprecation step, whether the edit is committed on a branch or not committed at all. A version main does not have
 * yet is still under review and may change. Nothing outside a git work tree (a copy has no history to compare with).
 */
export function publishedEdits(root: string, files: readonly { file: string; pin: string }[]): Diagnostic[] {
    const ref = git(root, ["rev-parse", "--verify", "--quiet", `${PUBLISHED_ON}^{commit}`]) ? PUBLISHED_ON : "HEAD";
    const published = git(root, ["ls-tree", "-r", "--name-only", "--full-tree", ref]);
    const prefix = git(root, ["rev-parse", "--show-prefix"]);
    if (published === undefined || prefix === undefined) return [];
    const inRef = new Set(published.split("\n"));
    const out: Diagnostic[] = [];
    for (const { file, pin } of files) {
        if (!inRef.has(`${prefix.trim()}${file}`)) continue;
        const before = git(root, ["show", `${ref}:./${file}`]);
        const after = readFile(path.join(root, file));
        if (before === undefined || after === undefined) continue;
        const problem = publishedEditProblem(pin, before, after);
        if (problem) out.push({ file, line: 1, col: 1, severity: "error", message: problem });
    }
    return out;
}

function readFile(abs: string): string | undefined {
    try {
        return fs.readFileSync(abs, "utf8");
    } catch {
        return undefined;
    }
}

/** Git's output, or undefined where git fails (no repository, no such ref or file). */
function git(root: string, args: readonly string[]): string | undefined {
    try {
        return execFileSync("git", [...args], {
            cwd: root,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            maxBuffer: 64 * 1024 * 1024,
        });
    } catch {
        return undefined;
    }
}
