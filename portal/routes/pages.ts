/** The pages: server-rendered HTML over the same service calls as the API; forms post and are answered with a redirect. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { Refusal } from "../authz";
import { findVersion } from "../catalogView";
import { cloudFigures } from "../cloudQuota";
import { isLocale, LANG_COOKIE, say } from "../i18n";
import type { FieldMessage, RequestCheck } from "../requestCheck";
import {
    completionSchema,
    decisionSchema,
    loginSchema,
    newUserSchema,
    passwordResetSchema,
    serviceRequestSchema,
} from "../schemas";
import type { RouteContext } from "../server";
import { accountsPage } from "../views/accounts";
import { auditPage } from "../views/audit";
import { complianceIndex, compliancePage, isVerdict } from "../views/compliance";
import { PARAM_PREFIX, requestForm, requestFromForm } from "../views/form";
import { html } from "../views/html";
import * as views from "../views/pages";
import { requestPage, requestsPage, runPage } from "../views/requests";
import { usageIndex, usagePage } from "../views/usage";
import { accountAction, findRun, parseQuery } from "./api";
import type { RouteSpec } from "./spec";

const params = (req: FastifyRequest) => req.params as Record<string, string>;
const form = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;

/** A local path to come back to (never another site: `//host` and `/\host` are refused). */
function safeBack(back: unknown): string {
    return typeof back === "string" && /^\/(?![/\\])[^\s]*$/.test(back) && back.length <= 2000 ? back : "/";
}

export function pageRoutes(ctx: RouteContext): RouteSpec[] {
    return [
        ...sessionPages(ctx),
        ...catalogPages(ctx),
        ...requestPages(ctx),
        ...overviewPages(ctx),
        ...accountPages(ctx),
    ];
}

/** Logging in and out, the language, and the way home. */
function sessionPages(ctx: RouteContext): RouteSpec[] {
    const redirect = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
    return [
        {
            method: "GET",
            url: "/",
            action: "public",
            kind: "page",
            summary: "the home page of the user's role, or the login",
            responses: { "302": "to the home page or /login" },
            handler: async (req, reply) => reply.redirect(req.session ? ctx.home(req.session.user) : "/login"),
        },
        {
            method: "GET",
            url: "/favicon.ico",
            action: "public",
            kind: "page",
            summary: "no icon",
            responses: { "204": "nothing" },
            handler: async (_req, reply) => reply.code(204).send(),
        },
        {
            method: "GET",
            url: "/language",
            action: "public",
            kind: "page",
            summary: "choose the language (`to`: zh-CN or en), remembered in a cookie; back to `back`",
            responses: { "303": "back to the page" },
            handler: async (req, reply) => {
                const q = (req.query ?? {}) as Record<string, unknown>;
                if (isLocale(q.to))
                    reply.setCookie(LANG_COOKIE, q.to, { ...ctx.cookieOptions, maxAge: 365 * 24 * 3600 });
                return redirect(reply, safeBack(q.back));
            },
        },
        {
            method: "GET",
            url: "/login",
            action: "public",
            kind: "page",
            summary: "the login form",
            responses: { "200": "the form", "302": "already logged in: to the home page" },
            handler: async (req, reply) =>
                req.session
                    ? reply.redirect(ctx.home(req.session.user))
                    : ctx.send(
                          reply,
                          req,
                          ctx.view(req).t("login.title"),
                          views.loginPage(ctx.view(req, ctx.loginToken(reply)), undefined),
                      ),
        },
        {
            method: "POST",
            url: "/login",
            action: "public",
            kind: "page",
            body: loginSchema,
            summary: "log in with the form",
            responses: {
                "303": "to the home page",
                "401": "wrong user name or password",
                "423": "held back",
                "429": "too many logins",
            },
            handler: async (req, reply) => {
                const f = form(req);
                const r = await ctx.login(req, reply, { username: f.username, password: f.password });
                if (r.ok) return redirect(reply, ctx.home(r.user));
                const v = ctx.view(req, ctx.loginToken(reply));
                return ctx.send(
                    reply,
                    req,
                    v.t("login.title"),
                    views.loginPage(
                        v,
                        say(req.locale, r.what),
                        typeof f.username === "string" ? f.username.slice(0, 40) : "",
                    ),
                    r.status,
                );
            },
        },
        {
            method: "POST",
            url: "/logout",
            action: "session.end",
            kind: "page",
            summary: "log out",
            responses: { "303": "to /login" },
            handler: async (req, reply) => {
                await ctx.logout(req, reply);
                return redirect(reply, "/login");
            },
        },
    ];
}

