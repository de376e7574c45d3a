/**
 * Local accounts: passwords hashed with argon2id (memory-hard: a stolen table is slow to guess on GPUs), checked
 * for strength when set (passwords.ts), and logins throttled per name and address (lockout.ts, GB/T 22239
 * 8.1.4.1 b: limit failed logins). The account table never holds a password, only its PHC-format hash. An
 * administrator creates, disables, re-enables and unlocks accounts and resets passwords; each of those ends the
 * account's sessions where it should and is audited by the caller.
 */
import { randomUUID } from "node:crypto";
import { hash, verify, Algorithm } from "@node-rs/argon2";
import type { Database } from "./db/database";
import { msg, type Msg } from "./i18n";
import { clearFailures, countAttempt, forgive, holdsOf, type Hold, type LockoutPolicy } from "./lockout";
import { passwordProblem } from "./passwords";
import { newUserSchema, passwordResetSchema, type Role } from "./schemas";

/** OWASP's argon2id floor is 19 MiB, 2 passes; 64 MiB and 3 passes costs ~100 ms here and is far above it. */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export interface User {
    readonly id: string;
    readonly username: string;
    readonly role: Role;
    readonly tenant: string | null;
}

export interface Account extends User {
    readonly createdAt: string;
    readonly disabledAt: string | null;
    /** Live holds of the name (per address, or `*` everywhere). */
    readonly holds: readonly Hold[];
}

interface UserRow extends User {
    password_hash: string;
    disabled_at: string | null;
}

/** A mistake in an account's data: the field and what is wrong, in the catalogue's words. */
export class AccountError extends Error {
    constructor(
        readonly field: string,
        readonly what: Msg,
    ) {
        super(`${field}: ${what.key}`);
        this.name = "AccountError";
    }
}

/**
 * Creates an account. `tenants` are the tenants that exist (the stack files): a member of any other is refused.
 */
export async function createUser(db: Database, input: unknown, tenants: readonly string[]): Promise<User> {
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw new AccountError(i.path.map(String).join(".") || "user", msg("account.invalid", { detail: i.message }));
    }
    const u = parsed.data;
    if (u.tenant && !tenants.includes(u.tenant))
        throw new AccountError("tenant", msg("account.noTenant", { tenant: u.tenant, tenants: tenants.join(", ") }));
    const weak = passwordProblem(u.password, u.username);
    if (weak) throw new AccountError("password", weak);
    if (await db.get(`SELECT id FROM users WHERE username = ?`, [u.username]))
        throw new AccountError("username", msg("account.exists", { username: u.username }));
    const user: User = { id: randomUUID(), username: u.username, role: u.role, tenant: u.tenant ?? null };
    await db.run(
        `INSERT INTO users (id, username, password_hash, role, tenant, failed_logins, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)`,
        [user.id, user.username, await hash(u.password, ARGON2), user.role, user.tenant, new Date().toISOString()],
    );
    return user;
}

export async function listUsers(db: Database): Promise<User[]> {
    return db.all<User>(`SELECT id, username, role, tenant FROM users ORDER BY username`);
}

export async function listAccounts(db: Database, now = new Date()): Promise<Account[]> {
    const rows = await db.all<User & { created_at: string; disabled_at: string | null }>(
        `SELECT id, username, role, tenant, created_at, disabled_at FROM users ORDER BY username`,
    );
    return Promise.all(
        rows.map(async (r) => ({
            id: r.id,
            username: r.username,
            role: r.role,
            tenant: r.tenant,
            createdAt: r.created_at,
            disabledAt: r.disabled_at,
            holds: await holdsOf(db, r.username, now),
        })),
    );
}

export async function findAccount(db: Database, username: string): Promise<Account | undefined> {
    return (await listAccounts(db)).find((a) => a.username === username);
}

/** Disables (or re-enables) an account; a disabled account cannot log in and its sessions end. */
export async function setDisabled(db: Database, username: string, disabled: boolean): Promise<boolean> {
    const changed = await db.run(`UPDATE users SET disabled_at = ? WHERE username = ?`, [
        disabled ? new Date().toISOString() : null,
        username,
    ]);
    if (changed && disabled)
        await db.run(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)`, [username]);
    return changed === 1;
}

/** Sets a new password (checked like a new account's); the account's sessions end and its holds go. */
export async function resetPassword(db: Database, username: string, input: unknown): Promise<boolean> {
    const parsed = passwordResetSchema.safeParse(input);
    if (!parsed.success)
        throw new AccountError("password", msg("account.invalid", { detail: parsed.error.issues[0]!.message }));
    const weak = passwordProblem(parsed.data.password, username);
    if (weak) throw new AccountError("password", weak);
    const changed = await db.run(`UPDATE users SET password_hash = ? WHERE username = ?`, [
        await hash(parsed.data.password, ARGON2),
        username,
    ]);
    if (changed) {
        await db.run(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)`, [username]);
        await clearFailures(db, username);
    }
    return changed === 1;
}

export async function unlock(db: Database, username: string): Promise<number> {
    return clearFailures(db, username);
}

/** held: too many failures from this address, or for this name. Unknown and disabled names answer `invalid`. */
export type LoginOutcome = { ok: true; user: User } | { ok: false; reason: "invalid" | "held" };

/** A hash to verify against when there is no hash to verify, so every answer costs the same. */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hash("not a password of anyone", ARGON2));

export async function authenticate(
    db: Database,
    username: string,
    password: string,
    address: string,
    policy: LockoutPolicy,
    now = new Date(),
): Promise<LoginOutcome> {
    // Counted before anything is verified: see lockout.ts.
    const attempt = await countAttempt(db, username, address, policy, now);
    const row = await db.get<UserRow>(
        `SELECT id, username, role, tenant, password_hash, disabled_at FROM users WHERE username = ?`,
        [username],
    );
    const usable = attempt.allowed && row !== undefined && row.disabled_at === null;
    const right = await verify(usable ? row.password_hash : await dummy(), password);
    if (!attempt.allowed) return { ok: false, reason: "held" };
    if (!usable || !right) return { ok: false, reason: "invalid" };
    await forgive(db, username, address, attempt);
    return { ok: true, user: { id: row.id, username: row.username, role: row.role, tenant: row.tenant } };
}
