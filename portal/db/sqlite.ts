/**
 * SQLite through Node's own node:sqlite (synchronous, in-process: the default needs no server, and no native module
 * is compiled at install). The file holds password hashes and session hashes: it is made readable by its owner only
 * (0600, its folder 0700), and SQLite gives its -wal and -shm files the database file's mode.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { Database } from "./database";

export function openSqlite(file: string): Database {
    if (file !== ":memory:") {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
        fs.closeSync(fs.openSync(file, "a", 0o600));
        fs.chmodSync(file, 0o600);
    }
    const db = new DatabaseSync(file);
    // WAL lets pages read while a request is being written; foreign keys are off by default in SQLite.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA busy_timeout = 5000");
    // SQLite has no boolean; node:sqlite binds neither booleans nor undefined.
    const bind = (params: readonly unknown[]) =>
        params.map((p) => (typeof p === "boolean" ? Number(p) : (p ?? null)) as SQLInputValue);
    // Rows come without a prototype; callers get plain objects, as from PostgreSQL.
    const plain = <T>(row: unknown) => ({ ...(row as object) }) as T;
    return {
        dialect: "sqlite",
        all: async <T>(sql: string, params: readonly unknown[] = []) =>
            db
                .prepare(sql)
                .all(...bind(params))
                .map((r) => plain<T>(r)),
        get: async <T>(sql: string, params: readonly unknown[] = []) => {
            const row = db.prepare(sql).get(...bind(params));
            return row === undefined ? undefined : plain<T>(row);
        },
        run: async (sql: string, params: readonly unknown[] = []) =>
            Number(db.prepare(sql).run(...bind(params)).changes),
        close: async () => {
            db.close();
        },
    };
}
