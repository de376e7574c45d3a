/**
 * Where stack state lives. One setting chooses it: `WATERCLOUD_STATE_URL` (or the caller's `backendUrl`), else a
 * project-local folder, <root>/.watercloud/state, which needs nothing set up. Any DIY backend of the CLI works:
 * `file://`, `postgres://user:pass@host:port/db` (the CLI's PostgreSQL backend) or an S3-compatible store
 * (`s3://bucket?endpoint=host:port&s3ForcePathStyle=true`, Ceph RGW or Swift's S3 API).
 */
import * as fs from "fs";
import * as path from "path";
import { EngineInputError } from "./errors";

export const STATE_URL_VARIABLE = "WATERCLOUD_STATE_URL";

export interface Backend {
    /** The URL handed to the CLI (PULUMI_BACKEND_URL). */
    readonly url: string;
    /** The URL with any password removed, for reports, logs and the audit trail. */
    readonly display: string;
    readonly kind: "file" | "postgres" | "s3" | "other";
    /** file:// only: the folder. */
    readonly dir?: string;
}

/** `create`: make a file:// backend's folder (a run writes there; an offline reader must not). */
export function resolveBackend(
    root: string,
    given?: string,
    env: NodeJS.ProcessEnv = process.env,
    create = true,
): Backend {
    const url = given ?? env[STATE_URL_VARIABLE] ?? `file://${path.join(root, ".watercloud", "state")}`;
    if (url.startsWith("file://")) {
        const dir = path.resolve(root, url.slice("file://".length).replace(/^~(?=\/|$)/, process.env.HOME ?? "~"));
        if (create) fs.mkdirSync(dir, { recursive: true });
        return { url: `file://${dir}`, display: `file://${dir}`, kind: "file", dir };
    }
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new EngineInputError(
            `${STATE_URL_VARIABLE}: "${redact(url)}" is not a URL (file://DIR, postgres://USER:PASS@HOST:PORT/DB, s3://BUCKET?endpoint=...)`,
        );
    }
    const kind =
        parsed.protocol === "postgres:" || parsed.protocol === "postgresql:"
            ? "postgres"
            : parsed.protocol === "s3:"
              ? "s3"
              : "other";
    return { url, display: redact(url), kind };
}

/** Removes the password of a URL (postgres://user:secret@host → postgres://user:***@host). */
export function redact(url: string): string {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

/**
 * The lock files a DIY backend keeps for a stack (file:// only: other backends keep them in their store).
 * Layout of CLI 3.274.1: .pulumi/locks/organization/<project>/<stack>/<id>.json.
 */
export function lockFiles(backend: Backend, project: string, stack: string): string[] {
    if (!backend.dir) return [];
    const dir = path.join(backend.dir, ".pulumi", "locks", "organization", project, stack);
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => path.join(dir, f));
}

/**
 * A file backend's object store keeps each file's attributes in a `.attrs` file beside it. A process killed while
 * writing one leaves it empty, and every later read of that stack fails with the CLI's bare "EOF" (the Automation
 * API's "code: -2"). An absent attributes file means the defaults, so an empty one holds nothing a removal could lose.
 * Removes those of the project's stacks and locks; returns the stacks they belonged to, each with its files.
 */
export function removeEmptyAttributeFiles(backend: Backend, project: string): Map<string, string[]> {
    const removed = new Map<string, string[]>();
    if (!backend.dir) return removed;
    const stacksDir = path.join(backend.dir, ".pulumi", "stacks", project);
    const locksDir = path.join(backend.dir, ".pulumi", "locks", "organization", project);
    const take = (stack: string, file: string) => {
        if (!file.endsWith(".attrs") || fs.statSync(file).size !== 0) return;
        fs.rmSync(file);
        removed.set(stack, [...(removed.get(stack) ?? []), file]);
    };
    if (fs.existsSync(stacksDir))
        for (const f of fs.readdirSync(stacksDir)) take(f.split(".")[0], path.join(stacksDir, f));
    if (fs.existsSync(locksDir))
        for (const stack of fs.readdirSync(locksDir)) {
            const dir = path.join(locksDir, stack);
            if (fs.statSync(dir).isDirectory()) for (const f of fs.readdirSync(dir)) take(stack, path.join(dir, f));
        }
    return removed;
}