/** The catalogue, a blueprint version with its request form, and the form's check and submission. */
function catalogPages(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    const redirect = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
    const versionPage = (
        req: FastifyRequest,
        reply: FastifyReply,
        values: Record<string, unknown>,
        messages: readonly FieldMessage[],
        check: RequestCheck | null,
        status = 200,
    ) => {
        const v = ctx.view(req);
        const ver = portal.version(u(req), params(req).name!, params(req).version!);
        const canRequest = v.can("request.submit") && ver.lifecycle !== "deprecated";
        const body = html`${views.versionHeader(v, ver)}${views.checkPanel(v, check)}${canRequest ? requestForm(v, { ver, tenants: portal.tenants(u(req), "request.submit"), values, messages }) : ""}`;
        return ctx.send(reply, req, ver.pin, body, status);
    };

    return [
        {
            method: "GET",
            url: "/catalog",
            action: "catalog.read",
            kind: "page",
            summary: "the service catalogue",
            responses: { "200": "the page" },
            handler: async (req, reply) =>
                ctx.send(
                    reply,
                    req,
                    ctx.view(req).t("catalog.title"),
                    views.cataloguePage(ctx.view(req), portal.catalogue(u(req))),
                ),
        },
        {
            method: "GET",
            url: "/catalog/:name/:version",
            action: "catalog.read",
            kind: "page",
            summary: "a blueprint version, with the request form for members",
            responses: { "200": "the page", "404": "no such version" },
            handler: async (req, reply) =>
                versionPage(req, reply, { "service.name": params(req).name, tenant: u(req).tenant ?? "" }, [], null),
        },
        {
            method: "POST",
            url: "/catalog/:name/:version/request",
            action: "request.check",
            kind: "page",
            scope: "body",
            body: serviceRequestSchema,
            summary: "the request form: `action=check` checks, `action=submit` submits (members)",
            responses: {
                "200": "checked: passed",
                "303": "submitted: to the request",
                "422": "the check's messages at their fields",
            },
            handler: async (req, reply) => {
                const ver = portal.version(u(req), params(req).name!, params(req).version!);
                const f = form(req);
                const body = requestFromForm(f, ver);
                const values = Object.fromEntries(
                    Object.entries(f).filter(
                        ([k]) => k === "tenant" || k === "service.name" || k.startsWith(PARAM_PREFIX),
                    ),
                );
                try {
                    if (f.action === "submit")
                        return redirect(reply, `/requests/${(await portal.submit(u(req), body)).id}`);
                    const check = await portal.check(u(req), body);
                    return versionPage(req, reply, values, check.messages, check, check.passed ? 200 : 422);
                } catch (e) {
                    if (!(e instanceof Refusal) || e.status !== 422) throw e;
                    const failed = { passed: false, checkedAt: new Date().toISOString(), messages: [...e.fields] };
                    return versionPage(req, reply, values, e.fields, failed, 422);
                }
            },
        },
    ];
}

