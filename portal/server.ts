/**
 * `watercloud serve`: one Fastify process serving the pages and the JSON API over the same service layer.
 *
 * Every route is a RouteSpec (routes.ts) naming the action it needs; before its handler runs, the session is
 * found, an anonymous caller is sent to log in, and a role the role × action table refuses gets 403. Every
 * state-changing call needs the session's CSRF token (a form's `_csrf` field or the `x-csrf-token` header); before
 * login, a double-submit token in its own cookie guards the login form against login CSRF. Every address is rate
 * limited, and logins more tightly per address and overall (see login below and lockout.ts).
 */
import * as fs from "node:fs";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import { authenticate, type User } from "./accounts";
import { writeAudit } from "./audit";
import { authorize, Refusal } from "./authz";
import { apiField } from "./checkText";
import type { Database } from "./db/database";
import { LANG_COOKIE, msg, negotiateLocale, say, type Locale, type Msg } from "./i18n";
import { pruneFailures } from "./lockout";
import { apiRoutes } from "./routes/api";
import { pageRoutes } from "./routes/pages";
import { openApiDocument, type RouteSpec } from "./routes/spec";
import { loginSchema } from "./schemas";
import { monitoringRoutes } from "./routes/monitoring";
import { Portal } from "./service";
import type { UseReader } from "../reports";
import {
    closeSession,
    findSession,
    openSession,
    randomToken,
    removeExpiredSessions,
    SESSION_COOKIE,
    tokensMatch,
    type Session,
} from "./sessions";
import { DEFAULT_SETTINGS, type PortalSettings } from "./settings";
import { page, View, type Safe } from "./views/html";
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
    /** Session lifetimes, lockout, rate limits, time zone (settings.ts); defaults when absent. */
    readonly settings?: Partial<PortalSettings>;
    /** How the usage reports read the cloud (tests pass recorded answers); default the cloud of `cloudsFile`. */
    readonly readUse?: UseReader;
}

const LOGIN_CSRF_COOKIE = "wc_login_csrf";
/** No script and nothing from elsewhere; the monitoring pages add `script-src 'self'` for their charts. */
const CSP =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** How often expired sessions and stale login counts are deleted (also after every login). */
const CLEANUP_EVERY_MS = 10 * 60_000;

declare module "fastify" {
    interface FastifyRequest {
        session?: Session;
        locale: Locale;
    }
    interface FastifyContextConfig {
        action?: RouteSpec["action"];
    }
}

export type LoginResult =
    { ok: true; user: User; csrf: string } | { ok: false; status: 400 | 401 | 423 | 429; what: Msg };

