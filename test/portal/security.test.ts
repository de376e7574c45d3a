/**
 * The portal under attack: each attack of the portal's security review, run for real and refused. Parallel
 * password guessing over real HTTP connections, a stranger locking an approver out, guessing from many
 * addresses, flooding logins or any page, weak passwords, accounts for tenants that do not exist, world-readable
 * files, and sessions that outlive their limits or their login.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, createUser } from "../../portal/accounts";
import { auditFile } from "../../engine";
import type { Database } from "../../portal/db/database";
import { buildServer } from "../../portal/server";
import { findSession, openSession, removeExpiredSessions, SESSION_COOKIE } from "../../portal/sessions";
import { DEFAULT_SETTINGS, resolveSettings, type PortalSettings } from "../../portal/settings";
import { REPO } from "../cli/helpers";
import { Client, freshDatabase, gitProject, password, RELAXED, TENANTS, type DbKind } from "./helpers";

/** The CLI from source (never a stale dist/). */
function watercloud(args: string[], env: Record<string, string>) {
    return spawnSync(
        process.execPath,
        ["--import", "tsx", "-e", "require('./cli/main').main(process.argv.slice(1))", "--", ...args],
        { cwd: REPO, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 },
    );
}

describe("passwords and accounts", () => {
    it("stores an argon2id hash, never the password, and refuses weak passwords with a strength estimator", async () => {
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        const row = await db.get<{ password_hash: string }>(`SELECT password_hash FROM users WHERE username = 'dora'`);
        expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
        expect(row!.password_hash).not.toContain(pw);
        const refused = async (username: string, p: string) =>
            createUser(db, { username, role: "auditor", password: p }, TENANTS).then(
                () => undefined,
                (e: { field: string; what: { key: string } }) => `${e.field}: ${e.what.key}`,
            );
        // Both pass "12 characters of three kinds"; both are among the first guesses of any cracker.
        expect(await refused("eve", "Password1234")).toBe("password: password.guessable");
        expect(await refused("eve", "password123!")).toBe("password: password.guessable");
        expect(await refused("eve", "Qwerty123456!")).toBe("password: password.guessable");
        expect(await refused("hydrology.operator", "Hydrology.Operator-1")).toBe("password: password.username");
        expect(await refused("eve", "short-1A")).toBe("password: password.short");
        expect(await refused("eve", pw)).toBeUndefined();
        expect(await refused("eve2", "Pw-" + "x".repeat(300))).toBe("password: account.invalid");
        await expect(
            createUser(db, { username: "frank", role: "member", password: pw }, TENANTS),
        ).rejects.toMatchObject({ field: "tenant" });
        await db.close();
    });

    it("`users add` refuses a member of a tenant that has no stack file, and a weak password, with exit 2", () => {
        const root = gitProject("users");
        const dbUrl = `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
        const nowhere = watercloud(
            ["--root", root, "users", "add", "gina", "--role", "member", "--tenant", "nowhere", "--db", dbUrl],
            { WATERCLOUD_PASSWORD: password() },
        );
        expect(nowhere.status).toBe(2);
        expect(nowhere.stderr).toContain(
            "--tenant: There is no tenant nowhere (tenants: flood-control, hydrology, licensing, ocean-monitoring, water-supply).",
        );
        const weak = watercloud(
            ["--root", root, "users", "add", "gina", "--role", "member", "--tenant", "hydrology", "--db", dbUrl],
            { WATERCLOUD_PASSWORD: "Password1234" },
        );
        expect(weak.status).toBe(2);
        expect(weak.stderr).toContain("password: The password is too easy to guess");
        const ok = watercloud(
            ["--root", root, "users", "add", "gina", "--role", "member", "--tenant", "hydrology", "--db", dbUrl],
            { WATERCLOUD_PASSWORD: password() },
        );
        expect(ok.status, ok.stderr).toBe(0);
        expect(ok.stdout).toBe("created member gina of hydrology\n");
    });

    it("creates the database (and its -wal, -shm) and the audit log readable by the owner only, in folders only the owner enters", async () => {
        const root = gitProject("modes");
        const file = path.join(root, ".watercloud", "portal.db");
        const { openDatabase } = await import("../../portal/db/database");
        const db = await openDatabase(`sqlite:${file}`);
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        const { app } = await buildServer({ root, db, settings: RELAXED });
        expect((await new Client(app).login("dora", pw)).status).toBe(200);
        const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
        expect(mode(path.dirname(file))).toBe("700");
        for (const f of [file, `${file}-wal`, `${file}-shm`, auditFile(root)])
            expect(`${path.basename(f)} ${mode(f)}`).toBe(`${path.basename(f)} 600`);
        await app.close();
        await db.close();
    });

    it("makes an audit trail an older version left readable to others readable by the owner only at its next record", async () => {
        const root = gitProject("old-modes");
        fs.mkdirSync(path.dirname(auditFile(root)), { recursive: true });
        fs.writeFileSync(auditFile(root), "", { mode: 0o644 });
        fs.chmodSync(auditFile(root), 0o644);
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        const { app } = await buildServer({ root, db, settings: RELAXED });
        expect((await new Client(app).login("dora", pw)).status).toBe(200);
        expect((fs.statSync(auditFile(root)).mode & 0o777).toString(8)).toBe("600");
        await app.close();
        await db.close();
    });
});

describe("sessions", () => {
    const limits = { sessionIdleMinutes: 20, sessionMaxHours: 2 };

    it("ends a session after the configured idle and absolute limits, keeps only the id's hash, and deletes expired rows", async () => {
        const db = await freshDatabase("sqlite");
        const user = await createUser(db, { username: "dora", role: "auditor", password: password() }, TENANTS);
        const other = await createUser(db, { username: "otto", role: "auditor", password: password() }, TENANTS);
        const t0 = new Date("2026-12-01T08:00:00Z");
        const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
        const s = await openSession(db, user, t0);
        expect(await db.get(`SELECT 1 FROM sessions WHERE id_hash = ?`, [s.id])).toBeUndefined();
        expect((await findSession(db, s.id, limits, at(19)))?.user.username).toBe("dora");
        // Active every 15 minutes: alive until the absolute limit, then gone.
        let m = 19;
        while (m + 15 < limits.sessionMaxHours * 60)
            expect(await findSession(db, s.id, limits, at((m += 15)))).toBeDefined();
        expect(await findSession(db, s.id, limits, at(limits.sessionMaxHours * 60 + 1))).toBeUndefined();
        // Idle sessions nobody comes back to are deleted all the same.
        await openSession(db, other, t0);
        expect(await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM sessions`)).toEqual({ n: 1 });
        expect(await removeExpiredSessions(db, limits, at(21))).toBe(1);
        expect(await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM sessions`)).toEqual({ n: 0 });
        await db.close();
    });

    it("ends the older session at a new login, and the current one at logout", async () => {
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        const { app } = await buildServer({ root: gitProject("sessions"), db, settings: RELAXED });
        const first = new Client(app);
        await first.login("dora", pw);
        expect((await first.get("/api/requests")).status).toBe(200);
        const second = new Client(app);
        await second.login("dora", pw);
        expect((await first.get("/api/requests")).status).toBe(401);
        expect((await second.get("/api/requests")).status).toBe(200);
        expect((await second.post("/api/logout")).status).toBe(200);
        expect((await second.get("/api/requests")).status).toBe(401);
        expect(await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM sessions`)).toEqual({ n: 0 });
        await app.close();
        await db.close();
    });

    it("takes its limits from flags or the environment, and refuses wrong ones naming where they came from", () => {
        expect(resolveSettings({}, {})).toEqual(DEFAULT_SETTINGS);
        expect(
            resolveSettings(
                { sessionIdleMinutes: "10" },
                { WATERCLOUD_PORTAL_SESSION_IDLE: "20", WATERCLOUD_PORTAL_LOCKOUT_FAILURES: "3" },
            ),
        ).toMatchObject({ sessionIdleMinutes: 10, lockoutAddressFailures: 3 });
        expect(() => resolveSettings({ sessionIdleMinutes: "0" }, {})).toThrow(
            '--session-idle "0": must be at least 1',
        );
        expect(() => resolveSettings({}, { WATERCLOUD_PORTAL_TIME_ZONE: "Mars/Olympus" })).toThrow(
            'WATERCLOUD_PORTAL_TIME_ZONE "Mars/Olympus": must be an IANA time zone such as Asia/Shanghai',
        );
        expect(() => resolveSettings({ sessionIdleMinutes: "600", sessionMaxHours: "8" }, {})).toThrow(
            "--session-idle (600 minutes) must not exceed --session-max (8 hours)",
        );
        const serve = watercloud(["serve", "--port", "0", "--lockout-failures", "many"], {});
        expect(serve.status).toBe(2);
        expect(serve.stderr).toContain('--lockout-failures "many"');
    });

    it("marks the session cookie Secure and sends HSTS when serving TLS", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-tls-"));
        execFileSync(
            "openssl",
            [
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                path.join(dir, "key.pem"),
                "-out",
                path.join(dir, "cert.pem"),
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
            ],
            { stdio: "ignore" },
        );
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        const { app } = await buildServer({
            root: gitProject("tls"),
            db,
            tls: { cert: path.join(dir, "cert.pem"), key: path.join(dir, "key.pem") },
        });
        const s = await app.inject({ method: "GET", url: "/api/session" });
        const token = (JSON.parse(s.body) as { csrfToken: string }).csrfToken;
        const r = await app.inject({
            method: "POST",
            url: "/api/login",
            headers: { "content-type": "application/json", "x-csrf-token": token, cookie: `wc_login_csrf=${token}` },
            payload: JSON.stringify({ username: "dora", password: pw }),
        });
        expect(r.statusCode).toBe(200);
        const cookie = ([] as string[])
            .concat(r.headers["set-cookie"] as string[])
            .find((h) => h.startsWith(`${SESSION_COOKIE}=`))!;
        expect(cookie).toMatch(/; Secure/);
        expect(r.headers["strict-transport-security"]).toBe("max-age=31536000");
        await app.close();
        await db.close();
    });
});

