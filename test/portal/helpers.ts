/**
 * Fixtures of the portal's tests: a scratch project under git (the portal commits to it), a database of either
 * kind (SQLite in a file, or the real PostgreSQL of scripts/services/postgres.sh), accounts with passwords made at
 * run time, and a client that keeps the session cookie and CSRF token like a browser.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../portal/accounts";
import { openDatabase, type Database } from "../../portal/db/database";
import { TenantDirectory } from "../../portal/tenants";
import { copyProject, REPO } from "../cli/helpers";

export type DbKind = "sqlite" | "postgres";

export const git = (root: string, ...args: string[]) =>
    execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/** The sample project as a git repository with one commit. */
export function gitProject(label: string): string {
    const root = copyProject(`portal-${label}`);
    fs.copyFileSync(path.join(REPO, ".gitignore"), path.join(root, ".gitignore"));
    git(root, "init", "-q", "-b", "main");
    git(root, "add", "-A");
    git(root, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "sample project");
    return root;
}

/**
 * A whole copy of the project as it is in this checkout (every tracked file, node_modules linked), under git with
 * one commit: what the real engine needs to run the stack program on an approved request.
 */
export function fullProject(label: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `watercloud-portal-${label}-`));
    const files = execFileSync("git", ["-C", REPO, "ls-files", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
    for (const f of files) {
        if (!fs.existsSync(path.join(REPO, f))) continue; // deleted in the work tree
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.copyFileSync(path.join(REPO, f), path.join(root, f));
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"));
    git(root, "init", "-q", "-b", "main");
    git(root, "add", "-A");
    git(root, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "the project");
    return root;
}

/**
 * PostgreSQL's URL for a database of this suite (each test file its own, since files run in parallel and each
 * starts from empty tables); fails loudly when the server is not running.
 */
export function postgresUrl(database: string): string {
    try {
        return execFileSync("bash", [path.join(REPO, "scripts/services/postgres.sh"), "url", database], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        }).trim();
    } catch (e) {
        const err = e as { stderr?: string };
        throw new Error(
            `PostgreSQL is not reachable for the portal tests (start it with \`bash scripts/services/postgres.sh start\`): ${err.stderr ?? e}`,
            { cause: e },
        );
    }
}

const TABLES = ["request_events", "requests", "sessions", "users", "check_runs", "login_failures", "schema_version"];

/** A fresh, empty database of the kind (PostgreSQL: database `name`, the portal's tables dropped first). */
export async function freshDatabase(kind: DbKind, name = "portal_api"): Promise<Database> {
    if (kind === "sqlite")
        return openDatabase(
            `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-portal-db-")), "portal.db")}`,
        );
    const { Client } = await import("pg");
    const client = new Client({ connectionString: postgresUrl(name) });
    await client.connect();
    for (const t of TABLES) await client.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    await client.end();
    return openDatabase(postgresUrl(name));
}

/** Login rate limits out of the way, for suites that log in often from one address. */
export const RELAXED = {
    loginRatePerAddress: 100_000,
    loginRateTotal: 100_000,
    requestRatePerAddress: 1_000_000,
} as const;

export const password = () => `Pw-${randomBytes(12).toString("base64url")}-9a`;

export interface Accounts {
    readonly [username: string]: { readonly password: string };
}

/** The sample project's tenants (the stack files), which accounts may belong to. */
export const TENANTS = new TenantDirectory(REPO).slugs();

/** alice and amy (hydrology), fred (flood-control) members; bob and beth approvers; carol auditor; ada administrator. */
export async function seedAccounts(db: Database): Promise<Accounts> {
    const users = [
        { username: "alice", role: "member", tenant: "hydrology" },
        { username: "amy", role: "member", tenant: "hydrology" },
        { username: "fred", role: "member", tenant: "flood-control" },
        { username: "bob", role: "approver" },
        { username: "beth", role: "approver" },
        { username: "carol", role: "auditor" },
        { username: "ada", role: "admin" },
    ];
    const out: Record<string, { password: string }> = {};
    for (const u of users) {
        const p = password();
        await createUser(db, { ...u, password: p }, TENANTS);
        out[u.username] = { password: p };
    }
    return out;
}

export interface Reply {
    readonly status: number;
    readonly body: any;
    readonly headers: Record<string, unknown>;
    readonly text: string;
    /** The body's bytes (a downloaded workbook is not text). */
    readonly raw: Buffer;
}

/** A browser-like client over Fastify's inject: keeps cookies, sends the CSRF token on every POST. */
export class Client {
    private cookies = new Map<string, string>();
    csrf = "";

    /** `lang` is sent as Accept-Language (the portal answers in Chinese without one). */
    constructor(
        private readonly app: FastifyInstance,
        readonly lang: string | null = "en",
        /** The client's address (Fastify's inject lets a test speak from several). */
        readonly address = "127.0.0.1",
    ) {}

    async request(
        method: "GET" | "POST",
        url: string,
        payload?: unknown,
        opts: { csrf?: string | null; form?: boolean } = {},
    ): Promise<Reply> {
        const headers: Record<string, string> = {};
        const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
        if (cookie) headers.cookie = cookie;
        if (this.lang) headers["accept-language"] = this.lang;
        const token = opts.csrf === undefined ? this.csrf : opts.csrf;
        if (method === "POST" && token !== null && !opts.form) headers["x-csrf-token"] = token;
        let body: string | undefined;
        if (payload !== undefined && opts.form) {
            headers["content-type"] = "application/x-www-form-urlencoded";
            body = new URLSearchParams({
                ...(payload as Record<string, string>),
                ...(token !== null ? { _csrf: token } : {}),
            }).toString();
        } else if (payload !== undefined) {
            headers["content-type"] = "application/json";
            body = JSON.stringify(payload);
        }
        const r = await this.app.inject({
            method,
            url,
            headers,
            remoteAddress: this.address,
            ...(body !== undefined ? { payload: body } : {}),
        });
        for (const c of r.cookies as { name: string; value: string; expires?: Date }[]) {
            if (c.value === "" || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
            else this.cookies.set(c.name, c.value);
        }
        let parsed: unknown = undefined;
        if (String(r.headers["content-type"] ?? "").includes("json")) parsed = JSON.parse(r.body);
        return { status: r.statusCode, body: parsed, headers: r.headers, text: r.body, raw: r.rawPayload };
    }

    get(url: string) {
        return this.request("GET", url);
    }

    post(url: string, payload?: unknown, opts: { csrf?: string | null; form?: boolean } = {}) {
        return this.request("POST", url, payload, opts);
    }

    cookie(name: string): string | undefined {
        return this.cookies.get(name);
    }

    async login(username: string, pw: string): Promise<Reply> {
        const s = await this.get("/api/session");
        this.csrf = s.body.csrfToken;
        const r = await this.post("/api/login", { username, password: pw });
        if (r.status === 200) this.csrf = r.body.csrfToken;
        return r;
    }
}

export function webApp(name: string, parameters: Record<string, unknown> = {}, tenant = "hydrology") {
    return { tenant, service: { name, blueprint: "web-app@1.1.0", parameters } };
}
