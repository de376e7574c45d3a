/** Sessions end when idle or old; under TLS the cookie is Secure; passwords are stored only as argon2id hashes. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { authenticate, createUser } from "../../portal/accounts";
import { buildServer } from "../../portal/server";
import { findSession, IDLE_MINUTES, ABSOLUTE_HOURS, openSession, SESSION_COOKIE } from "../../portal/sessions";
import { freshDatabase, gitProject, password } from "./helpers";

describe("portal security", () => {
    it("stores an argon2id hash, never the password, and refuses weak passwords", async () => {
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw });
        const row = await db.get<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'dora'`);
        expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
        expect(row!.password_hash).not.toContain(pw);
        await expect(createUser(db, { username: "eve", role: "auditor", password: "password" })).rejects.toThrow(/at least 12 characters/);
        await expect(createUser(db, { username: "eve", role: "member", password: pw })).rejects.toThrow(/a member needs a tenant/);
        expect((await authenticate(db, "dora", pw)).ok).toBe(true);
        await db.close();
    });

    it("ends a session after the idle limit and after the absolute limit, and keeps only the id's hash", async () => {
        const db = await freshDatabase("sqlite");
        const user = await createUser(db, { username: "dora", role: "auditor", password: password() });
        const t0 = new Date("2026-12-01T08:00:00Z");
        const s = await openSession(db, user, t0);
        expect(await db.get(`SELECT 1 FROM sessions WHERE id_hash = ?`, [s.id])).toBeUndefined();
        const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
        expect((await findSession(db, s.id, at(IDLE_MINUTES - 1)))?.user.username).toBe("dora");
        // Active every 20 minutes: alive until the absolute limit, then gone.
        let m = IDLE_MINUTES - 1;
        while (m + 20 < ABSOLUTE_HOURS * 60) expect(await findSession(db, s.id, at((m += 20)))).toBeDefined();
        expect(await findSession(db, s.id, at(ABSOLUTE_HOURS * 60 + 1))).toBeUndefined();
        const idle = await openSession(db, user, t0);
        expect(await findSession(db, idle.id, at(IDLE_MINUTES + 1))).toBeUndefined();
        expect(await findSession(db, idle.id, at(IDLE_MINUTES + 2))).toBeUndefined();
        await db.close();
    });

    it("marks the session cookie Secure and sends HSTS when serving TLS", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-tls-"));
        execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw });
        const { app } = await buildServer({ root: gitProject("tls"), db, tls: { cert: path.join(dir, "cert.pem"), key: path.join(dir, "key.pem") } });
        const s = await app.inject({ method: "GET", url: "/api/session" });
        const token = (JSON.parse(s.body) as { csrfToken: string }).csrfToken;
        const r = await app.inject({ method: "POST", url: "/api/login", headers: { "content-type": "application/json", "x-csrf-token": token, cookie: `wc_login_csrf=${token}` }, payload: JSON.stringify({ username: "dora", password: pw }) });
        expect(r.statusCode).toBe(200);
        const cookie = ([] as string[]).concat(r.headers["set-cookie"] as string[]).find((h) => h.startsWith(`${SESSION_COOKIE}=`))!;
        expect(cookie).toMatch(/; Secure/);
        expect(r.headers["strict-transport-security"]).toBe("max-age=31536000");
        await app.close();
        await db.close();
    });
});
