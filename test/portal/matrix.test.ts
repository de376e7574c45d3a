/**
 * The role × action × tenant matrix, walked from /openapi.json: every operation the portal serves (pages and API)
 * is called as each role and anonymously, for the role's own tenant and another, and must answer exactly the
 * status the table below says. The table is written here from docs/portal.md, not read from the code: the code's
 * table must equal it. An operation whose action is not in the table, that this test has no way to call, or a
 * route the server registers but does not describe, fails the test, so a new route cannot skip it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../portal/accounts";
import { unmeasured } from "../../clouds/openstack";
import { MATRIX, type Action } from "../../portal/authz";
import type { Database } from "../../portal/db/database";
import { insertRequest, transition } from "../../portal/requests";
import { buildServer } from "../../portal/server";
import type { Portal } from "../../portal/service";
import { REPO } from "../cli/helpers";
import {
    Client,
    freshDatabase,
    gitProject,
    password,
    RELAXED,
    seedAccounts,
    TENANTS,
    type Accounts,
    type Reply,
} from "./helpers";

type Role = "member" | "approver" | "auditor" | "admin";
type Scope = "all" | "own" | "none";
const ROLES: readonly Role[] = ["member", "approver", "auditor", "admin"];
const AS: Record<Role, string> = { member: "alice", approver: "bob", auditor: "carol", admin: "ada" };
const OWN = "hydrology";
const OTHER = "flood-control";
/** Who submits in each tenant (a member there). */
const MEMBER_OF: Record<string, string> = { [OWN]: "alice", [OTHER]: "fred" };

//                                                     member  approver auditor admin
const row = (member: Scope, approver: Scope, auditor: Scope, admin: Scope) => ({ member, approver, auditor, admin });
const EXPECTED: Record<Action, Record<Role, Scope>> = {
    "catalog.read": row("all", "all", "all", "none"),
    "request.check": row("own", "none", "none", "none"),
    "request.submit": row("own", "none", "none", "none"),
    "request.list": row("own", "all", "all", "none"),
    "request.read": row("own", "all", "all", "none"),
    "request.withdraw": row("own", "none", "none", "none"),
    "request.decide": row("none", "all", "none", "none"),
    "request.retry": row("none", "all", "none", "none"),
    "request.complete": row("none", "all", "none", "none"),
    "usage.read": row("own", "all", "all", "none"),
    "fleet.read": row("none", "all", "all", "none"),
    "monitoring.read": row("own", "all", "all", "none"),
    "usage.report": row("own", "all", "all", "none"),
    "compliance.read": row("own", "all", "all", "none"),
    "compliance.run": row("own", "all", "none", "none"),
    "audit.read": row("none", "all", "all", "none"),
    "account.read": row("none", "none", "none", "all"),
    "account.manage": row("none", "none", "none", "all"),
    "session.end": row("all", "all", "all", "all"),
};

interface Operation {
    readonly method: "GET" | "POST";
    readonly path: string;
    readonly id: string;
    readonly action: Action | "public";
    readonly scope?: "tenant" | "request" | "body" | "account";
    readonly page: boolean;
}

/** What a call needs: its URL (path parameters filled), its body; made fresh per call for calls that change state. */
interface Call {
    readonly url: string;
    readonly body?: Record<string, unknown>;
}

let db: Database;
let portal: Portal;
let accounts: Accounts;
let app: Awaited<ReturnType<typeof buildServer>>["app"];
let registered: readonly { method: string; url: string }[];
let doc: {
    paths: Record<
        string,
        Record<string, { operationId: string; "x-action": string; "x-scope"?: string; tags: string[] }>
    >;
};
let seq = 0;
const next = () => ++seq;
const clients = new Map<Role, Client>();

async function request(
    tenant: string,
    state: "checked" | "approved" | "failed" = "checked",
    withRun = false,
): Promise<string> {
    const id = await insertRequest(
        db,
        MEMBER_OF[tenant]!,
        { tenant, service: { name: `svc-${next()}`, blueprint: "static-site@1.0.0", parameters: {} } },
        { passed: true, checkedAt: new Date().toISOString(), messages: [] },
        new Date().toISOString(),
    );
    if (state !== "checked")
        await transition(db, id, ["checked"], "approved", "beth", "fixture", {
            decidedBy: "beth",
            decisionReason: "fixture",
        });
    if (state === "failed") await transition(db, id, ["approved"], "failed", "portal", "fixture");
    if (withRun)
        await transition(db, id, [state], state, "engine", "fixture", {
            engineReport: [
                {
                    runId: "run-fixture",
                    operation: "preview",
                    actor: { user: "bob", via: "portal" },
                    startedAt: new Date().toISOString(),
                    finishedAt: new Date().toISOString(),
                    stacks: [],
                    exitCode: 0,
                    files: { json: "r.json", markdown: "r.md", dir: "." },
                    backend: "file",
                    cancelled: false,
                },
            ],
        });
    return id;
}