/** What the route modules need from the server: the service, the settings and a few request helpers. */
export interface RouteContext {
    readonly portal: Portal;
    readonly settings: PortalSettings;
    readonly cloudsFile: string | undefined;
    user(req: FastifyRequest): User;
    view(req: FastifyRequest, csrf?: string): View;
    send(
        reply: FastifyReply,
        req: FastifyRequest,
        title: string,
        body: Safe,
        status?: number,
        charts?: boolean,
    ): FastifyReply;
    login(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<LoginResult>;
    logout(req: FastifyRequest, reply: FastifyReply): Promise<void>;
    loginToken(reply: FastifyReply): string;
    /** The home page of a role (the administrator has no catalogue). */
    home(user: User): string;
    readonly cookieOptions: { path: string; httpOnly: boolean; sameSite: "strict"; secure: boolean };
    openApi(): Record<string, unknown>;
}

export async function buildServer(opts: ServerOptions): Promise<{
    app: FastifyInstance;
    portal: Portal;
    settings: PortalSettings;
    registered: readonly { method: string; url: string }[];
}> {
    const settings: PortalSettings = { ...DEFAULT_SETTINGS, ...opts.settings };
    const secure = opts.tls !== undefined;
    const app = Fastify({
        logger: false,
        bodyLimit: 256 * 1024,
        ...(opts.tls ? { https: { cert: fs.readFileSync(opts.tls.cert), key: fs.readFileSync(opts.tls.key) } } : {}),
    }) as unknown as FastifyInstance;
    const portal = new Portal({
        root: opts.root,
        db: opts.db,
        autoProvision: opts.autoProvision,
        target: opts.target,
        stateUrl: opts.stateUrl,
        monitoring: { prometheus: settings.prometheusUrl, alertmanager: settings.alertmanagerUrl },
        cloudsFile: opts.cloudsFile,
        readUse: opts.readUse,
    });
    await app.register(cookie);
    await app.register(formbody);
    // Every address, every route: a well-kept limiter (windows, headers, an LRU of addresses) rather than our own.
    await app.register(rateLimit, {
        global: true,
        max: settings.requestRatePerAddress,
        timeWindow: 60_000,
        errorResponseBuilder: () => new Refusal(429, msg("refusal.rateLimited")),
    });
    // Logins: per address, and from everywhere together, so neither one address nor many can guess quickly.
    const loginPerAddress = app.createRateLimit({ max: settings.loginRatePerAddress, timeWindow: 60_000 });
    const loginOverall = app.createRateLimit({
        max: settings.loginRateTotal,
        timeWindow: 60_000,
        keyGenerator: () => "all addresses",
    });

    const cookieOptions = { path: "/", httpOnly: true, sameSite: "strict" as const, secure };
    const isApi = (req: FastifyRequest) => req.url.startsWith("/api/");
    const csrf = (req: FastifyRequest) => req.session?.csrf ?? "";
    const view = (req: FastifyRequest, token = csrf(req)) =>
        new View(
            req.locale,
            settings.timeZone,
            req.session?.user,
            token,
            req.url,
            (s) => portal.directory.name(s),
            portal.autoProvision,
        );
    const send = (
        reply: FastifyReply,
        req: FastifyRequest,
        title: string,
        body: Safe,
        status = 200,
        charts = false,
    ) => {
        // The monitoring pages' charts: uPlot and its stylesheet from the portal itself, nothing from elsewhere.
        if (charts)
            reply.header(
                "content-security-policy",
                `${CSP.replace("style-src 'unsafe-inline'", "style-src 'self' 'unsafe-inline'")}; script-src 'self'`,
            );
        return reply
            .code(status)
            .type("text/html; charset=utf-8")
            .send(page(view(req), title, body, charts ? ["/assets/uplot.min.css"] : []));
    };
    const refuse = (
        reply: FastifyReply,
        req: FastifyRequest,
        status: number,
        what: Msg,
        fields: readonly unknown[] = [],
    ) => {
        const text = say(req.locale, what);
        if (isApi(req) || req.url === "/openapi.json")
            return reply.code(status).send({ error: text, code: what.key, ...(fields.length ? { fields } : {}) });
        return send(reply, req, text, views.errorPage(view(req), status, view(req).rich(what)), status);
    };

    addSecurityHooks(app, opts, settings, { secure, isApi, refuse });
    const { login, logout, loginToken } = sessionHandlers(
        app,
        opts,
        settings,
        { loginPerAddress, loginOverall },
        cookieOptions,
    );

    const routes: RouteSpec[] = [];
    const ctx: RouteContext = {
        portal,
        settings,
        cloudsFile: opts.cloudsFile,
        user: (req) => req.session!.user,
        view,
        send,
        login,
        logout,
        loginToken,
        home: (u) => (u.role === "admin" ? "/accounts" : "/catalog"),
        cookieOptions,
        openApi: () => openApiDocument(routes),
    };
    // A route registered any other way than from a RouteSpec would have no action: refuse to start with one.
    const registered: { method: string; url: string }[] = [];
    app.addHook("onRoute", (r) => {
        if (r.config?.action === undefined)
            throw new Error(`route ${String(r.method)} ${r.url} names no action of the role x action table`);
        for (const m of ([] as string[]).concat(r.method)) if (m !== "HEAD") registered.push({ method: m, url: r.url });
    });
    routes.push(...pageRoutes(ctx), ...apiRoutes(ctx), ...monitoringRoutes(ctx));
    for (const r of routes)
        app.route({ method: r.method, url: r.url, config: { action: r.action }, handler: r.handler });
    return { app, portal, settings, registered };
}

/** Headers on every answer, the locale of each request, the session, CSRF and role checks before every handler, errors in words. */
function addSecurityHooks(
    app: FastifyInstance,
    opts: ServerOptions,
    settings: PortalSettings,
    {
        secure,
        isApi,
        refuse,
    }: {
        secure: boolean;
        isApi: (req: FastifyRequest) => boolean;
        refuse: (
            reply: FastifyReply,
            req: FastifyRequest,
            status: number,
            what: Msg,
            fields?: readonly unknown[],
        ) => unknown;
    },
): void {
    app.decorateRequest("locale", "zh-CN");
    app.addHook("onRequest", async (req) => {
        req.locale = negotiateLocale(req.cookies?.[LANG_COOKIE], req.headers["accept-language"]);
    });

    app.addHook("onSend", async (req, reply, payload) => {
        if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", CSP);
        reply.header("x-content-type-options", "nosniff");
        reply.header("referrer-policy", "no-referrer");
        reply.header("x-frame-options", "DENY");
        reply.header("cache-control", "no-store");
        reply.header("content-language", req.locale);
        reply.header("vary", "Accept-Language, Cookie");
        if (secure) reply.header("strict-transport-security", "max-age=31536000");
        return payload;
    });

    app.addHook("preHandler", async (req, reply) => {
        const action = req.routeOptions.config.action;
        req.session = await findSession(opts.db, req.cookies[SESSION_COOKIE], settings);
        if (action === undefined) return; // the not-found handler, which answers 404 to everyone
        if (!req.session && action !== "public") {
            if (isApi(req)) return refuse(reply, req, 401, msg("refusal.logIn"));
            return reply.redirect("/login");
        }
        if (req.method !== "GET" && req.method !== "HEAD") {
            const body = (req.body ?? {}) as Record<string, unknown>;
            const presented = req.headers["x-csrf-token"] ?? body._csrf;
            const expected = req.session?.csrf ?? req.cookies[LOGIN_CSRF_COOKIE];
            if (!expected || !tokensMatch(expected, presented)) return refuse(reply, req, 403, msg("refusal.csrf"));
            if (body._csrf !== undefined) delete body._csrf;
        }
        if (action !== "public") authorize(req.session!.user, action);
    });

    app.setErrorHandler(async (err, req, reply) => {
        if (err instanceof Refusal) {
            if (err.status === 429) reply.header("retry-after", "60");
            return refuse(
                reply,
                req,
                err.status,
                err.what,
                err.fields.map((f) => apiField(req.locale, f)),
            );
        }
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 413) return refuse(reply, req, 413, msg("refusal.tooLarge"));
        if (status === 415) return refuse(reply, req, 415, msg("refusal.mediaType"));
        if (status && status >= 400 && status < 500) return refuse(reply, req, status, msg("refusal.badRequest"));
        process.stderr.write(
            `watercloud serve: internal error on ${req.method} ${req.url}: ${(err as Error).stack ?? err}\n`,
        );
        return refuse(reply, req, 500, msg("refusal.internal"));
    });
    app.setNotFoundHandler(async (req, reply) => refuse(reply, req, 404, msg("refusal.noPage")));
}

