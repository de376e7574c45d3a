/**
 * Login throttling that a stranger cannot turn against the people it protects.
 *
 * Failures are counted per (user name, address) and per user name from every address together (address `*`),
 * whether or not the name exists, so the answer never tells which names do. A pair is held back after
 * `lockoutAddressFailures` attempts: a stranger guessing an approver's password from one place locks only
 * themselves out, not the approver at their desk. The name is held back everywhere only after the much larger
 * `lockoutAccountFailures`, which a guesser reaches only from many addresses, each one slowed by the rate limits
 * (server.ts), so guessing stays bounded for every account without giving anyone a lock button.
 *
 * The attempt is counted BEFORE the password is verified, by one statement that increments and returns the
 * counts (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, the same SQL on SQLite and PostgreSQL), so parallel
 * attempts cannot read the same count: the (n+1)th attempt in a burst is refused however they interleave, even
 * when its password is right. A success then forgives the failures counted up to and including its own attempt,
 * and no attempt counted after it.
 */
import type { Database } from "./db/database";
import type { PortalSettings } from "./settings";

export const ALL_ADDRESSES = "*";

export type LockoutPolicy = Pick<
    PortalSettings,
    "lockoutAddressFailures" | "lockoutAccountFailures" | "lockoutMinutes"
>;

export interface Attempt {
    /** Neither the pair nor the name is held back: the password may be verified. */
    readonly allowed: boolean;
    /** The counts this attempt made (its own included): what a success forgives. */
    readonly address: number;
    readonly account: number;
}

const ROW = "login_failures";
/** A row whose hold ran out, or whose last failure is older than the window, starts counting afresh. */
const STALE = `((${ROW}.locked_until IS NOT NULL AND ${ROW}.locked_until <= excluded.last_at) OR (${ROW}.locked_until IS NULL AND ${ROW}.last_at <= ?))`;

const COUNT_SQL = `INSERT INTO ${ROW} (username, address, failures, last_at, locked_until) VALUES (?, ?, 1, ?, NULL), (?, '${ALL_ADDRESSES}', 1, ?, NULL)
ON CONFLICT (username, address) DO UPDATE SET
    failures = CASE WHEN ${STALE} THEN 1 ELSE ${ROW}.failures + 1 END,
    locked_until = CASE
        WHEN ${STALE} THEN NULL
        WHEN ${ROW}.locked_until IS NULL AND ${ROW}.failures + 1 > (CASE WHEN ${ROW}.address = '${ALL_ADDRESSES}' THEN CAST(? AS INTEGER) ELSE CAST(? AS INTEGER) END) THEN ?
        ELSE ${ROW}.locked_until END,
    last_at = excluded.last_at
RETURNING address, failures, locked_until`;

/** Counts one attempt of `username` from `address` and says whether its password may be verified. */
export async function countAttempt(
    db: Database,
    username: string,
    address: string,
    policy: LockoutPolicy,
    now = new Date(),
): Promise<Attempt> {
    const at = now.toISOString();
    const staleBefore = new Date(now.getTime() - policy.lockoutMinutes * 60_000).toISOString();
    const until = new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString();
    const rows = await db.all<{ address: string; failures: number | string; locked_until: string | null }>(COUNT_SQL, [
        username,
        address,
        at,
        username,
        at,
        staleBefore,
        staleBefore,
        policy.lockoutAccountFailures,
        policy.lockoutAddressFailures,
        until,
    ]);
    const pair = rows.find((r) => r.address !== ALL_ADDRESSES)!;
    const name = rows.find((r) => r.address === ALL_ADDRESSES)!;
    return {
        allowed: pair.locked_until === null && name.locked_until === null,
        address: Number(pair.failures),
        account: Number(name.failures),
    };
}

/** After a right password: forgets this address's failures up to this attempt, on both rows. */
export async function forgive(db: Database, username: string, address: string, attempt: Attempt): Promise<void> {
    const sql = `UPDATE ${ROW} SET failures = CASE WHEN failures > ? THEN failures - ? ELSE 0 END WHERE username = ? AND address = ? AND locked_until IS NULL`;
    await db.run(sql, [attempt.address, attempt.address, username, address]);
    await db.run(sql, [attempt.address, attempt.address, username, ALL_ADDRESSES]);
}

/** An administrator's unlock: every hold and count of the name goes. */
export async function clearFailures(db: Database, username: string): Promise<number> {
    return db.run(`DELETE FROM ${ROW} WHERE username = ?`, [username]);
}

export interface Hold {
    readonly address: string;
    readonly failures: number;
    readonly lockedUntil: string | null;
}

/** The name's live counts and holds (the administrator's view). */
export async function holdsOf(db: Database, username: string, now = new Date()): Promise<Hold[]> {
    const rows = await db.all<{ address: string; failures: number | string; locked_until: string | null }>(
        `SELECT address, failures, locked_until FROM ${ROW} WHERE username = ? AND locked_until > ? ORDER BY address`,
        [username, now.toISOString()],
    );
    return rows.map((r) => ({ address: r.address, failures: Number(r.failures), lockedUntil: r.locked_until }));
}

/** Drops counts nobody needs any more (expired holds, failures older than the window). */
export async function pruneFailures(db: Database, policy: LockoutPolicy, now = new Date()): Promise<number> {
    const staleBefore = new Date(now.getTime() - policy.lockoutMinutes * 60_000).toISOString();
    return db.run(
        `DELETE FROM ${ROW} WHERE (locked_until IS NOT NULL AND locked_until <= ?) OR (locked_until IS NULL AND last_at <= ?)`,
        [now.toISOString(), staleBefore],
    );
}