async function account(): Promise<string> {
    const username = `target${next()}`;
    await createUser(db, { username, role: "auditor", password: password() }, TENANTS);
    return username;
}

/**
 * How to call each operation so that, allowed, it succeeds: the fixture it needs and the status it then answers.
 * An operation missing here fails the test: whoever adds a route says how to call it.
 */
const HOW: Record<
    string,
    { status: number | ((role: Role | "anonymous") => number); call: (tenant: string) => Promise<Call> }
> = {
    "get /": { status: 302, call: async () => ({ url: "/" }) },
    "get /favicon.ico": { status: 204, call: async () => ({ url: "/favicon.ico" }) },
    "get /language": { status: 303, call: async () => ({ url: "/language?to=en&back=/catalog" }) },
    "get /login": { status: 200, call: async () => ({ url: "/login" }) },
    "post /login": { status: 303, call: async () => ({ url: "/login", body: { username: "dora", password: DORA } }) },
    "post /logout": { status: 303, call: async () => ({ url: "/logout", body: {} }) },
    "get /catalog": { status: 200, call: async () => ({ url: "/catalog" }) },
    "get /catalog/:name/:version": { status: 200, call: async () => ({ url: "/catalog/static-site/1.0.0" }) },
    "post /catalog/:name/:version/request": {
        status: 303,
        call: async (t) => ({
            url: "/catalog/static-site/1.0.0/request",
            body: { tenant: t, "service.name": `site-${next()}`, action: "submit" },
        }),
    },
    "get /requests": { status: 200, call: async () => ({ url: "/requests" }) },
    "get /requests/:id": { status: 200, call: async (t) => ({ url: `/requests/${await request(t)}` }) },
    "get /requests/:id/runs/:runId": {
        status: 200,
        call: async (t) => ({ url: `/requests/${await request(t, "approved", true)}/runs/run-fixture` }),
    },
    "post /requests/:id/decision": {
        status: 303,
        call: async (t) => ({
            url: `/requests/${await request(t)}/decision`,
            body: { decision: "approve", reason: "within quota" },
        }),
    },
    "post /requests/:id/withdraw": {
        status: 303,
        call: async (t) => ({ url: `/requests/${await request(t)}/withdraw`, body: {} }),
    },
    "post /requests/:id/complete": {
        status: 303,
        call: async (t) => ({
            url: `/requests/${await request(t, "approved")}/complete`,
            body: { note: "applied with watercloud up" },
        }),
    },
    // This server does not provision (--no-provision): an allowed retry is refused for that reason, after authorisation.
    "post /requests/:id/retry": {
        status: 409,
        call: async (t) => ({ url: `/requests/${await request(t, "failed")}/retry`, body: {} }),
    },
    // A member has one tenant: the index sends them to it.
    "get /usage": { status: (role) => (role === "member" ? 302 : 200), call: async () => ({ url: "/usage" }) },
    "get /usage/:tenant": { status: 200, call: async (t) => ({ url: `/usage/${t}` }) },
    "get /compliance": {
        status: (role) => (role === "member" ? 302 : 200),
        call: async () => ({ url: "/compliance" }),
    },
    "get /compliance/:tenant": { status: 200, call: async (t) => ({ url: `/compliance/${t}?verdict=fail` }) },
    "post /compliance/:tenant/run": { status: 303, call: async (t) => ({ url: `/compliance/${t}/run`, body: {} }) },
    "get /audit": { status: 200, call: async () => ({ url: "/audit?action=portal.login&page=1" }) },
    "get /monitoring": {
        status: (role) => (role === "member" ? 302 : 200),
        call: async () => ({ url: "/monitoring?range=6h" }),
    },
    "get /monitoring/:tenant": { status: 200, call: async (t) => ({ url: `/monitoring/${t}` }) },
    "get /reports/usage": {
        status: (role) => (role === "member" ? 302 : 200),
        call: async () => ({ url: "/reports/usage?month=2026-11&format=csv" }),
    },
    "get /reports/usage/:tenant": {
        status: 200,
        call: async (t) => ({ url: `/reports/usage/${t}?month=2026-11&format=json` }),
    },
    "get /assets/:file": { status: 200, call: async () => ({ url: "/assets/monitoring-charts.js" }) },
    "get /api/monitoring": { status: 200, call: async () => ({ url: "/api/monitoring" }) },
    "get /api/tenants/:tenant/monitoring": {
        status: 200,
        call: async (t) => ({ url: `/api/tenants/${t}/monitoring?range=1h` }),
    },
    "get /accounts": { status: 200, call: async () => ({ url: "/accounts" }) },
    "post /accounts": {
        status: 303,
        call: async () => ({
            url: "/accounts",
            body: { username: `new${next()}`, role: "auditor", password: password() },
        }),
    },
    "post /accounts/:username/disable": {
        status: 303,
        call: async () => ({ url: `/accounts/${await account()}/disable`, body: {} }),
    },
    "post /accounts/:username/enable": {
        status: 303,
        call: async () => ({ url: `/accounts/${await account()}/enable`, body: {} }),
    },
    "post /accounts/:username/unlock": {
        status: 303,
        call: async () => ({ url: `/accounts/${await account()}/unlock`, body: {} }),
    },
    "post /accounts/:username/password": {
        status: 303,
        call: async () => ({ url: `/accounts/${await account()}/password`, body: { password: password() } }),
    },

    "get /openapi.json": { status: 200, call: async () => ({ url: "/openapi.json" }) },
    "get /api/session": { status: 200, call: async () => ({ url: "/api/session" }) },
    "post /api/login": {
        status: 200,
        call: async () => ({ url: "/api/login", body: { username: "dora", password: DORA } }),
    },
    "post /api/logout": { status: 200, call: async () => ({ url: "/api/logout", body: {} }) },
    "get /api/catalog": { status: 200, call: async () => ({ url: "/api/catalog" }) },
    "get /api/catalog/:name/:version": { status: 200, call: async () => ({ url: "/api/catalog/web-app/1.1.0" }) },
    "post /api/requests/check": {
        status: 200,
        call: async (t) => ({
            url: "/api/requests/check",
            body: { tenant: t, service: { name: `site-${next()}`, blueprint: "static-site@1.0.0", parameters: {} } },
        }),
    },
    "post /api/requests": {
        status: 201,
        call: async (t) => ({
            url: "/api/requests",
            body: { tenant: t, service: { name: `site-${next()}`, blueprint: "static-site@1.0.0", parameters: {} } },
        }),
    },
    "get /api/requests": { status: 200, call: async () => ({ url: "/api/requests" }) },
    "get /api/requests/:id": { status: 200, call: async (t) => ({ url: `/api/requests/${await request(t)}` }) },
    "get /api/requests/:id/runs/:runId": {
        status: 200,
        call: async (t) => ({ url: `/api/requests/${await request(t, "approved", true)}/runs/run-fixture` }),
    },
    "post /api/requests/:id/decision": {
        status: 200,
        call: async (t) => ({
            url: `/api/requests/${await request(t)}/decision`,
            body: { decision: "reject", reason: "not needed" },
        }),
    },
    "post /api/requests/:id/withdraw": {
        status: 200,
        call: async (t) => ({ url: `/api/requests/${await request(t)}/withdraw`, body: {} }),
    },
    "post /api/requests/:id/complete": {
        status: 200,
        call: async (t) => ({
            url: `/api/requests/${await request(t, "approved")}/complete`,
            body: { note: "applied with watercloud up" },
        }),
    },
    "post /api/requests/:id/retry": {
        status: 409,
        call: async (t) => ({ url: `/api/requests/${await request(t, "failed")}/retry`, body: {} }),
    },
    "get /api/tenants/:tenant/usage": { status: 200, call: async (t) => ({ url: `/api/tenants/${t}/usage` }) },
    "get /api/fleet": { status: 200, call: async () => ({ url: "/api/fleet" }) },
    "get /api/tenants/:tenant/compliance": {
        status: 200,
        call: async (t) => ({ url: `/api/tenants/${t}/compliance` }),
    },
    "post /api/tenants/:tenant/compliance": {
        status: 201,
        call: async (t) => ({ url: `/api/tenants/${t}/compliance`, body: {} }),
    },
    "get /api/audit": { status: 200, call: async () => ({ url: "/api/audit?q=login" }) },
    "get /api/accounts": { status: 200, call: async () => ({ url: "/api/accounts" }) },
    "post /api/accounts": {
        status: 201,
        call: async () => ({
            url: "/api/accounts",
            body: { username: `new${next()}`, role: "member", tenant: OWN, password: password() },
        }),
    },
    "post /api/accounts/:username/disable": {
        status: 200,
        call: async () => ({ url: `/api/accounts/${await account()}/disable`, body: {} }),
    },
    "post /api/accounts/:username/enable": {
        status: 200,
        call: async () => ({ url: `/api/accounts/${await account()}/enable`, body: {} }),
    },
    "post /api/accounts/:username/unlock": {
        status: 200,
        call: async () => ({ url: `/api/accounts/${await account()}/unlock`, body: {} }),
    },
    "post /api/accounts/:username/password": {
        status: 200,
        call: async () => ({ url: `/api/accounts/${await account()}/password`, body: { password: password() } }),
    },
};

