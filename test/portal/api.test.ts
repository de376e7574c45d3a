/**
 * The portal's API on both databases: every state change (submitted+checked, approved, rejected, provisioning with
 * its git commit) and every refusal (not logged in, missing CSRF token, wrong role, another tenant, one's own
 * approval, invalid parameters with the field named, lockout).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAUSES } from "../../policies/clauses";
import { ACTIONS } from "../../portal/authz";
import { LOCALES, msg, say } from "../../portal/i18n";
import type { Database } from "../../portal/db/database";
import { buildServer } from "../../portal/server";
import type { Portal } from "../../portal/service";
import { insertRequest } from "../../portal/requests";
import { DEFAULT_SETTINGS } from "../../portal/settings";
import {
    Client,
    freshDatabase,
    git,
    gitProject,
    RELAXED,
    seedAccounts,
    webApp,
    type Accounts,
    type DbKind,
} from "./helpers";

describe.each<DbKind>(["sqlite", "postgres"])("portal API on %s", (kind) => {
    let root: string;
    let db: Database;
    let accounts: Accounts;
    let app: Awaited<ReturnType<typeof buildServer>>["app"];
    let portal: Portal;
    const as = async (user: string) => {
        const c = new Client(app);
        const r = await c.login(user, accounts[user]!.password);
        expect(r.status).toBe(200);
        return c;
    };

    beforeAll(async () => {
        root = gitProject(kind);
        db = await freshDatabase(kind);
        accounts = await seedAccounts(db);
        // Many logins from one address in little time: the login rate limits have their own test (security.test.ts).
        ({ app, portal } = await buildServer({
            root,
            db,
            autoProvision: false,
            cloudsFile: path.join(root, "no-clouds.yaml"),
            settings: RELAXED,
        }));
    });
    afterAll(async () => {
        await app?.close();
        await portal?.idle();
        await db?.close();
    });

    it("refuses every API call without a session, and sends pages to the login", async () => {
        const c = new Client(app);
        expect((await c.get("/api/requests")).status).toBe(401);
        expect((await c.get("/api/catalog")).status).toBe(401);
        const page = await c.get("/requests");
        expect(page.status).toBe(302);
        expect(page.headers.location).toBe("/login");
    });

    it("sets the session cookie HttpOnly and SameSite=Strict, and refuses a login without the login CSRF token", async () => {
        const c = new Client(app);
        const noToken = await c.post(
            "/api/login",
            { username: "alice", password: accounts.alice!.password },
            { csrf: null },
        );
        expect(noToken.status).toBe(403);
        expect(noToken.body.code).toBe("refusal.csrf");
        const s = await c.get("/api/session");
        c.csrf = s.body.csrfToken;
        const r = await app.inject({
            method: "POST",
            url: "/api/login",
            headers: {
                "content-type": "application/json",
                "x-csrf-token": c.csrf,
                cookie: `wc_login_csrf=${c.cookie("wc_login_csrf")}`,
            },
            payload: JSON.stringify({ username: "alice", password: accounts.alice!.password }),
        });
        expect(r.statusCode).toBe(200);
        const setCookie = ([] as string[])
            .concat(r.headers["set-cookie"] as string[])
            .find((h) => h.startsWith("wc_session="))!;
        expect(setCookie).toMatch(/HttpOnly/);
        expect(setCookie).toMatch(/SameSite=Strict/);
        expect(setCookie).not.toMatch(/Secure/); // plain HTTP here; --tls-cert makes it Secure
        expect(r.headers["content-security-policy"]).toContain("default-src 'none'");
    });

    it("refuses a state change whose CSRF token is missing or wrong", async () => {
        const c = await as("alice");
        const missing = await c.post("/api/requests/check", webApp("web"), { csrf: null });
        expect(missing.status).toBe(403);
        const wrong = await c.post("/api/requests/check", webApp("web"), { csrf: "x".repeat(43) });
        expect(wrong.status).toBe(403);
        expect(wrong.body).toEqual({
            error: "The form is out of date (its security token is missing or wrong): reload the page and try again.",
            code: "refusal.csrf",
        });
    });

    it("holds a name back after repeated failures from one address, even for the right password, and answers unknown names the same", async () => {
        const c = new Client(app, "en", "192.0.2.10");
        const replies = async (name: string, pw: string) => {
            const out: [number, string][] = [];
            for (let i = 0; i < DEFAULT_SETTINGS.lockoutAddressFailures + 1; i++) {
                const r = await c.login(name, pw);
                out.push([r.status, r.body.error]);
            }
            return out;
        };
        const known = await replies("amy", "wrong password 1A!");
        const wrong: [number, string] = [401, "Wrong user name or password."];
        const held: [number, string] = [
            423,
            "Too many failed logins for this name: wait a while and try again, or ask an administrator to unlock it.",
        ];
        expect(known).toEqual([...Array(DEFAULT_SETTINGS.lockoutAddressFailures).fill(wrong), held]);
        // Nothing tells when the hold ends.
        expect(held[1]).not.toMatch(/\d{2}:\d{2}/);
        expect((await c.login("amy", accounts.amy!.password)).status).toBe(423);
        // A name nobody has gets exactly the same answers.
        expect(await replies("nobody", "wrong password 1A!")).toEqual(known);
        // From another address amy logs in: a stranger cannot lock her out.
        const desk = new Client(app, "en", "192.0.2.20");
        expect((await desk.login("amy", accounts.amy!.password)).status).toBe(200);
    });

    it("shows the catalogue by category with versions, defaults, examples, owner, lifecycle and replacements", async () => {
        const c = await as("alice");
        const r = await c.get("/api/catalog");
        expect(r.status).toBe(200);
        const app_ = r.body.categories.find((x: { category: string }) => x.category === "application");
        const web = app_.blueprints.find((b: { name: string }) => b.name === "web-app");
        expect(web.versions.map((v: { version: string }) => v.version)).toEqual(["1.2.0", "1.1.0", "1.0.0"]);
        const old = web.versions[2];
        expect(old.lifecycle).toBe("deprecated");
        expect(old.replacedBy).toBe("web-app@1.1.0");
        const v = web.versions[1];
        expect(v.owner).toBe("platform-team");
        expect(v.examples.map((e: { name: string }) => e.name)).toEqual(["minimal", "mysql", "stateless"]);
        expect(v.parametersJsonSchema.properties.replicas).toMatchObject({
            type: "integer",
            minimum: 2,
            maximum: 20,
            default: 2,
        });
        expect(v.parametersJsonSchema.properties.flavor.enum).toEqual(["m1.small", "m1.medium", "m1.large"]);
    });

    it("names the field of an invalid parameter with the planner's own message", async () => {
        const c = await as("alice");
        const r = await c.post("/api/requests", webApp("web", { replicas: 1, flavor: "m9.huge" }));
        expect(r.status).toBe(422);
        expect(r.body.fields).toEqual([
            expect.objectContaining({
                field: "service.parameters.replicas",
                severity: "error",
                message: "parameter 'replicas': must be >= 2 (got 1)",
            }),
            expect.objectContaining({
                field: "service.parameters.flavor",
                severity: "error",
                message: "parameter 'flavor': must be one of m1.small, m1.medium, m1.large (got string \"m9.huge\")",
            }),
        ]);
        expect((await c.get("/api/requests")).body).toEqual([]);
    });

    it("refuses a request over the tenant's quota at the quota fields", async () => {
        const c = await as("alice");
        const r = await c.post("/api/requests/check", webApp("web", { replicas: 20, flavor: "m1.large" }));
        expect(r.status).toBe(422);
        expect(r.body.passed).toBe(false);
        const fields = r.body.messages.map((m: { field: string }) => m.field);
        expect(fields).toEqual(["quota.instances", "quota.cores", "quota.ramGb"]);
        expect(r.body.messages[0].message).toBe(
            "the services need 25 instances, over the quota of 16 (gauges 2, models 3, web 20)",
        );
    });

    it("refuses a malformed request body naming the field (the stack file's own service schema)", async () => {
        const c = await as("alice");
        const r = await c.post("/api/requests", {
            tenant: "hydrology",
            service: { name: "Web App", blueprint: "web-app" },
        });
        expect(r.status).toBe(422);
        expect(r.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
            "service.blueprint",
            "service.name",
        ]);
    });

    it("refuses a member's request for another tenant, and an auditor's or approver's request", async () => {
        const alice = await as("alice");
        const r = await alice.post("/api/requests", webApp("web", {}, "flood-control"));
        expect(r.status).toBe(403);
        expect(r.body.error).toBe("You can request services for your own tenant only (水文监测 hydrology).");
        const carol = await as("carol");
        const a = await carol.post("/api/requests", webApp("web"));
        expect(a.status).toBe(403);
        expect(a.body.error).toBe("Your role (auditor) may not submit a request.");
        // Approvers approve, members request.
        const bob = await as("bob");
        expect((await bob.post("/api/requests", webApp("web"))).status).toBe(403);
    });

    it("refuses a deprecated version, naming its replacement, as the page hides it", async () => {
        const alice = await as("alice");
        const r = await alice.post("/api/requests", {
            tenant: "hydrology",
            service: { name: "old", blueprint: "web-app@1.0.0", parameters: {} },
        });
        expect(r.status).toBe(422);
        expect(r.body.fields).toEqual([
            {
                field: "service.blueprint",
                severity: "error",
                message: "blueprint web-app@1.0.0 is deprecated; request web-app@1.1.0 instead",
                text: "web-app@1.0.0 is deprecated and can no longer be requested: request web-app@1.1.0 instead.",
            },
        ]);
    });

    it("refuses a 200 KB parameter with 422 at its field before anything is written", async () => {
        const alice = await as("alice");
        const before = fs.readFileSync(path.join(root, "stacks/Pulumi.hydrology.yaml"), "utf8");
        const r = await alice.post("/api/requests", webApp("long", { healthCheckPath: `/${"a".repeat(200 * 1024)}` }));
        expect(r.status).toBe(422);
        expect(r.body.fields).toEqual([
            expect.objectContaining({
                field: "service.parameters.healthCheckPath",
                message: "parameter 'healthCheckPath': must not be longer than 256 character(s)",
                text: "healthCheckPath is too long: at most 256 characters.",
            }),
        ]);
        expect(fs.readFileSync(path.join(root, "stacks/Pulumi.hydrology.yaml"), "utf8")).toBe(before);
        expect((await alice.get("/api/requests")).body).toEqual([]);
    });

    let aliceRequest: string;
    let fredRequest: string;

    it("stores a request that passes the check as submitted then checked, with its footprint", async () => {
        const alice = await as("alice");
        const ok = await alice.post("/api/requests/check", webApp("portal-web", { replicas: 2 }));
        expect(ok.status).toBe(200);
        expect(ok.body.passed).toBe(true);
        const r = await alice.post("/api/requests", webApp("portal-web", { replicas: 2 }));
        expect(r.status).toBe(201);
        expect(r.body.state).toBe("checked");
        expect(r.body.events.map((e: { state: string }) => e.state)).toEqual(["submitted", "checked"]);
        expect(r.body.check.footprint).toEqual({ instances: 2, cores: 4, ramGb: 8, volumeGb: 80 });
        expect(r.body.check.summary.mandatory).toBe(0);
        aliceRequest = r.body.id;
        const fred = await as("fred");
        const f = await fred.post("/api/requests", {
            tenant: "flood-control",
            service: { name: "gis", blueprint: "static-site@1.0.0", parameters: {} },
        });
        expect(f.status, JSON.stringify(f.body)).toBe(201);
        fredRequest = f.body.id;
    });

    it("shows a member only their own tenant's requests, usage and compliance", async () => {
        const alice = await as("alice");
        const list = await alice.get("/api/requests");
        expect(list.body.map((r: { tenant: string }) => r.tenant)).toEqual(["hydrology"]);
        // Another tenant's request answers exactly as one that does not exist: nothing names the tenant.
        const other = await alice.get(`/api/requests/${fredRequest}`);
        const missing = await alice.get(`/api/requests/00000000-0000-4000-8000-000000000000`);
        expect(other.status).toBe(404);
        expect(other.body).toEqual({ error: `There is no request ${fredRequest}.`, code: "refusal.noRequest" });
        expect(missing.status).toBe(404);
        expect(other.text).not.toContain("flood-control");
        expect((await alice.get("/api/tenants/flood-control/usage")).status).toBe(404);
        expect((await alice.get("/api/tenants/flood-control/compliance")).status).toBe(404);
        expect((await alice.get("/api/fleet")).status).toBe(403);
        const page = await alice.get(`/requests/${fredRequest}`);
        expect(page.status).toBe(404);
        expect(page.text).not.toContain("flood-control");
        const carol = await as("carol");
        expect((await carol.get("/api/requests")).body.length).toBe(2);
    });

    it("counts a pending request as requested in the tenant's usage", async () => {
        const alice = await as("alice");
        const u = await alice.get("/api/tenants/hydrology/usage");
        expect(u.status).toBe(200);
        expect(u.body.quota).toEqual({ instances: 16, cores: 64, ramGb: 128, volumeGb: 1500 });
        expect(u.body.deployed).toEqual({ instances: 5, cores: 28, ramGb: 56, volumeGb: 680 });
        expect(u.body.requested).toEqual({ instances: 2, cores: 4, ramGb: 8, volumeGb: 80 });
        expect(u.body.pending.map((p: { service: string }) => p.service)).toEqual(["portal-web"]);
    });

    it("checks a request against the quota the tenant's pending requests already hold, and refuses a name taken by one", async () => {
        const amy = await as("alice");
        // 5 hosts in the file + 2 pending (portal-web) + 10 = 17 > 16; alone it would fit.
        const r = await amy.post(
            "/api/requests/check",
            webApp("archive-web", { replicas: 10, flavor: "m1.small", database: false }),
        );
        expect(r.status).toBe(422);
        expect(r.body.messages).toEqual([
            expect.objectContaining({
                field: "quota.instances",
                message:
                    "the services need 17 instances, over the quota of 16 (gauges 2, models 3, portal-web 2, archive-web 10)",
            }),
        ]);
        const same = await amy.post("/api/requests", webApp("portal-web"));
        expect(same.status).toBe(422);
        expect(same.body.fields[0]).toMatchObject({ field: "service.name" });
        expect(same.body.fields[0].message).toMatch(
            /^duplicate service name 'portal-web' \(first defined on line \d+\)$/,
        );
    });

    it("refuses a decision by a member or an auditor, and one without a reason", async () => {
        const alice = await as("alice");
        expect(
            (await alice.post(`/api/requests/${aliceRequest}/decision`, { decision: "approve", reason: "fine by me" }))
                .status,
        ).toBe(403);
        const carol = await as("carol");
        expect(
            (await carol.post(`/api/requests/${aliceRequest}/decision`, { decision: "approve", reason: "fine by me" }))
                .status,
        ).toBe(403);
        const bob = await as("bob");
        const noReason = await bob.post(`/api/requests/${aliceRequest}/decision`, { decision: "approve", reason: "" });
        expect(noReason.status).toBe(422);
        expect(noReason.body.fields[0].field).toBe("reason");
    });

    it("words a mistake outside a service request as that value's, not the tenant's stack file's", async () => {
        const notValid = "This value is not valid; the technical detail says why.";
        const bob = await as("bob");
        const decision = await bob.post(`/api/requests/${aliceRequest}/decision`, {
            decision: "maybe",
            reason: "because",
        });
        expect(decision.status).toBe(422);
        expect(decision.body.fields).toEqual([expect.objectContaining({ field: "decision", text: notValid })]);
        const carol = await as("carol");
        const day = await carol.get("/api/audit?from=tomorrow");
        expect(day.status).toBe(422);
        expect(day.body.fields).toEqual([
            expect.objectContaining({ field: "from", message: "must be a day, YYYY-MM-DD", text: notValid }),
        ]);
    });

    it("tells a role what it may not do in words, in either language, never by the action's key", async () => {
        const alice = await as("alice");
        expect((await alice.get("/api/audit")).body).toEqual({
            error: "Your role (member) may not read the audit trail.",
            code: "refusal.role",
        });
        const zh = new Client(app, "zh-CN");
        expect((await zh.login("alice", accounts.alice!.password)).status).toBe(200);
        expect((await zh.get("/api/audit")).body.error).toBe("您的角色（租户成员）无权查看审计记录。");
        expect((await zh.get("/audit")).text).not.toContain("audit.read");
        for (const action of ACTIONS)
            for (const locale of LOCALES)
                for (const role of ["member", "approver", "auditor", "admin"])
                    expect(say(locale, msg("refusal.role", { action, role }))).not.toContain(action);
    });

    it("never lets an approver decide their own request (separation of duties), and rejects with a reason", async () => {
        // Approvers cannot submit through the portal; a request in an approver's name (made before the rule, or by
        // hand in the database) is still never theirs to decide.
        const own = await insertRequest(
            db,
            "bob",
            webApp("bob-web", { database: false }) as never,
            { passed: true, checkedAt: new Date().toISOString(), messages: [] },
            new Date().toISOString(),
        );
        const bob = await as("bob");
        const self = await bob.post(`/api/requests/${own}/decision`, { decision: "approve", reason: "my own" });
        expect(self.status).toBe(403);
        expect(self.body.error).toMatch(/separation of duties/);
        expect((await bob.get(`/api/requests/${own}`)).body.state).toBe("checked");
        const beth = await as("beth");
        const rejected = await beth.post(`/api/requests/${own}/decision`, {
            decision: "reject",
            reason: "hydrology asked for this already",
        });
        expect(rejected.status).toBe(200);
        expect(rejected.body.state).toBe("rejected");
        expect(rejected.body.decidedBy).toBe("beth");
        expect(rejected.body.events.at(-1)).toMatchObject({
            state: "rejected",
            actor: "beth",
            message: "hydrology asked for this already",
        });
        const again = await beth.post(`/api/requests/${own}/decision`, {
            decision: "approve",
            reason: "changed my mind",
        });
        expect(again.status).toBe(409);
    });

    it("approves with a reason", async () => {
        const bob = await as("bob");
        const r = await bob.post(`/api/requests/${aliceRequest}/decision`, {
            decision: "approve",
            reason: "within quota, level 3 passes",
        });
        expect(r.status).toBe(200);
        expect(r.body.state).toBe("approved");
        expect(r.body.events.map((e: { state: string }) => e.state)).toEqual(["submitted", "checked", "approved"]);
    });

    it("lets the requester withdraw a waiting request, and no one else", async () => {
        const alice = await as("alice");
        const r = await alice.post("/api/requests", {
            tenant: "hydrology",
            service: { name: "notes", blueprint: "static-site@1.0.0", parameters: {} },
        });
        expect(r.status).toBe(201);
        const amy = await as("amy");
        const notHers = await amy.post(`/api/requests/${r.body.id}/withdraw`);
        expect(notHers.status).toBe(403);
        expect(notHers.body.error).toBe("Only the person who submitted a request can withdraw it.");
        const w = await alice.post(`/api/requests/${r.body.id}/withdraw`);
        expect(w.status).toBe(200);
        expect(w.body.state).toBe("withdrawn");
        expect(w.body.events.at(-1)).toMatchObject({ state: "withdrawn", actor: "alice" });
        const again = await alice.post(`/api/requests/${r.body.id}/withdraw`);
        expect(again.status).toBe(409);
        expect(again.body.error).toBe("Only a request waiting for approval can be withdrawn (this one is withdrawn).");
        // A withdrawn request no longer holds quota.
        expect(
            (await alice.get("/api/tenants/hydrology/usage")).body.pending.map((p: { service: string }) => p.service),
        ).not.toContain("notes");
    });

    it("under --no-provision, says so and lets an approver mark an approved request done with a note", async () => {
        const fred = await as("fred");
        const r = await fred.post("/api/requests", {
            tenant: "flood-control",
            service: { name: "maps", blueprint: "static-site@1.0.0", parameters: {} },
        });
        const beth = await as("beth");
        expect((await beth.post(`/api/requests/${r.body.id}/complete`, { note: "applied by hand" })).status).toBe(409);
        expect(
            (
                await beth.post(`/api/requests/${r.body.id}/decision`, {
                    decision: "approve",
                    reason: "small and in quota",
                })
            ).body.state,
        ).toBe("approved");
        const page = await beth.get(`/requests/${r.body.id}`);
        expect(page.text).toContain("This portal does not provision (started with --no-provision)");
        expect(page.text).toContain('id="complete-form"');
        expect((await beth.post(`/api/requests/${r.body.id}/complete`, { note: "" })).status).toBe(422);
        const done = await beth.post(`/api/requests/${r.body.id}/complete`, {
            note: "added to the stack file and ran watercloud up",
        });
        expect(done.status).toBe(200);
        expect(done.body.state).toBe("done");
        expect(done.body.events.at(-1)).toMatchObject({
            state: "done",
            actor: "beth",
            message: "added to the stack file and ran watercloud up",
        });
        expect((await beth.post(`/api/requests/${r.body.id}/retry`)).status).toBe(409);
    });

    it("lets the administrator create, disable, reset and unlock accounts, each audited, and nothing else", async () => {
        const ada = await as("ada");
        expect((await ada.get("/api/requests")).status).toBe(403);
        const weak = await ada.post("/api/accounts", {
            username: "gus",
            role: "member",
            tenant: "hydrology",
            password: "password123!",
        });
        expect(weak.status).toBe(422);
        expect(weak.body.fields).toEqual([
            expect.objectContaining({
                field: "password",
                // The technical message too is words, never the catalogue's key (password.guessable).
                message: expect.stringMatching(/^The password is too easy to guess/),
                text: expect.stringMatching(/^The password is too easy to guess/),
            }),
        ]);
        const nowhere = await ada.post("/api/accounts", {
            username: "gus",
            role: "member",
            tenant: "atlantis",
            password: "Pw-correct-horse-9",
        });
        expect(nowhere.status).toBe(422);
        expect(nowhere.body.fields[0]).toMatchObject({ field: "tenant" });
        const pw = "Pw-correct-horse-9";
        const created = await ada.post("/api/accounts", {
            username: "gus",
            role: "member",
            tenant: "hydrology",
            password: pw,
        });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
            username: "gus",
            role: "member",
            tenant: "hydrology",
            disabledAt: null,
            holds: [],
        });
        const gus = new Client(app);
        expect((await gus.login("gus", pw)).status).toBe(200);
        expect((await ada.post("/api/accounts/gus/disable")).body.disabledAt).not.toBeNull();
        // Disabled: the session ends, and a login gets the same answer as a wrong password.
        expect((await gus.get("/api/requests")).status).toBe(401);
        expect((await new Client(app).login("gus", pw)).body.error).toBe("Wrong user name or password.");
        expect((await ada.post("/api/accounts/ada/disable")).status).toBe(409);
        await ada.post("/api/accounts/gus/enable");
        const held = new Client(app, "en", "192.0.2.77");
        for (let i = 0; i < 6; i++) await held.login("gus", "wrong password 1A!");
        expect(
            (await ada.get("/api/accounts")).body.find((a: { username: string }) => a.username === "gus").holds,
        ).toEqual([expect.objectContaining({ address: "192.0.2.77" })]);
        expect((await ada.post("/api/accounts/gus/unlock")).body.holds).toEqual([]);
        expect((await held.login("gus", pw)).status).toBe(200);
        const newPw = "Pw-battery-staple-7";
        expect((await ada.post("/api/accounts/gus/password", { password: newPw })).status).toBe(200);
        expect((await held.get("/api/requests")).status).toBe(401);
        expect((await new Client(app).login("gus", pw)).status).toBe(401);
        expect((await new Client(app).login("gus", newPw)).status).toBe(200);
        const carol = await as("carol");
        const trail = (await carol.get("/api/audit?actor=ada")).body.entries
            .filter((e: { action: string }) => e.action.startsWith("portal.account."))
            .map((e: { action: string; detail: { username: string } }) => `${e.action} ${e.detail.username}`);
        expect(trail).toEqual([
            "portal.account.reset gus",
            "portal.account.unlock gus",
            "portal.account.enable gus",
            "portal.account.disable gus",
            "portal.account.create gus",
        ]);
    });

    it("runs the level-3 check of a tenant and keeps the latest run with its matrix; the auditor only reads it", async () => {
        const carol = await as("carol");
        expect((await carol.get("/api/tenants/hydrology/compliance")).status).toBe(404);
        expect((await carol.post("/api/tenants/hydrology/compliance")).status).toBe(403);
        expect((await carol.post("/compliance/hydrology/run", {}, { form: true })).status).toBe(403);
        expect((await carol.get("/compliance/hydrology")).text).not.toContain('id="run-check"');
        const bob = await as("bob");
        const run = await bob.post("/api/tenants/hydrology/compliance");
        expect(run.status).toBe(201);
        expect(run.body.passed).toBe(true);
        expect(run.body.matrix.length).toBe(CLAUSES.length);
        expect(run.body.findings.filter((f: { waived: boolean }) => f.waived).length).toBe(run.body.summary.waived);
        const latest = await carol.get("/api/tenants/hydrology/compliance");
        expect(latest.body.id).toBe(run.body.id);
    });

    it("gives approvers and auditors the fleet's statistics by tenant, blueprint and category", async () => {
        const carol = await as("carol");
        const f = await carol.get("/api/fleet");
        expect(f.status).toBe(200);
        expect(f.body.byTenant.hydrology).toEqual({ instances: 5, cores: 28, ramGb: 56, volumeGb: 680 });
        expect(Object.keys(f.body.byCategory).sort()).toEqual(
            ["application", "data", "infrastructure"].filter((c) => f.body.byCategory[c]),
        );
        const sum = Object.values(f.body.byTenant as Record<string, { cores: number }>).reduce(
            (n, x) => n + x.cores,
            0,
        );
        expect(f.body.total.cores).toBe(sum);
    });

    it("serves an OpenAPI description whose request bodies are the handlers' schemas", async () => {
        const r = await new Client(app).get("/openapi.json");
        expect(r.status).toBe(200);
        expect(r.body.openapi).toBe("3.1.0");
        const schema = r.body.paths["/api/requests"].post.requestBody.content["application/json"].schema;
        expect(schema.required).toEqual(["tenant", "service"]);
        expect(
            r.body.paths["/api/requests/{id}/decision"].post.requestBody.content["application/json"].schema.properties
                .decision.enum,
        ).toEqual(["approve", "reject"]);
    });

    it("writes every login, request, refusal and decision to the engine's audit trail", async () => {
        const carol = await as("carol");
        const r = await carol.get("/api/audit?q=portal");
        expect(r.status).toBe(200);
        const all = (await carol.get("/api/audit")).body;
        expect(all.total).toBeGreaterThan(0);
        r.body.entries = [
            ...r.body.entries,
            ...(r.body.pages > 1 ? (await carol.get("/api/audit?q=portal&page=2")).body.entries : []),
        ];
        const actions = new Set(r.body.entries.map((e: { action: string }) => e.action));
        for (const a of [
            "portal.login",
            "portal.request.submit",
            "portal.request.refused",
            "portal.request.approve",
            "portal.request.reject",
            "portal.compliance.check",
        ])
            expect(actions).toContain(a);
        const approval = r.body.entries.find(
            (e: { action: string; detail?: { request?: string } }) =>
                e.action === "portal.request.approve" && e.detail?.request === aliceRequest,
        );
        expect(approval).toMatchObject({
            actor: { user: "bob", via: "portal" },
            stacks: ["hydrology"],
            result: "approved",
            detail: { reason: "within quota, level 3 passes" },
        });
        expect(
            r.body.entries.some(
                (e: { action: string; result: string; actor: { user: string } }) =>
                    e.action === "portal.login" && e.result === "held" && e.actor.user === "amy",
            ),
        ).toBe(true);
        const alice = await as("alice");
        expect((await alice.get("/api/audit")).status).toBe(403);
    });

    it("ends the session at logout", async () => {
        const c = await as("carol");
        expect((await c.post("/api/logout")).status).toBe(200);
        expect((await c.get("/api/requests")).status).toBe(401);
    });

    it("provisions an approved request: the service is committed to the tenant's stack file, layout kept", async () => {
        const before = fs.readFileSync(path.join(root, "stacks/Pulumi.hydrology.yaml"), "utf8");
        const headBefore = git(root, "rev-parse", "HEAD");
        const saved = { p: process.env.PULUMI_CONFIG_PASSPHRASE, f: process.env.PULUMI_CONFIG_PASSPHRASE_FILE };
        delete process.env.PULUMI_CONFIG_PASSPHRASE;
        delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
        const { app: app2, portal: portal2 } = await buildServer({ root, db, autoProvision: true, settings: RELAXED });
        try {
            const alice = new Client(app2);
            await alice.login("alice", accounts.alice!.password);
            const r = await alice.post(
                "/api/requests",
                webApp("intranet", { replicas: 3, flavor: "m1.small", database: false }),
            );
            expect(r.status).toBe(201);
            const bob = new Client(app2);
            await bob.login("bob", accounts.bob!.password);
            expect(
                (
                    await bob.post(`/api/requests/${r.body.id}/decision`, {
                        decision: "approve",
                        reason: "small and within quota",
                    })
                ).status,
            ).toBe(200);
            await portal2.idle();
            const after = fs.readFileSync(path.join(root, "stacks/Pulumi.hydrology.yaml"), "utf8");
            // Everything that was there stays byte for byte; the new entry follows, in the file's flow style.
            expect(after.startsWith(before.trimEnd())).toBe(true);
            expect(after.slice(before.trimEnd().length)).toBe(
                "\n    - name: intranet\n      blueprint: web-app@1.1.0\n      parameters: { replicas: 3, flavor: m1.small, database: false }\n",
            );
            expect(git(root, "rev-parse", "HEAD^")).toBe(headBefore);
            expect(git(root, "log", "-1", "--format=%an%n%s")).toBe(
                "alice\nhydrology: add service intranet (web-app@1.1.0)",
            );
            expect(git(root, "status", "--porcelain")).toBe("");
            const done = await bob.get(`/api/requests/${r.body.id}`);
            expect(done.body.commit).toBe(git(root, "rev-parse", "HEAD"));
            const states = done.body.events.map((e: { state: string }) => e.state);
            expect(states.slice(0, 5)).toEqual(["submitted", "checked", "approved", "provisioning", "provisioning"]);
            // This scratch server has no passphrase for the stacks' secrets: the engine refuses before touching
            // anything, and the request says so and what to do (the browser test provisions for real).
            expect(done.body.state).toBe("failed");
            expect(done.body.events.at(-1).message).toBe(
                "provisioning stopped: no passphrase for the stacks' secrets: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to the team's passphrase. Fix the cause, then retry here",
            );
            const audit = (await bob.get("/api/audit")).body.entries as { action: string; result: string }[];
            expect(audit[0]).toMatchObject({ action: "portal.provision", result: "failed" });
            // A retry goes back to the engine without committing again; only an approver may ask, only when failed.
            expect((await alice.post(`/api/requests/${r.body.id}/retry`)).status).toBe(403);
            const retried = await bob.post(`/api/requests/${r.body.id}/retry`);
            expect(retried.status).toBe(202);
            await portal2.idle();
            const again = (await bob.get(`/api/requests/${r.body.id}`)).body;
            expect(again.events.slice(-2).map((e: { state: string }) => e.state)).toEqual(["provisioning", "failed"]);
            expect(git(root, "rev-parse", "HEAD")).toBe(done.body.commit);
            expect((await bob.post(`/api/requests/${aliceRequest}/retry`)).status).toBe(409);
            // What is in the stack file now counts as in use, no longer as requested.
            const u = await alice.get("/api/tenants/hydrology/usage");
            expect(u.body.deployed.instances).toBe(5 + 3);
            expect(u.body.pending.map((p: { service: string }) => p.service)).not.toContain("intranet");
        } finally {
            await app2.close();
            if (saved.p !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE = saved.p;
            if (saved.f !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE_FILE = saved.f;
        }
    });
});
