/**
 * `watercloud serve`: one Fastify process serving the pages and the JSON API over the same service layer.
 *
 * Every route but the login page, the login call and the OpenAPI description needs a session; every
 * state-changing call needs the session's CSRF token (a form's `_csrf` field or the `x-csrf-token` header). Before
 * login, a double-submit token in its own cookie guards the login form against login CSRF.
 */
import * as fs from "node:fs";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import type { User } from "./accounts";
import { authenticate, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from "./accounts";
import { writeAudit } from "./audit";
import { Refusal } from "./authz";
import type { Database } from "./db/database";
import { openApiDocument } from "./openapi";
import { cloudFigures } from "./cloudQuota";
import { loginSchema } from "./schemas";
import { Portal } from "./service";
import { closeSession, findSession, openSession, randomToken, SESSION_COOKIE, tokensMatch, type Session } from "./sessions";
import { PARAM_PREFIX, requestForm, requestFromForm } from "./views/form";
import { html, page, type Safe } from "./views/html";
import * as views from "./views/pages";

export interface ServerOptions {
    readonly root: string;
    readonly db: Database;
    /** PEM files: with them the portal speaks HTTPS and its cookies are Secure. */
    readonly tls?: { cert: string; key: string };
    readonly autoProvision?: boolean;
    readonly target?: "openstack" | "docker";
    readonly stateUrl?: string;
    /** clouds.yaml to read the cloud's own quota figures from (default /etc/openstack/clouds.yaml). */
    readonly cloudsFile?: string;
}

const LOGIN_CSRF_COOKIE = "wc_login_csrf";

declare module "fastify" {
    interface FastifyRequest {
        session?: Session;
    }
    interface FastifyContextConfig {
        public?: boolean;
    }
}

export async function buildServer(opts: ServerOptions): Promise<{ app: FastifyInstance; portal: Portal }> {
    const secure = opts.tls !== undefined;
    const app = Fastify({
        logger: false,
        bodyLimit: 256 * 1024,
        ...(opts.tls ? { https: { cert: fs.readFileSync(opts.tls.cert), key: fs.readFileSync(opts.tls.key) } } : {}),
    }) as unknown as FastifyInstance;
    const portal = new Portal({ root: opts.root, db: opts.db, autoProvision: opts.autoProvision, target: opts.target, stateUrl: opts.stateUrl });
    await app.register(cookie);
    await app.register(formbody);
    const web = webHelpers(opts, portal, secure);
    addSecurityHooks(app, web);
    addAccountPages(app, web);
    addCatalogPages(app, web);
    addRequestPages(app, web);
    addOverviewPages(app, web);
    addApi(app, web);
    return { app, portal };
}

/** What every route uses: the options, the service layer, and the session and page helpers. */
interface Web {
    readonly opts: ServerOptions;
    readonly portal: Portal;
    readonly secure: boolean;
    readonly cookieOptions: { path: string; httpOnly: boolean; sameSite: "strict"; secure: boolean };
    isApi(req: FastifyRequest): boolean;
    user(req: FastifyRequest): User;
    csrf(req: FastifyRequest): string;
    send(reply: FastifyReply, req: FastifyRequest, title: string, body: Safe, status?: number): FastifyReply;
    login(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<{ ok: true; user: User; csrf: string } | { ok: false; status: 400 | 401 | 423; message: string }>;
    loginToken(reply: FastifyReply): string;
}

function webHelpers(opts: ServerOptions, portal: Portal, secure: boolean): Web {
    const cookieOptions = { path: "/", httpOnly: true, sameSite: "strict" as const, secure };
    const isApi = (req: FastifyRequest) => req.url.startsWith("/api/");
    const user = (req: FastifyRequest): User => req.session!.user;
    const csrf = (req: FastifyRequest) => req.session?.csrf ?? "";
    const send = (reply: FastifyReply, req: FastifyRequest, title: string, body: Safe, status = 200) =>
        reply.code(status).type("text/html; charset=utf-8").send(page(title, req.session?.user, req.session?.csrf, body));

    /** Logs in; a failure says why without telling whether the user exists (until the account is locked). */
    async function login(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<{ ok: true; user: User; csrf: string } | { ok: false; status: 400 | 401 | 423; message: string }> {
        const parsed = loginSchema.safeParse(body);
        if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
        const outcome = await authenticate(opts.db, parsed.data.username, parsed.data.password);
        if (!outcome.ok) {
            await writeAudit(opts.root, parsed.data.username, "portal.login", [], outcome.reason, { ip: req.ip });
            if (outcome.reason === "locked") return { ok: false, status: 423, message: `the account is locked after ${MAX_FAILED_LOGINS} failed logins until ${outcome.until} (${LOCKOUT_MINUTES} minutes)` };
            return { ok: false, status: 401, message: "wrong user name or password" };
        }
        const s = await openSession(opts.db, outcome.user);
        reply.setCookie(SESSION_COOKIE, s.id, cookieOptions);
        reply.clearCookie(LOGIN_CSRF_COOKIE, { path: "/" });
        await writeAudit(opts.root, outcome.user.username, "portal.login", [], "ok", { ip: req.ip });
        return { ok: true, user: outcome.user, csrf: s.csrf };
    }

    /** The login form's token: the one the browser already holds (several tabs, a favicon fetch), else a new one. */
    const loginToken = (reply: FastifyReply) => {
        const held = reply.request.cookies[LOGIN_CSRF_COOKIE];
        const t = held && /^[A-Za-z0-9_-]{43}$/.test(held) ? held : randomToken();
        reply.setCookie(LOGIN_CSRF_COOKIE, t, cookieOptions);
        return t;
    };

    return { opts, portal, secure, cookieOptions, isApi, user, csrf, send, login, loginToken };
}

/** Security headers on every answer, the session and CSRF checks before every handler, and errors in words. */
function addSecurityHooks(app: FastifyInstance, { opts, secure, isApi, send }: Web): void {
    app.addHook("onSend", async (_req, reply, payload) => {
        reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        reply.header("x-content-type-options", "nosniff");
        reply.header("referrer-policy", "no-referrer");
        reply.header("x-frame-options", "DENY");
        reply.header("cache-control", "no-store");
        if (secure) reply.header("strict-transport-security", "max-age=31536000");
        return payload;
    });

    app.addHook("preHandler", async (req, reply) => {
        req.session = await findSession(opts.db, req.cookies[SESSION_COOKIE]);
        const isPublic = req.routeOptions.config.public === true;
        if (!req.session && !isPublic) {
            if (isApi(req)) return reply.code(401).send({ error: "log in first: POST /api/login" });
            return reply.redirect("/login");
        }
        if (req.method !== "GET" && req.method !== "HEAD") {
            const body = (req.body ?? {}) as Record<string, unknown>;
            const presented = req.headers["x-csrf-token"] ?? body._csrf;
            const expected = req.session?.csrf ?? req.cookies[LOGIN_CSRF_COOKIE];
            if (!expected || !tokensMatch(expected, presented)) {
                const message = "missing or wrong CSRF token: reload the page (API: send the token from GET /api/session as x-csrf-token)";
                return isApi(req) ? reply.code(403).send({ error: message }) : send(reply, req, "Refused", views.errorPage(403, message), 403);
            }
            if (body._csrf !== undefined) delete body._csrf;
        }
    });

    app.setErrorHandler(async (err, req, reply) => {
        if (err instanceof Refusal) {
            if (isApi(req)) return reply.code(err.status).send({ error: err.message, fields: err.fields });
            return send(reply, req, "Refused", views.errorPage(err.status, err.message), err.status);
        }
        const status = (err as { statusCode?: number }).statusCode;
        if (status && status >= 400 && status < 500) {
            const message = (err as Error).message;
            return isApi(req) ? reply.code(status).send({ error: message }) : send(reply, req, "Refused", views.errorPage(status, message), status);
        }
        process.stderr.write(`watercloud serve: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? err}\n`);
        return isApi(req) ? reply.code(500).send({ error: "internal error; see the portal's log" }) : send(reply, req, "Error", views.errorPage(500, "internal error; see the portal's log"), 500);
    });
}

/** Logging in and out. */
function addAccountPages(app: FastifyInstance, { opts, send, login, loginToken }: Web): void {
    // ---- pages ----
    app.get("/login", { config: { public: true } }, async (req, reply) => (req.session ? reply.redirect("/catalog") : send(reply, req, "Log in", views.loginPage(undefined, loginToken(reply)))));
    app.post("/login", { config: { public: true } }, async (req, reply) => {
        const r = await login(req, reply, { username: (req.body as Record<string, unknown>)?.username, password: (req.body as Record<string, unknown>)?.password });
        if (r.ok) return reply.redirect("/catalog", 303);
        return send(reply, req, "Log in", views.loginPage(r.message, loginToken(reply), String((req.body as Record<string, unknown>)?.username ?? "")), r.status);
    });
    app.post("/logout", async (req, reply) => {
        await closeSession(opts.db, req.cookies[SESSION_COOKIE]!);
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return reply.redirect("/login", 303);
    });
    app.get("/favicon.ico", { config: { public: true } }, async (_req, reply) => reply.code(204).send());
    app.get("/", async (_req, reply) => reply.redirect("/catalog"));
}

/** The catalogue, a blueprint version with its request form, and the form's check and submission. */
function addCatalogPages(app: FastifyInstance, { portal, user, csrf, send }: Web): void {
    app.get("/catalog", async (req, reply) => send(reply, req, "Catalogue", views.cataloguePage(portal.catalogue())));

    const versionPage = (req: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, messages: Parameters<typeof requestForm>[0]["messages"], check: Parameters<typeof views.checkPanel>[0], status = 200) => {
        const { name, version } = req.params as { name: string; version: string };
        const v = portal.version(name, version);
        const u = user(req);
        const canRequest = (u.role === "member" || u.role === "approver") && v.lifecycle !== "deprecated";
        const body = html`${views.versionHeader(v)}${check ? views.checkPanel(check) : ""}${canRequest ? requestForm({ v, tenants: portal.tenants(u), values, messages, csrf: csrf(req) }) : ""}`;
        return send(reply, req, v.pin, body, status);
    };
    app.get("/catalog/:name/:version", async (req, reply) => {
        const { name } = req.params as { name: string };
        const defaults = { "service.name": name, tenant: user(req).tenant ?? "" };
        return versionPage(req, reply, defaults, [], null);
    });
    app.post("/catalog/:name/:version/request", async (req, reply) => {
        const { name, version } = req.params as { name: string; version: string };
        const v = portal.version(name, version);
        const form = (req.body ?? {}) as Record<string, unknown>;
        const body = requestFromForm(form, v);
        const values = Object.fromEntries(Object.entries(form).filter(([k]) => k === "tenant" || k === "service.name" || k.startsWith(PARAM_PREFIX)));
        try {
            if (form.action === "submit") {
                const r = await portal.submit(user(req), body);
                return reply.redirect(`/requests/${r.id}`, 303);
            }
            const check = await portal.check(user(req), body);
            return versionPage(req, reply, values, check.messages, check, check.passed ? 200 : 422);
        } catch (e) {
            if (!(e instanceof Refusal) || e.status !== 422) throw e;
            const check = e.fields.length && e.message.includes("check") ? { passed: false, checkedAt: new Date().toISOString(), messages: [...e.fields] } : null;
            return versionPage(req, reply, values, e.fields, check, 422);
        }
    });
}

/** Requests: the list, one request, an approver's decision and a retry. */
function addRequestPages(app: FastifyInstance, { portal, user, csrf, send }: Web): void {
    app.get("/requests", async (req, reply) => send(reply, req, "Requests", views.requestsPage(await portal.list(user(req)))));
    app.get("/requests/:id", async (req, reply) => {
        const r = await portal.get(user(req), (req.params as { id: string }).id);
        return send(reply, req, `Request ${r.serviceName}`, views.requestPage(r, user(req), csrf(req)));
    });
    app.post("/requests/:id/decision", async (req, reply) => {
        const { id } = req.params as { id: string };
        await portal.decide(user(req), id, req.body);
        return reply.redirect(`/requests/${id}`, 303);
    });
    app.post("/requests/:id/retry", async (req, reply) => {
        const { id } = req.params as { id: string };
        await portal.retry(user(req), id);
        return reply.redirect(`/requests/${id}`, 303);
    });
}

/** Usage, compliance and the audit trail. */
function addOverviewPages(app: FastifyInstance, { opts, portal, user, csrf, send }: Web): void {
    app.get("/usage", async (req, reply) => {
        const u = user(req);
        if (u.role === "member") return reply.redirect(`/usage/${u.tenant}`);
        return send(reply, req, "Usage", views.usageIndex(portal.tenants(u), await portal.fleet(u)));
    });
    app.get("/usage/:tenant", async (req, reply) => {
        const usage = await portal.usage(user(req), (req.params as { tenant: string }).tenant);
        return send(reply, req, `Usage of ${usage.tenant}`, views.usagePage(usage, await cloudFigures(usage.tenant, opts.cloudsFile)));
    });
    app.get("/compliance", async (req, reply) => {
        const u = user(req);
        if (u.role === "member") return reply.redirect(`/compliance/${u.tenant}`);
        const rows = await Promise.all(portal.tenants(u).map(async (tenant) => ({ tenant, run: await portal.compliance(u, tenant) })));
        return send(reply, req, "Compliance", views.complianceIndex(rows));
    });
    app.get("/compliance/:tenant", async (req, reply) => {
        const { tenant } = req.params as { tenant: string };
        return send(reply, req, `Compliance of ${tenant}`, views.compliancePage(tenant, await portal.compliance(user(req), tenant), csrf(req)));
    });
    app.post("/compliance/:tenant/run", async (req, reply) => {
        const { tenant } = req.params as { tenant: string };
        await portal.runCompliance(user(req), tenant);
        return reply.redirect(`/compliance/${tenant}`, 303);
    });
    app.get("/audit", async (req, reply) => {
        let entries: Awaited<ReturnType<Portal["audit"]>> | string;
        try {
            entries = await portal.audit(user(req));
        } catch (e) {
            if (e instanceof Refusal) throw e;
            entries = (e as Error).message;
        }
        return send(reply, req, "Audit trail", views.auditPage(entries));
    });
}

/** The JSON API (described at /openapi.json): the same service layer as the pages. */
function addApi(app: FastifyInstance, { opts, portal, user, login, loginToken }: Web): void {
    // ---- API ----
    app.get("/openapi.json", { config: { public: true } }, async () => openApiDocument());
    app.get("/api/session", { config: { public: true } }, async (req, reply) =>
        req.session ? { user: req.session.user, csrfToken: req.session.csrf } : { user: null, csrfToken: loginToken(reply) },
    );
    app.post("/api/login", { config: { public: true } }, async (req, reply) => {
        const r = await login(req, reply, req.body);
        if (!r.ok) return reply.code(r.status).send({ error: r.message });
        return { user: r.user, csrfToken: r.csrf };
    });
    app.post("/api/logout", async (req, reply) => {
        await closeSession(opts.db, req.cookies[SESSION_COOKIE]!);
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return { ok: true };
    });
    app.get("/api/catalog", async () => portal.catalogue());
    app.get("/api/catalog/:name/:version", async (req) => {
        const { name, version } = req.params as { name: string; version: string };
        return portal.version(name, version);
    });
    app.post("/api/requests/check", async (req, reply) => {
        const check = await portal.check(user(req), req.body);
        return reply.code(check.passed ? 200 : 422).send(check);
    });
    app.post("/api/requests", async (req, reply) => reply.code(201).send(await portal.submit(user(req), req.body)));
    app.get("/api/requests", async (req) => portal.list(user(req)));
    app.get("/api/requests/:id", async (req) => portal.get(user(req), (req.params as { id: string }).id));
    app.post("/api/requests/:id/decision", async (req) => portal.decide(user(req), (req.params as { id: string }).id, req.body));
    app.post("/api/requests/:id/retry", async (req, reply) => reply.code(202).send(await portal.retry(user(req), (req.params as { id: string }).id)));
    app.get("/api/tenants/:tenant/usage", async (req) => {
        const usage = await portal.usage(user(req), (req.params as { tenant: string }).tenant);
        return usage;
    });
    app.get("/api/fleet", async (req) => portal.fleet(user(req)));
    app.get("/api/tenants/:tenant/compliance", async (req, reply) => {
        const run = await portal.compliance(user(req), (req.params as { tenant: string }).tenant);
        return run ?? reply.code(404).send({ error: "no check has run for this tenant yet: POST to this URL runs one" });
    });
    app.post("/api/tenants/:tenant/compliance", async (req, reply) => reply.code(201).send(await portal.runCompliance(user(req), (req.params as { tenant: string }).tenant)));
    app.get("/api/audit", async (req) => portal.audit(user(req)));
}