describe.each<DbKind>(["sqlite", "postgres"])("login attacks on %s", (kind) => {
    let db: Database;
    let pw: string;
    beforeAll(async () => {
        db = await freshDatabase(kind, "portal_attacks");
        pw = password();
        for (const username of ["bob", "beth"])
            await createUser(db, { username, role: "approver", password: pw }, TENANTS);
    });
    afterAll(async () => db?.close());

    /** A real server on a loopback port, and a login that opens its own connection like a separate client. */
    async function listening(settings: Partial<PortalSettings>) {
        const { app } = await buildServer({
            root: gitProject(`attack-${kind}`),
            db,
            settings: { ...RELAXED, ...settings },
        });
        const base = await app.listen({ port: 0, host: "127.0.0.1" });
        const s = await fetch(`${base}/api/session`);
        const token = ((await s.json()) as { csrfToken: string }).csrfToken;
        const login = async (username: string, p: string) => {
            const r = await fetch(`${base}/api/login`, {
                method: "POST",
                headers: {
                    "content-type": "application/json",
                    "x-csrf-token": token,
                    cookie: `wc_login_csrf=${token}`,
                    "accept-language": "en",
                    connection: "close",
                },
                body: JSON.stringify({ username, password: p }),
            });
            return r.status;
        };
        return { app, login };
    }

    it("counts parallel wrong passwords before verifying any: exactly the threshold is verified, the right password in a later burst is refused", async () => {
        const { app, login } = await listening({ lockoutAddressFailures: 5 });
        // 60 at once over separate connections: every attempt is counted before its password is checked.
        const burst = await Promise.all(Array.from({ length: 60 }, () => login("bob", "wrong password 1A!")));
        expect(burst.filter((s) => s === 401).length).toBe(5);
        expect(burst.filter((s) => s === 423).length).toBe(55);
        // Past the threshold, the right password inside another burst of wrong ones does not log in.
        const second = await Promise.all(
            Array.from({ length: 21 }, (_, i) => login("bob", i === 10 ? pw : "wrong password 1A!")),
        );
        expect(second).toEqual(Array(21).fill(423));
        await app.close();
    });

    it("holds a name back everywhere only after many failures from many addresses", async () => {
        const { app } = await buildServer({
            root: gitProject(`spread-${kind}`),
            db,
            settings: { ...RELAXED, lockoutAddressFailures: 3, lockoutAccountFailures: 8 },
        });
        const from = (address: string) => new Client(app, "en", address);
        const statuses: number[] = [];
        for (const address of ["198.51.100.1", "198.51.100.2"])
            for (let i = 0; i < 3; i++) statuses.push((await from(address).login("beth", "wrong password 1A!")).status);
        expect(statuses).toEqual(Array(6).fill(401));
        // beth herself, from her desk, after six failures elsewhere: in.
        expect((await from("203.0.113.7").login("beth", pw)).status).toBe(200);
        // Her success forgave only her own address's failures: nine more from three new addresses pass the name's threshold.
        for (const address of ["198.51.100.3", "198.51.100.4", "198.51.100.5"])
            for (let i = 0; i < 3; i++) await from(address).login("beth", "wrong password 1A!");
        expect((await from("203.0.113.8").login("beth", pw)).status).toBe(423);
        // An administrator's unlock lifts every hold.
        const { unlock } = await import("../../portal/accounts");
        await unlock(db, "beth");
        expect((await from("203.0.113.8").login("beth", pw)).status).toBe(200);
        await app.close();
    });

    it("answers a name that does not exist exactly as one that does, hold included", async () => {
        const policy = { lockoutAddressFailures: 2, lockoutAccountFailures: 50, lockoutMinutes: 15 };
        const answers = [];
        for (const name of ["bob-does-not-exist", "beth"]) {
            for (let i = 0; i < 3; i++)
                answers.push(
                    (await authenticate(db, name, "wrong password 1A!", "192.0.2.99", policy)) as {
                        ok: boolean;
                        reason?: string;
                    },
                );
        }
        expect(answers.map((a) => a.reason)).toEqual(["invalid", "invalid", "held", "invalid", "invalid", "held"]);
    });
});

