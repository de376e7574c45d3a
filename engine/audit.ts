/**
 * The audit trail (GB/T 22239-2019 8.1.4.3: audit records carry date and time, user, event type, success or
 * failure and other audit-relevant information, and are protected from deletion, modification or overwriting).
 *
 * Every engine operation appends to <root>/.watercloud/audit.log, one JSON object a line. Each record carries
 * the SHA-256 of the one before it (`prev`) and its own (`hash`, over its canonical JSON without `hash`), so an
 * edited, removed or reordered record breaks the chain at that point; {@link verifyAudit} says where. Appends are
 * serialised across processes by an exclusive lock file. Records are forwarded to the platform's audit sink
 * (syslog over TLS, engine/syslog.ts) when one is configured; the local file stays the source of truth.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { forwardPending } from "./syslog";
import type { Actor, AuditEntry } from "./types";

export const GENESIS = "0".repeat(64);

export interface AuditRecord extends AuditEntry {
    readonly seq: number;
    /** Where the engine ran (this machine, the project folder, the process); `actor.host` is where the request came from. */
    readonly from: { readonly host: string; readonly root: string; readonly pid: number };
    readonly prev: string;
    readonly hash: string;
}

export function auditFile(root: string): string {
    return path.join(root, ".watercloud", "audit.log");
}

/** JSON with keys sorted at every level: the bytes the hash is taken over do not depend on key order. */
export function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        return `{${Object.keys(obj)
            .filter((k) => obj[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}

export function recordHash(record: Omit<AuditRecord, "hash">): string {
    return crypto.createHash("sha256").update(canonical(record)).digest("hex");
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

/** An exclusive lock beside the log (O_EXCL create); a lock older than a minute is a crashed writer's and is taken over. */
async function withLock<T>(file: string, fn: () => T): Promise<T> {
    const lock = `${file}.lock`;
    for (let i = 0; ; i++) {
        try {
            fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
            break;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
            const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
            if (age > 60_000) fs.rmSync(lock, { force: true });
            else await sleep(Math.min(50 * (i + 1), 500));
        }
    }
    try {
        return fn();
    } finally {
        fs.rmSync(lock, { force: true });
    }
}

function parseLines(text: string): AuditRecord[] {
    return text
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as AuditRecord);
}

function lastRecord(file: string): AuditRecord | undefined {
    if (!fs.existsSync(file)) return undefined;
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    const last = lines[lines.length - 1];
    return last ? (JSON.parse(last) as AuditRecord) : undefined;
}

/** Appends one record to the trail (append-only), then forwards what the sink has not had yet. */
export async function appendAudit(root: string, entry: Omit<AuditEntry, "time">): Promise<void> {
    const file = auditFile(root);
    // The trail names users, addresses and requests: readable by the owner only, like the portal's database.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    await withLock(file, () => {
        const last = lastRecord(file);
        const body: Omit<AuditRecord, "hash"> = {
            seq: (last?.seq ?? 0) + 1,
            time: new Date().toISOString(),
            actor: entry.actor,
            from: { host: os.hostname(), root: path.resolve(root), pid: process.pid },
            action: entry.action,
            stacks: entry.stacks,
            result: entry.result,
            ...(entry.detail ? { detail: entry.detail } : {}),
            prev: last?.hash ?? GENESIS,
        };
        fs.appendFileSync(file, JSON.stringify({ ...body, hash: recordHash(body) }) + "\n", { flag: "a", mode: 0o600 });
        // `mode` applies only when the file is created: a trail an older version left readable to others is closed now
        // (by its owner only: another account sharing the file through its group may append, not change its mode).
        const st = fs.statSync(file);
        if (st.mode & 0o077 && st.uid === process.getuid?.()) fs.chmodSync(file, 0o600);
    });
    await forwardPending(root, readRecords(root));
}

export function readRecords(root: string): AuditRecord[] {
    const file = auditFile(root);
    return fs.existsSync(file) ? parseLines(fs.readFileSync(file, "utf8")) : [];
}

/** The trail, oldest first, optionally from a time on and for one stack. */
export async function readAudit(root: string, filter: { since?: string; stack?: string } = {}): Promise<AuditEntry[]> {
    const since = filter.since ? Date.parse(filter.since) : undefined;
    return readRecords(root).filter(
        (r) =>
            (since === undefined || Date.parse(r.time) >= since) && (!filter.stack || r.stacks.includes(filter.stack)),
    );
}

export interface AuditVerification {
    readonly ok: boolean;
    readonly records: number;
    /** The first record (1-based line) whose chain does not hold, and why. */
    readonly brokenAt?: { readonly line: number; readonly reason: string };
}

export function verifyAudit(root: string): AuditVerification {
    const file = auditFile(root);
    if (!fs.existsSync(file)) return { ok: true, records: 0 };
    const lines = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim());
    let prev = GENESIS;
    for (let i = 0; i < lines.length; i++) {
        let r: AuditRecord;
        try {
            r = JSON.parse(lines[i]) as AuditRecord;
        } catch {
            return { ok: false, records: lines.length, brokenAt: { line: i + 1, reason: "not a JSON record" } };
        }
        const { hash, ...body } = r;
        if (r.prev !== prev)
            return {
                ok: false,
                records: lines.length,
                brokenAt: {
                    line: i + 1,
                    reason: "does not follow the record before it (one was removed, inserted or reordered)",
                },
            };
        if (recordHash(body) !== hash)
            return {
                ok: false,
                records: lines.length,
                brokenAt: { line: i + 1, reason: "its content does not match its hash (it was edited)" },
            };
        if (r.seq !== i + 1)
            return {
                ok: false,
                records: lines.length,
                brokenAt: { line: i + 1, reason: `sequence number ${r.seq} where ${i + 1} was due` },
            };
        prev = hash;
    }
    return { ok: true, records: lines.length };
}

/** The actor of a command-line run: the OS user (or CI's), this host, and whether CI started it. */
export function cliActor(env: NodeJS.ProcessEnv = process.env): Actor {
    const ci = env.CI === "true";
    const user = env.WATERCLOUD_ACTOR ?? env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? os.userInfo().username;
    return { user, via: ci ? "ci" : "cli", host: os.hostname() };
}
