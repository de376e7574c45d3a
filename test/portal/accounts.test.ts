/**
 * Unit test (argon2's verify observed, not replaced): every login answer costs one password verification, so
 * how long an answer takes does not tell a name that exists from one that does not, or a held-back name from a
 * wrong password. Timing itself is not measured here (no timed tests); the work done is.
 */
import { describe, expect, it, vi } from "vitest";

const calls: string[] = [];
vi.mock("@node-rs/argon2", async (original) => {
    const real = await original<typeof import("@node-rs/argon2")>();
    return { ...real, verify: async (h: string, p: string) => (calls.push(h.slice(0, 40)), real.verify(h, p)) };
});

describe("login cost", () => {
    it("verifies exactly one argon2id hash for a right, wrong, unknown, disabled or held-back login", async () => {
        const { authenticate, createUser, setDisabled } = await import("../../portal/accounts");
        const { freshDatabase, password, TENANTS } = await import("./helpers");
        const db = await freshDatabase("sqlite");
        const pw = password();
        await createUser(db, { username: "dora", role: "auditor", password: pw }, TENANTS);
        await createUser(db, { username: "dan", role: "auditor", password: pw }, TENANTS);
        await setDisabled(db, "dan", true);
        const policy = { lockoutAddressFailures: 1, lockoutAccountFailures: 50, lockoutMinutes: 15 };
        const cases: [string, string, string][] = [
            ["dora", pw, "ok"],
            ["dora", "wrong password 1A!", "invalid"],
            ["nobody", pw, "invalid"],
            ["dan", pw, "invalid"],
            ["dora", pw, "held"], // the address's one allowed attempt was the wrong one above
        ];
        for (const [name, p, expected] of cases) {
            calls.length = 0;
            const r = await authenticate(
                db,
                name,
                p,
                name === "dora" && expected === "ok" ? "192.0.2.1" : "192.0.2.2",
                policy,
            );
            expect(r.ok ? "ok" : (r as { reason: string }).reason, name).toBe(expected);
            expect(calls, `${name} ${expected}`).toHaveLength(1);
            expect(calls[0]).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
        }
        await db.close();
    });
});