describe("rate limits", () => {
    it("limits logins per address and overall, and any request per address, with 429", async () => {
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        const { app } = await buildServer({
            root: gitProject("rate"),
            db,
            settings: { loginRatePerAddress: 4, loginRateTotal: 10, requestRatePerAddress: 30 },
        });
        const a = new Client(app, "en", "198.51.100.10");
        const tries = [];
        for (let i = 0; i < 5; i++) tries.push((await a.login("nobody", "wrong password 1A!")).status);
        expect(tries).toEqual([401, 401, 401, 401, 429]);
        const limited = await a.login("dora", pw);
        expect(limited.status).toBe(429);
        expect(limited.body).toEqual({
            error: "Too many requests from your address: wait a minute and try again.",
            code: "refusal.rateLimited",
        });
        // Another address is not slowed by the first...
        const b = new Client(app, "en", "198.51.100.11");
        expect((await b.login("dora", pw)).status).toBe(200);
        // ...until all addresses together pass the overall limit (6 from the first, 1 from the second, 4 more: 11 > 10).
        for (let i = 0; i < 4; i++)
            await new Client(app, "en", `198.51.100.${20 + i}`).login("nobody", "wrong password 1A!");
        expect((await new Client(app, "en", "198.51.100.30").login("dora", pw)).status).toBe(429);
        // Any page: 30 a minute from one address.
        const c = new Client(app, "en", "198.51.100.40");
        const pages = [];
        for (let i = 0; i < 31; i++) pages.push((await c.get("/login")).status);
        expect(pages.slice(0, 30)).toEqual(Array(30).fill(200));
        expect(pages[30]).toBe(429);
        await app.close();
        await db.close();
    });
});