/** dora logs in and out through the public routes; the role clients' sessions stay untouched. */
const DORA = password();

function operations(): Operation[] {
    const out: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
            out.push({
                method: method.toUpperCase() as "GET" | "POST",
                path,
                id: op.operationId,
                action: op["x-action"] as Action | "public",
                ...(op["x-scope"] ? { scope: op["x-scope"] as Operation["scope"] } : {}),
                page: op.tags.includes("pages"),
            });
        }
    }
    return out;
}

/** What the table says a role gets: the success status, 403 for no scope, 404 for another tenant's resource. */
function expected(op: Operation, role: Role | "anonymous", tenant: string, success: number): number {
    if (op.action === "public") return success;
    if (role === "anonymous") return op.page ? 302 : 401;
    const scope = EXPECTED[op.action][role];
    if (scope === "none") return 403;
    if (scope === "own" && tenant === OTHER && op.scope && op.scope !== "account")
        return op.scope === "body" ? 403 : 404;
    return success;
}

async function send(client: Client, op: Operation, c: Call): Promise<Reply> {
    if (op.method === "GET") return client.get(c.url);
    return client.post(c.url, c.body ?? {}, { form: op.page });
}

beforeAll(async () => {
    db = await freshDatabase("sqlite");
    accounts = await seedAccounts(db);
    await createUser(db, { username: "dora", role: "auditor", password: DORA }, TENANTS);
    let built;
    // The reports' cloud: tenants with no project (this test is about who may download, not what the cloud says).
    ({ app, portal, ...built } = await buildServer({
        root: gitProject("matrix"),
        db,
        autoProvision: false,
        settings: RELAXED,
        readUse: async (tenants) => tenants.map(unmeasured),
    }));
    registered = built.registered;
    for (const role of ROLES) {
        const c = new Client(app);
        expect((await c.login(AS[role], accounts[AS[role]]!.password)).status).toBe(200);
        clients.set(role, c);
    }
    doc = (await new Client(app).get("/openapi.json")).body;
    // Both tenants have a compliance run to read.
    for (const t of [OWN, OTHER])
        await portal.runCompliance({ id: "-", username: "beth", role: "approver", tenant: null }, t);
}, 120_000);
afterAll(async () => {
    await app?.close();
    await db?.close();
});

