/**
 * The portal's database: SQLite in a file by default (nothing to set up), PostgreSQL by one setting for a team.
 * Both sit behind this small interface so every query is written once, in SQL both understand: `?` placeholders
 * (numbered for PostgreSQL here), TEXT ids and ISO 8601 TEXT times, JSON as TEXT. State changes are single
 * conditional UPDATEs (`... WHERE state = ?`), which both engines make atomic without an explicit transaction.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { openPostgres } from "./postgres";
import { openSqlite } from "./sqlite";
import { PlainInputError } from "../../model";

export type Row = Record<string, unknown>;

export interface Database {
    readonly dialect: "sqlite" | "postgres";
    all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
    get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
    /** Returns the number of rows changed. */
    run(sql: string, params?: readonly unknown[]): Promise<number>;
    close(): Promise<void>;
}

/** A database setting that names no database the portal can use; the message never repeats a password. */
export class DatabaseUrlError extends PlainInputError {
    constructor(message: string) {
        super(message);
        this.name = "DatabaseUrlError";
    }
}

const SQLITE_HEADER = "SQLite format 3\0";

/**
 * `sqlite:PATH` (or a bare path) or `postgres://...` / `postgresql://...`. Any other `scheme:` is a mistake (a
 * misspelt `postgress://` taken as a file name would make a folder named after the password), and a SQLite path must
 * be a SQLite database or nothing yet.
 */
export async function openDatabase(url: string): Promise<Database> {
    const db = /^postgres(ql)?:\/\//.test(url) ? await openPostgres(url) : openSqlite(sqlitePath(url));
    await migrate(db);
    return db;
}

function sqlitePath(url: string): string {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(url)?.[1];
    if (scheme !== undefined && scheme !== "sqlite")
        throw new DatabaseUrlError(
            `unknown database scheme "${scheme}:"; use sqlite:FILE or postgres://USER@HOST/DB (password in PGPASSWORD or the URL)`,
        );
    const file = url.replace(/^sqlite:/, "");
    if (file === "") throw new DatabaseUrlError("sqlite: needs a file name, e.g. sqlite:.watercloud/portal.db");
    if (file === ":memory:") return file;
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(file);
    } catch {
        return file;
    }
    if (stat.isDirectory())
        throw new DatabaseUrlError(`${file} is a folder; name a database file, e.g. ${path.join(file, "portal.db")}`);
    if (!stat.isFile()) throw new DatabaseUrlError(`${file} is not a regular file; name a database file`);
    if (stat.size > 0 && !readsAsSqlite(file))
        throw new DatabaseUrlError(`${file} is not a SQLite database; name the portal's database or a new file`);
    return file;
}

function readsAsSqlite(file: string): boolean {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const fd = fs.openSync(file, "r");
    try {
        fs.readSync(fd, head, 0, head.length, 0);
    } finally {
        fs.closeSync(fd);
    }
    return head.toString("latin1") === SQLITE_HEADER;
}

/** The schema, version by version: each appends statements; applied versions are recorded. */
const MIGRATIONS: readonly (readonly string[])[] = [
    [
        `CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            tenant TEXT,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL
        )`,
        `CREATE TABLE IF NOT EXISTS sessions (
            id_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )`,
        `CREATE TABLE IF NOT EXISTS requests (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            service_name TEXT NOT NULL,
            blueprint TEXT NOT NULL,
            parameters TEXT NOT NULL,
            requester TEXT NOT NULL,
            state TEXT NOT NULL,
            check_result TEXT,
            footprint TEXT,
            decided_by TEXT,
            decision_reason TEXT,
            commit_sha TEXT,
            engine_report TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )`,
        `CREATE INDEX IF NOT EXISTS requests_tenant ON requests (tenant)`,
        `CREATE TABLE IF NOT EXISTS request_events (
            request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            state TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            message TEXT,
            PRIMARY KEY (request_id, seq)
        )`,
        `CREATE TABLE IF NOT EXISTS check_runs (
            id TEXT PRIMARY KEY,
            tenant TEXT NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            passed INTEGER NOT NULL,
            result TEXT NOT NULL
        )`,
        `CREATE INDEX IF NOT EXISTS check_runs_tenant ON check_runs (tenant, at)`,
    ],
    // Version 2: lockout counted per (user name, address) and per user name (address '*'), whether the name
    // exists or not (portal/lockout.ts); accounts an administrator disabled. users.failed_logins and
    // users.locked_until of version 1 are no longer read.
    [
        `CREATE TABLE IF NOT EXISTS login_failures (
            username TEXT NOT NULL,
            address TEXT NOT NULL,
            failures INTEGER NOT NULL,
            last_at TEXT NOT NULL,
            locked_until TEXT,
            PRIMARY KEY (username, address)
        )`,
        `ALTER TABLE users ADD COLUMN disabled_at TEXT`,
        `CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id)`,
    ],
];

async function migrate(db: Database): Promise<void> {
    await db.run(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const rows = await db.all<{ version: number }>(`SELECT version FROM schema_version`);
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (let i = 0; i < MIGRATIONS.length; i++) {
        const version = i + 1;
        if (applied.has(version)) continue;
        // PostgreSQL can make an added column idempotent (two portals migrating at once); SQLite runs one writer.
        for (const sql of MIGRATIONS[i]!)
            await db.run(db.dialect === "postgres" ? sql.replace("ADD COLUMN ", "ADD COLUMN IF NOT EXISTS ") : sql);
        // Two portals starting at once against one PostgreSQL: the second insert conflicts harmlessly.
        await db.run(
            `INSERT INTO schema_version (version, applied_at) VALUES (?, ?) ON CONFLICT (version) DO NOTHING`,
            [version, new Date().toISOString()],
        );
    }
}
