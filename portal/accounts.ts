/**
 * Local accounts: passwords hashed with argon2id (memory-hard: a stolen table is slow to guess on GPUs), and
 * lockout after repeated failures (GB/T 22239 8.1.4.1 b: limit failed logins and end the session). The account
 * table never holds a password, only its PHC-format hash.
 */
import { randomUUID } from "node:crypto";
import { hash, verify, Algorithm } from "@node-rs/argon2";
import type { Database } from "./db/database";
import { newUserSchema, type Role } from "./schemas";

/** OWASP's argon2id floor is 19 MiB, 2 passes; 64 MiB and 3 passes costs ~100 ms here and is far above it. */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface User {
    readonly id: string;
    readonly username: string;
    readonly role: Role;
    readonly tenant: string | null;
}

interface UserRow extends User {
    password_hash: string;
    failed_logins: number;
    locked_until: string | null;
}

export class AccountError extends Error {}

export async function createUser(db: Database, input: unknown): Promise<User> {
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) throw new AccountError(parsed.error.issues.map((i) => `${i.path.join(".") || "user"}: ${i.message}`).join("; "));
    const u = parsed.data;
    if (await db.get(`SELECT id FROM users WHERE username = ?`, [u.username])) throw new AccountError(`user '${u.username}' already exists`);
    const user: User = { id: randomUUID(), username: u.username, role: u.role, tenant: u.tenant ?? null };
    await db.run(`INSERT INTO users (id, username, password_hash, role, tenant, failed_logins, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)`, [
        user.id, user.username, await hash(u.password, ARGON2), user.role, user.tenant, new Date().toISOString(),
    ]);
    return user;
}

export async function listUsers(db: Database): Promise<User[]> {
    return db.all<User>(`SELECT id, username, role, tenant FROM users ORDER BY username`);
}

export type LoginOutcome = { ok: true; user: User } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; until: string };

/** A hash to verify against when the user does not exist, so the answer takes as long either way. */
let dummyHash: Promise<string> | undefined;

export async function authenticate(db: Database, username: string, password: string, now = new Date()): Promise<LoginOutcome> {
    const row = await db.get<UserRow>(`SELECT id, username, role, tenant, password_hash, failed_logins, locked_until FROM users WHERE username = ?`, [username]);
    if (!row) {
        dummyHash ??= hash("not a password of anyone", ARGON2);
        await verify(await dummyHash, password);
        return { ok: false, reason: "invalid" };
    }
    if (row.locked_until && row.locked_until > now.toISOString()) return { ok: false, reason: "locked", until: row.locked_until };
    if (await verify(row.password_hash, password)) {
        await db.run(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, [row.id]);
        return { ok: true, user: { id: row.id, username: row.username, role: row.role, tenant: row.tenant } };
    }
    // An expired lock starts a fresh count.
    const failed = (row.locked_until ? 0 : Number(row.failed_logins)) + 1;
    if (failed >= MAX_FAILED_LOGINS) {
        const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
        await db.run(`UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`, [failed, until, row.id]);
        return { ok: false, reason: "locked", until };
    }
    await db.run(`UPDATE users SET failed_logins = ?, locked_until = NULL WHERE id = ?`, [failed, row.id]);
    return { ok: false, reason: "invalid" };
}