/** Requests: the list, one request and its runs, and what approvers, members and the engine do to it. */
function requestPages(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    const redirect = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
    return [
        {
            method: "GET",
            url: "/requests",
            action: "request.list",
            kind: "page",
            summary: "requests",
            responses: { "200": "the page" },
            handler: async (req, reply) =>
                ctx.send(
                    reply,
                    req,
                    ctx.view(req).t("requests.title"),
                    requestsPage(ctx.view(req), await portal.list(u(req))),
                ),
        },
        {
            method: "GET",
            url: "/requests/:id",
            action: "request.read",
            kind: "page",
            scope: "request",
            summary: "a request: parameters, state, what happens next, history",
            responses: { "200": "the page", "404": "no such request (or another tenant's)" },
            handler: async (req, reply) => {
                const r = await portal.get(u(req), params(req).id!);
                const [name, version] = r.blueprint.split("@") as [string, string];
                return ctx.send(
                    reply,
                    req,
                    `${ctx.view(req).t("request.title")}${r.serviceName}`,
                    requestPage(ctx.view(req), r, findVersion(portal.root, name, version)),
                );
            },
        },
        {
            method: "GET",
            url: "/requests/:id/runs/:runId",
            action: "request.read",
            kind: "page",
            scope: "request",
            summary: "one engine run of the request's provisioning",
            responses: { "200": "the page", "404": "no such request or run" },
            handler: async (req, reply) => {
                const r = await portal.get(u(req), params(req).id!);
                const run = findRun(r, params(req).runId!) as Parameters<typeof runPage>[2];
                return ctx.send(
                    reply,
                    req,
                    ctx.view(req).t("run.title", { operation: run.operation }),
                    runPage(ctx.view(req), r, run),
                );
            },
        },
        {
            method: "POST",
            url: "/requests/:id/decision",
            action: "request.decide",
            kind: "page",
            scope: "request",
            body: decisionSchema,
            summary: "approve or reject",
            responses: { "303": "to the request", "409": "not waiting", "422": "no reason" },
            handler: async (req, reply) => (
                await portal.decide(u(req), params(req).id!, req.body),
                redirect(reply, `/requests/${params(req).id}`)
            ),
        },
        {
            method: "POST",
            url: "/requests/:id/withdraw",
            action: "request.withdraw",
            kind: "page",
            scope: "request",
            summary: "withdraw one's own waiting request",
            responses: { "303": "to the request", "409": "no longer waiting" },
            handler: async (req, reply) => (
                await portal.withdraw(u(req), params(req).id!),
                redirect(reply, `/requests/${params(req).id}`)
            ),
        },
        {
            method: "POST",
            url: "/requests/:id/complete",
            action: "request.complete",
            kind: "page",
            scope: "request",
            body: completionSchema,
            summary: "mark an approved request done (--no-provision)",
            responses: { "303": "to the request", "409": "not approved", "422": "no note" },
            handler: async (req, reply) => (
                await portal.complete(u(req), params(req).id!, req.body),
                redirect(reply, `/requests/${params(req).id}`)
            ),
        },
        {
            method: "POST",
            url: "/requests/:id/retry",
            action: "request.retry",
            kind: "page",
            scope: "request",
            summary: "provision a failed request again",
            responses: { "303": "to the request", "409": "not failed" },
            handler: async (req, reply) => (
                await portal.retry(u(req), params(req).id!),
                redirect(reply, `/requests/${params(req).id}`)
            ),
        },
    ];
}

/** Usage, compliance and the audit trail. */
function overviewPages(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    const redirect = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
    return [
        {
            method: "GET",
            url: "/usage",
            action: "usage.read",
            kind: "page",
            summary: "usage: a member's tenant, or every tenant with the fleet's charts",
            responses: { "200": "the page", "302": "a member: to their tenant" },
            handler: async (req, reply) => {
                const user = u(req);
                if (user.role === "member") return reply.redirect(`/usage/${user.tenant}`);
                const v = ctx.view(req);
                return ctx.send(
                    reply,
                    req,
                    v.t("usage.title"),
                    usageIndex(v, portal.tenants(user), v.can("fleet.read") ? await portal.fleet(user) : undefined),
                );
            },
        },
        {
            method: "GET",
            url: "/usage/:tenant",
            action: "usage.read",
            kind: "page",
            scope: "tenant",
            summary: "a tenant's usage against its quota",
            responses: { "200": "the page", "404": "no such tenant (or another member's)" },
            handler: async (req, reply) => {
                const usage = await portal.usage(u(req), params(req).tenant!);
                const v = ctx.view(req);
                return ctx.send(
                    reply,
                    req,
                    `${v.t("usage.of")}${v.tenantText(usage.tenant)}`,
                    usagePage(v, usage, await cloudFigures(usage.tenant, ctx.cloudsFile)),
                );
            },
        },
        {
            method: "GET",
            url: "/compliance",
            action: "compliance.read",
            kind: "page",
            summary: "every tenant's latest level-3 check",
            responses: { "200": "the page", "302": "a member: to their tenant" },
            handler: async (req, reply) => {
                const user = u(req);
                if (user.role === "member") return reply.redirect(`/compliance/${user.tenant}`);
                const rows = await Promise.all(
                    portal
                        .tenants(user, "compliance.read")
                        .map(async (tenant) => ({ tenant, run: await portal.compliance(user, tenant) })),
                );
                return ctx.send(reply, req, ctx.view(req).t("compliance.title"), complianceIndex(ctx.view(req), rows));
            },
        },
        {
            method: "GET",
            url: "/compliance/:tenant",
            action: "compliance.read",
            kind: "page",
            scope: "tenant",
            summary: "a tenant's level-3 matrix by clause family, filtered by `verdict`",
            responses: { "200": "the page", "404": "no such tenant" },
            handler: async (req, reply) => {
                const tenant = params(req).tenant!;
                const run = await portal.compliance(u(req), tenant);
                const verdict = (req.query as Record<string, unknown>)?.verdict;
                const v = ctx.view(req);
                return ctx.send(
                    reply,
                    req,
                    `${v.t("compliance.of")}${v.tenantText(tenant)}`,
                    compliancePage(v, tenant, run, isVerdict(verdict) ? verdict : undefined),
                );
            },
        },
        {
            method: "POST",
            url: "/compliance/:tenant/run",
            action: "compliance.run",
            kind: "page",
            scope: "tenant",
            summary: "run the tenant's check now",
            responses: { "303": "to the tenant's compliance" },
            handler: async (req, reply) => (
                await portal.runCompliance(u(req), params(req).tenant!),
                redirect(reply, `/compliance/${params(req).tenant}`)
            ),
        },
        {
            method: "GET",
            url: "/audit",
            action: "audit.read",
            kind: "page",
            summary: "the audit trail: filters, search, pages",
            responses: { "200": "the page", "422": "a filter is wrong" },
            handler: async (req, reply) => {
                const q = parseQuery(req);
                let entries: Awaited<ReturnType<typeof portal.audit>> | string;
                try {
                    entries = await portal.audit(u(req), q, ctx.settings.timeZone);
                } catch (e) {
                    if (e instanceof Refusal) throw e;
                    entries = (e as Error).message;
                }
                return ctx.send(reply, req, ctx.view(req).t("audit.title"), auditPage(ctx.view(req), entries, q));
            },
        },
    ];
}