describe("the role × action × tenant matrix", () => {
    it("is the table docs/portal.md prints", () => {
        expect(MATRIX).toEqual(EXPECTED);
        const doc = fs.readFileSync(path.join(REPO, "docs", "portal.md"), "utf8");
        const printed = Object.fromEntries(
            [...doc.matchAll(/^\| `([a-z.]+)` \| [^|]+ \| (\S+) \| (\S+) \| (\S+) \| (\S+) \|$/gm)].map((m) => [
                m[1],
                { member: m[2], approver: m[3], auditor: m[4], admin: m[5] },
            ]),
        );
        const words = (r: Record<Role, Scope>) =>
            Object.fromEntries(ROLES.map((role) => [role, r[role] === "none" ? "—" : r[role]]));
        expect(printed).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([a, r]) => [a, words(r)])));
    });

    it("describes every route the server registers, each with an action of the table and a way to call it", () => {
        const described = operations()
            .map((o) => `${o.method} ${o.path}`)
            .sort();
        const served = registered.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, "{$1}")}`).sort();
        expect(described).toEqual(served);
        for (const op of operations()) {
            expect(
                op.action === "public" || op.action in EXPECTED,
                `${op.id}: action ${op.action} is not in the table`,
            ).toBe(true);
            expect(HOW[op.id], `${op.id}: this test does not know how to call it; add it to HOW`).toBeDefined();
        }
    });

    it("answers every operation as the table says, for each role, anonymously, for the own tenant and another", async () => {
        const failures: string[] = [];
        let calls = 0;
        for (const op of operations()) {
            const how = HOW[op.id]!;
            const tenants = op.scope && op.scope !== "account" ? [OWN, OTHER] : [OWN];
            const who: (Role | "anonymous")[] = op.action === "public" ? ["anonymous"] : [...ROLES, "anonymous"];
            for (const role of who) {
                for (const tenant of tenants) {
                    const client = role === "anonymous" ? new Client(app) : clients.get(role)!;
                    if (role === "anonymous" && op.method === "POST") {
                        const s = await client.get("/api/session");
                        client.csrf = s.body.csrfToken;
                    }
                    const c = await how.call(tenant);
                    const r = await send(client, op, c);
                    calls++;
                    // Requests left waiting would hold the tenant's quota against the calls that check.
                    await db.run(
                        `UPDATE requests SET state = 'withdrawn' WHERE state IN ('submitted', 'checked', 'approved', 'provisioning')`,
                    );
                    const want = expected(
                        op,
                        role,
                        tenant,
                        typeof how.status === "number" ? how.status : how.status(role),
                    );
                    if (r.status !== want)
                        failures.push(
                            `${op.id} as ${role} for ${tenant === OWN ? "own" : "other"} tenant: ${r.status}, expected ${want} ${r.text.slice(0, 160)}`,
                        );
                    if (op.action === "session.end" && role !== "anonymous") {
                        // The role logged out: log it in again (one session per account) for the calls that follow.
                        const again = new Client(app);
                        await again.login(AS[role], accounts[AS[role]]!.password);
                        clients.set(role, again);
                        continue;
                    }
                    if (r.status === 404 && want === 404 && tenant === OTHER) {
                        // Another tenant's resource is not named: the answer is the same as for one that does not exist.
                        if (r.text.includes(OTHER) && !c.url.includes(OTHER))
                            failures.push(`${op.id} as ${role}: a 404 names the other tenant`);
                    }
                }
            }
        }
        expect(failures).toEqual([]);
        expect(calls).toBeGreaterThan(200);
    }, 600_000);

    it("shows each role exactly the buttons whose action the table allows it (the auditor: none but log out)", async () => {
        const templates = operations().filter((o) => o.method === "POST" && o.page);
        const match = (action: string) =>
            templates.find((t) => new RegExp(`^${t.path.replace(/\{\w+\}/g, "[^/]+")}$`).test(action));
        const offending: string[] = [];
        for (const role of ROLES) {
            const client = clients.get(role)!;
            const pages = [
                "/catalog",
                "/catalog/web-app/1.1.0",
                "/requests",
                `/requests/${await request(OWN)}`,
                `/requests/${await request(OWN, "approved")}`,
                `/requests/${await request(OWN, "failed")}`,
                "/usage",
                `/usage/${OWN}`,
                "/compliance",
                `/compliance/${OWN}`,
                "/audit",
                "/accounts",
            ];
            for (const url of pages) {
                const r = await client.get(url);
                if (r.status !== 200) continue;
                for (const [, action] of r.text.matchAll(/<form method="post" action="([^"]+)"/g)) {
                    const op = match(action!);
                    if (!op) offending.push(`${role} ${url}: a form posts to ${action}, which no operation serves`);
                    else if (op.action !== "public" && EXPECTED[op.action as Action][role] === "none")
                        offending.push(`${role} ${url}: a button for ${op.action}`);
                }
            }
        }
        expect(offending).toEqual([]);
        const auditorForms = await Promise.all(
            ["/catalog", `/compliance/${OWN}`, `/requests/${await request(OWN)}`].map(async (u) =>
                [...(await clients.get("auditor")!.get(u)).text.matchAll(/<form method="post" action="([^"]+)"/g)].map(
                    (m) => m[1],
                ),
            ),
        );
        expect(auditorForms).toEqual([["/logout"], ["/logout"], ["/logout"]]);
    }, 120_000);
});
