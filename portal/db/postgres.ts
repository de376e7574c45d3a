/** PostgreSQL through pg's pool, for a team's portal; the same SQL as SQLite with `?` turned into `$n`. */
import { Pool } from "pg";
import type { Database } from "./database";

/** `?` -> `$1`, `$2`, ... (the portal's SQL never has a `?` inside a literal). */
export function numberPlaceholders(sql: string): string {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPostgres(url: string): Promise<Database> {
    const pool = new Pool({ connectionString: url, max: 5 });
    // Fail at start with the server's own words, not on the first page view.
    await pool.query("SELECT 1");
    return {
        dialect: "postgres",
        all: async <T>(sql: string, params: readonly unknown[] = []) =>
            (await pool.query(numberPlaceholders(sql), [...params])).rows as T[],
        get: async <T>(sql: string, params: readonly unknown[] = []) =>
            (await pool.query(numberPlaceholders(sql), [...params])).rows[0] as T | undefined,
        run: async (sql: string, params: readonly unknown[] = []) =>
            (await pool.query(numberPlaceholders(sql), [...params])).rowCount ?? 0,
        close: () => pool.end(),
    };
}