/** Accounts, for administrators. */
function accountPages(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    const redirect = (reply: FastifyReply, to: string) => reply.redirect(to, 303);
    const accountsView = async (
        req: FastifyRequest,
        reply: FastifyReply,
        messages: readonly FieldMessage[] = [],
        values: Record<string, string> = {},
        status = 200,
    ) =>
        ctx.send(
            reply,
            req,
            ctx.view(req).t("accounts.title"),
            accountsPage(ctx.view(req), await portal.accounts(u(req)), portal.directory.slugs(), messages, values),
            status,
        );

    /** An account form's refusal shown on the accounts page, at its field. */
    const accountRefusal = async (
        req: FastifyRequest,
        reply: FastifyReply,
        e: unknown,
        values: Record<string, string> = {},
    ) => {
        if (!(e instanceof Refusal) || e.status !== 422) throw e;
        return accountsView(req, reply, e.fields, values, 422);
    };

    return [
        {
            method: "GET",
            url: "/accounts",
            action: "account.read",
            kind: "page",
            summary: "accounts (administrators)",
            responses: { "200": "the page" },
            handler: async (req, reply) => accountsView(req, reply),
        },
        {
            method: "POST",
            url: "/accounts",
            action: "account.manage",
            kind: "page",
            body: newUserSchema,
            summary: "create an account",
            responses: { "303": "to the accounts", "422": "the mistakes at their fields" },
            handler: async (req, reply) => {
                const f = form(req);
                const input = {
                    username: f.username,
                    role: f.role,
                    password: f.password,
                    ...(f.tenant ? { tenant: f.tenant } : {}),
                };
                const values = {
                    username: String(f.username ?? "").slice(0, 40),
                    role: String(f.role ?? ""),
                    tenant: String(f.tenant ?? ""),
                };
                return portal.createAccount(u(req), input).then(
                    () => redirect(reply, "/accounts"),
                    (e) => accountRefusal(req, reply, e, values),
                );
            },
        },
        ...(["disable", "enable", "unlock"] as const).map((what): RouteSpec => ({
            method: "POST",
            url: `/accounts/:username/${what}`,
            action: "account.manage",
            kind: "page",
            scope: "account",
            summary: `${what} an account`,
            responses: { "303": "to the accounts", "404": "no such account" },
            handler: async (req, reply) => (await accountAction(ctx, req, what), redirect(reply, "/accounts")),
        })),
        {
            method: "POST",
            url: "/accounts/:username/password",
            action: "account.manage",
            kind: "page",
            scope: "account",
            body: passwordResetSchema,
            summary: "set a new password",
            responses: { "303": "to the accounts", "422": "too weak" },
            handler: async (req, reply) =>
                portal.resetAccountPassword(u(req), params(req).username!, { password: form(req).password }).then(
                    () => redirect(reply, "/accounts"),
                    (e) => accountRefusal(req, reply, e),
                ),
        },
    ];
}
