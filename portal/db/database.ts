/**
 * The portal's database: SQLite in a file by default (nothing to set up), PostgreSQL by one setting for a team.
 * Both sit behind this small interface so every query is written once, in SQL both understand: `?` placeholders
 * (numbered for PostgreSQL here), TEXT ids and ISO 8601 TEXT times, JSON as TEXT. State changes are single
 * conditional UPDATEs (`... WHERE state = ?`), which both engines make atomic without an explicit transaction.
 */
import { openPostgres } from "./postgres";
import { openSqlite } from "./sqlite";

export type Row = Record<string, unknown>;

export interface Database {
    readonly dialect: "sqlite" | "postgres";
    all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
    get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
    /** Returns the number of rows changed. */
    run(sql: string, params?: readonly unknown[]): Promise<number>;
    close(): Promise<void>;
}

/** `sqlite:PATH` (or a bare path) or `postgres://...` / `postgresql://...`. */
export async function openDatabase(url: string): Promise<Database> {
    const db = /^postgres(ql)?:\/\//.test(url) ? await openPostgres(url) : openSqlite(url.replace(/^sqlite:/, ""));
    await migrate(db);
    return db;
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
