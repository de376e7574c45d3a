/**
 * SQLite through better-sqlite3 (synchronous, in-process: the default needs no server). The file holds password
 * hashes and session hashes: it is made readable by its owner only (0600, its folder 0700), and SQLite gives its
 * -wal and -shm files the database file's mode.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "./database";

export function openSqlite(file: string): Database {
    if (file !== ":memory:") {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
        fs.closeSync(fs.openSync(file, "a", 0o600));
        fs.chmodSync(file, 0o600);
    }
    const db = new BetterSqlite3(file);
    // WAL lets pages read while a request is being written; foreign keys are off by default in SQLite.
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    const bind = (params: readonly unknown[]) => params.map((p) => (typeof p === "boolean" ? Number(p) : p));
    return {
        dialect: "sqlite",
        all: async <T>(sql: string, params: readonly unknown[] = []) => db.prepare(sql).all(...bind(params)) as T[],
        get: async <T>(sql: string, params: readonly unknown[] = []) => db.prepare(sql).get(...bind(params)) as T | undefined,
        run: async (sql: string, params: readonly unknown[] = []) => db.prepare(sql).run(...bind(params)).changes,
        close: async () => {
            db.close();
        },
    };
}