type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;

/** Logging in and out, and the clean-up of expired sessions and old failures that logging in also triggers. */
function sessionHandlers(
    app: FastifyInstance,
    opts: ServerOptions,
    settings: PortalSettings,
    { loginPerAddress, loginOverall }: { loginPerAddress: Limiter; loginOverall: Limiter },
    cookieOptions: { path: string; httpOnly: boolean; sameSite: "strict"; secure: boolean },
): Pick<RouteContext, "login" | "logout" | "loginToken"> {
    /**
     * Logs in. Unknown names, disabled accounts and wrong passwords get one answer; a name held back from this
     * address (or everywhere) gets another, the same whether the name exists or not, and never the time it ends.
     */
    async function login(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<LoginResult> {
        const parsed = loginSchema.safeParse(body);
        if (!parsed.success) return { ok: false, status: 400, what: msg("login.incomplete") };
        const [address, overall] = [await loginPerAddress(req), await loginOverall(req)];
        const exceeded = (r: typeof address) => !r.isAllowed && r.isExceeded;
        if (exceeded(address) || exceeded(overall)) return { ok: false, status: 429, what: msg("refusal.rateLimited") };
        const { username, password } = parsed.data;
        const outcome = await authenticate(opts.db, username, password, req.ip, settings);
        if (!outcome.ok) {
            await writeAudit(opts.root, username, "portal.login", [], outcome.reason, { ip: req.ip });
            return outcome.reason === "held"
                ? { ok: false, status: 423, what: msg("login.held") }
                : { ok: false, status: 401, what: msg("login.wrong") };
        }
        const s = await openSession(opts.db, outcome.user);
        reply.setCookie(SESSION_COOKIE, s.id, cookieOptions);
        reply.clearCookie(LOGIN_CSRF_COOKIE, { path: "/" });
        await writeAudit(opts.root, outcome.user.username, "portal.login", [], "ok", { ip: req.ip });
        await cleanup();
        return { ok: true, user: outcome.user, csrf: s.csrf };
    }

    async function logout(req: FastifyRequest, reply: FastifyReply): Promise<void> {
        await closeSession(opts.db, req.cookies[SESSION_COOKIE]!);
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
    }

    async function cleanup(): Promise<void> {
        await removeExpiredSessions(opts.db, settings);
        await pruneFailures(opts.db, settings);
    }
    const timer = setInterval(() => void cleanup().catch(() => undefined), CLEANUP_EVERY_MS);
    timer.unref();
    app.addHook("onClose", async () => clearInterval(timer));

    /** The login form's token: the one the browser already holds (several tabs, a favicon fetch), else a new one. */
    const loginToken = (reply: FastifyReply) => {
        const held = reply.request.cookies[LOGIN_CSRF_COOKIE];
        const t = held && /^[A-Za-z0-9_-]{43}$/.test(held) ? held : randomToken();
        reply.setCookie(LOGIN_CSRF_COOKIE, t, cookieOptions);
        return t;
    };

    return { login, logout, loginToken };
}
