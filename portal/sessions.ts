/**
 * Sessions: a random 256-bit id in an HttpOnly, SameSite=Strict cookie (Secure under TLS); the database keeps only
 * its SHA-256, so a copy of the table opens no session. Each session carries its CSRF token (synchronizer token):
 * every state-changing call must echo it in a form field or header. Idle and absolute lifetimes (configurable,
 * settings.ts) end sessions left open (level 3: end sessions after inactivity); a login ends the user's older
 * sessions, so one account has one live session; expired rows are deleted, not just ignored.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "./db/database";
import type { User } from "./accounts";
import type { PortalSettings } from "./settings";

export const SESSION_COOKIE = "wc_session";

export type SessionLimits = Pick<PortalSettings, "sessionIdleMinutes" | "sessionMaxHours">;

export interface Session {
    readonly user: User;
    readonly csrf: string;
    readonly idHash: string;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const randomToken = () => randomBytes(32).toString("base64url");

/** Opens a session for `user` and ends every older one of theirs. */
export async function openSession(db: Database, user: User, now = new Date()): Promise<{ id: string; csrf: string }> {
    const id = randomToken();
    const csrf = randomToken();
    const at = now.toISOString();
    await db.run(`DELETE FROM sessions WHERE user_id = ?`, [user.id]);
    await db.run(`INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)`, [
        sha256(id),
        user.id,
        csrf,
        at,
        at,
    ]);
    return { id, csrf };
}

export async function findSession(
    db: Database,
    id: string | undefined,
    limits: SessionLimits,
    now = new Date(),
): Promise<Session | undefined> {
    if (!id) return undefined;
    const idHash = sha256(id);
    const row = await db.get<{
        csrf: string;
        created_at: string;
        last_seen: string;
        uid: string;
        username: string;
        role: User["role"];
        tenant: string | null;
        disabled_at: string | null;
    }>(
        `SELECT s.csrf, s.created_at, s.last_seen, u.id AS uid, u.username, u.role, u.tenant, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
        [idHash],
    );
    if (!row) return undefined;
    const idle = now.getTime() - Date.parse(row.last_seen) > limits.sessionIdleMinutes * 60_000;
    const old = now.getTime() - Date.parse(row.created_at) > limits.sessionMaxHours * 3_600_000;
    if (idle || old || row.disabled_at !== null) {
        await closeSession(db, id);
        return undefined;
    }
    await db.run(`UPDATE sessions SET last_seen = ? WHERE id_hash = ?`, [now.toISOString(), idHash]);
    return {
        user: { id: row.uid, username: row.username, role: row.role, tenant: row.tenant },
        csrf: row.csrf,
        idHash,
    };
}

export async function closeSession(db: Database, id: string): Promise<void> {
    await db.run(`DELETE FROM sessions WHERE id_hash = ?`, [sha256(id)]);
}

/** Deletes every session past its idle or absolute limit; returns how many. */
export async function removeExpiredSessions(db: Database, limits: SessionLimits, now = new Date()): Promise<number> {
    const idleBefore = new Date(now.getTime() - limits.sessionIdleMinutes * 60_000).toISOString();
    const createdBefore = new Date(now.getTime() - limits.sessionMaxHours * 3_600_000).toISOString();
    return db.run(`DELETE FROM sessions WHERE last_seen < ? OR created_at < ?`, [idleBefore, createdBefore]);
}

/** Constant-time comparison of a presented CSRF token with the expected one. */
export function tokensMatch(expected: string, presented: unknown): boolean {
    if (typeof presented !== "string" || presented.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(expected), Buffer.from(presented));
}
