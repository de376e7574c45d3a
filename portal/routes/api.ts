/** The JSON API: the same service calls as the pages, described at /openapi.json. */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { auditQuerySchema } from "../auditQuery";
import { Refusal } from "../authz";
import { msg, type Locale } from "../i18n";
import type { RequestCheck } from "../requestCheck";
import type { ServiceRequestRecord } from "../requests";
import {
    completionSchema,
    decisionSchema,
    loginSchema,
    newUserSchema,
    passwordResetSchema,
    serviceRequestSchema,
} from "../schemas";
import { apiField } from "../checkText";
import type { RouteContext } from "../server";
import type { RouteSpec } from "./spec";

const params = (req: FastifyRequest) => req.params as Record<string, string>;

/** A check with each message's sentence added in the caller's language. */
export function apiCheck(locale: Locale, c: RequestCheck): RequestCheck {
    return { ...c, messages: c.messages.map((m) => apiField(locale, m)) };
}

const apiRequest = (locale: Locale, r: ServiceRequestRecord): ServiceRequestRecord =>
    r.check ? { ...r, check: apiCheck(locale, r.check) } : r;

/** A run of the engine for a request, by its id in the request's stored report. */
export function findRun(r: ServiceRequestRecord, runId: string) {
    const run = (Array.isArray(r.engineReport) ? (r.engineReport as { runId: string }[]) : []).find(
        (x) => x.runId === runId,
    );
    if (!run) throw new Refusal(404, msg("refusal.noRun", { runId: runId.slice(0, 64) }));
    return run;
}

/** The answers many routes give alike, worded once for the OpenAPI document. */
const STANDARD_RESPONSES = {
    "400": "malformed body",
    "404": "no such request, tenant, account or blueprint (another tenant's answers the same)",
    "422": "invalid input: `fields` names each field, with the CLI's message and location and the page's sentence (`text`)",
};

/**
 * The JSON API's routes, by area. Their order is the order they are registered in and described at /openapi.json;
 * the portal's matrix test holds every route to an action and the served routes to the document.
 */
export function apiRoutes(ctx: RouteContext): RouteSpec[] {
    return [
        ...sessionApiRoutes(ctx),
        ...catalogApiRoutes(ctx),
        ...requestApiRoutes(ctx),
        ...usageApiRoutes(ctx),
        ...complianceApiRoutes(ctx),
        ...auditApiRoutes(ctx),
        ...accountApiRoutes(ctx),
    ];
}

/** The description itself and the session: who is logged in, logging in and out. */
function sessionApiRoutes(ctx: RouteContext): RouteSpec[] {
    return [
        {
            method: "GET",
            url: "/openapi.json",
            action: "public",
            kind: "api",
            summary: "this description",
            responses: { "200": "OpenAPI 3.1" },
            handler: async () => ctx.openApi(),
        },
        {
            method: "GET",
            url: "/api/session",
            action: "public",
            kind: "api",
            summary: "who is logged in and the CSRF token (before login: the login token)",
            responses: { "200": "user and csrfToken" },
            handler: async (req, reply) =>
                req.session
                    ? { user: req.session.user, csrfToken: req.session.csrf }
                    : { user: null, csrfToken: ctx.loginToken(reply) },
        },
        {
            method: "POST",
            url: "/api/login",
            action: "public",
            kind: "api",
            body: loginSchema,
            summary:
                "log in; ends the user's older sessions. Failures are counted per name and address and per name (docs/portal.md); logins are rate limited per address and overall",
            responses: {
                "200": "user and csrfToken",
                "400": "user name or password missing",
                "401": "wrong user name or password (also for names that do not exist)",
                "423": "too many failed logins for this name from here, or everywhere: try later",
                "429": "too many logins from this address, or overall",
            },
            handler: async (req, reply) => {
                const r = await ctx.login(req, reply, req.body);
                if (!r.ok) throw new Refusal(r.status, r.what);
                return { user: r.user, csrfToken: r.csrf };
            },
        },
        {
            method: "POST",
            url: "/api/logout",
            action: "session.end",
            kind: "api",
            summary: "end this session",
            responses: { "200": "done" },
            handler: async (req, reply) => {
                await ctx.logout(req, reply);
                return { ok: true };
            },
        },
    ];
}

/** The catalogue: its blueprints and each version's parameters. */
function catalogApiRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    return [
        {
            method: "GET",
            url: "/api/catalog",
            action: "catalog.read",
            kind: "api",
            summary: "blueprints by category with every version",
            responses: { "200": "the catalogue" },
            handler: async (req) => portal.catalogue(u(req)),
        },
        {
            method: "GET",
            url: "/api/catalog/:name/:version",
            action: "catalog.read",
            kind: "api",
            summary: "one blueprint version with its parameters' JSON Schema",
            responses: { "200": "the version", "404": STANDARD_RESPONSES["404"] },
            handler: async (req) => portal.version(u(req), params(req).name!, params(req).version!),
        },
    ];
}

/** Service requests: checked, submitted, listed and read with their engine runs, then decided, withdrawn,
 * completed by hand or retried. */
function requestApiRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    return [
        {
            method: "POST",
            url: "/api/requests/check",
            action: "request.check",
            kind: "api",
            scope: "body",
            body: serviceRequestSchema,
            summary: "check a request as `watercloud check` would, storing nothing (members, for their tenant)",
            responses: { "200": "passed", "403": "another tenant", "422": "refused: the check's messages" },
            handler: async (req, reply) => {
                const check = await portal.check(u(req), req.body);
                return reply.code(check.passed ? 200 : 422).send(apiCheck(req.locale, check));
            },
        },
        {
            method: "POST",
            url: "/api/requests",
            action: "request.submit",
            kind: "api",
            scope: "body",
            body: serviceRequestSchema,
            summary:
                "submit a request (members, for their tenant); refused unless its check passes and the version is current",
            responses: {
                "201": "the request, waiting for approval",
                "403": "another tenant",
                "422": STANDARD_RESPONSES["422"],
            },
            handler: async (req, reply) =>
                reply.code(201).send(apiRequest(req.locale, await portal.submit(u(req), req.body))),
        },
        {
            method: "GET",
            url: "/api/requests",
            action: "request.list",
            kind: "api",
            summary: "requests (a member sees their tenant's)",
            responses: { "200": "requests" },
            handler: async (req) => (await portal.list(u(req))).map((r) => apiRequest(req.locale, r)),
        },
        {
            method: "GET",
            url: "/api/requests/:id",
            action: "request.read",
            kind: "api",
            scope: "request",
            summary: "a request with its history and the engine's report",
            responses: { "200": "the request", "404": STANDARD_RESPONSES["404"] },
            handler: async (req) => apiRequest(req.locale, await portal.get(u(req), params(req).id!)),
        },
        {
            method: "GET",
            url: "/api/requests/:id/runs/:runId",
            action: "request.read",
            kind: "api",
            scope: "request",
            summary: "one engine run of the request's provisioning (its run report)",
            responses: { "200": "the run report", "404": STANDARD_RESPONSES["404"] },
            handler: async (req) => findRun(await portal.get(u(req), params(req).id!), params(req).runId!),
        },
        {
            method: "POST",
            url: "/api/requests/:id/decision",
            action: "request.decide",
            kind: "api",
            scope: "request",
            body: decisionSchema,
            summary: "approve or reject with a reason (approvers; never their own request)",
            responses: {
                "200": "the request",
                "404": STANDARD_RESPONSES["404"],
                "409": "not waiting for a decision",
                "422": STANDARD_RESPONSES["422"],
            },
            handler: async (req) => apiRequest(req.locale, await portal.decide(u(req), params(req).id!, req.body)),
        },
        {
            method: "POST",
            url: "/api/requests/:id/withdraw",
            action: "request.withdraw",
            kind: "api",
            scope: "request",
            summary: "withdraw one's own request while it waits for approval (members)",
            responses: {
                "200": "the request, withdrawn",
                "404": STANDARD_RESPONSES["404"],
                "409": "no longer waiting",
            },
            handler: async (req) => apiRequest(req.locale, await portal.withdraw(u(req), params(req).id!)),
        },
        {
            method: "POST",
            url: "/api/requests/:id/complete",
            action: "request.complete",
            kind: "api",
            scope: "request",
            body: completionSchema,
            summary: "under --no-provision: mark an approved request done once it was applied by hand (approvers)",
            responses: {
                "200": "the request, done",
                "404": STANDARD_RESPONSES["404"],
                "409": "not approved, or this portal provisions by itself",
                "422": STANDARD_RESPONSES["422"],
            },
            handler: async (req) => apiRequest(req.locale, await portal.complete(u(req), params(req).id!, req.body)),
        },
        {
            method: "POST",
            url: "/api/requests/:id/retry",
            action: "request.retry",
            kind: "api",
            scope: "request",
            summary: "provision a failed request again (approvers)",
            responses: {
                "202": "provisioning",
                "404": STANDARD_RESPONSES["404"],
                "409": "not failed, or this portal does not provision",
            },
            handler: async (req, reply) =>
                reply.code(202).send(apiRequest(req.locale, await portal.retry(u(req), params(req).id!))),
        },
    ];
}

/** What a tenant uses against its quota, and the fleet's statistics. */
function usageApiRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    return [
        {
            method: "GET",
            url: "/api/tenants/:tenant/usage",
            action: "usage.read",
            kind: "api",
            scope: "tenant",
            summary: "quota against what is in the stack file and what is requested",
            responses: { "200": "usage", "404": STANDARD_RESPONSES["404"] },
            handler: async (req) => portal.usage(u(req), params(req).tenant!),
        },
        {
            method: "GET",
            url: "/api/fleet",
            action: "fleet.read",
            kind: "api",
            summary: "hosts, vCPUs, RAM and storage by tenant, blueprint and category",
            responses: { "200": "fleet statistics" },
            handler: async (req) => portal.fleet(u(req)),
        },
    ];
}

/** A tenant's level-3 compliance check: the latest run, and running it now. */
function complianceApiRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    return [
        {
            method: "GET",
            url: "/api/tenants/:tenant/compliance",
            action: "compliance.read",
            kind: "api",
            scope: "tenant",
            summary: "the tenant's latest level-3 check and matrix",
            responses: { "200": "latest run", "404": "no such tenant, or no check yet" },
            handler: async (req) => {
                const run = await portal.compliance(u(req), params(req).tenant!);
                if (!run) throw new Refusal(404, msg("refusal.noCheckYet"));
                return run;
            },
        },
        {
            method: "POST",
            url: "/api/tenants/:tenant/compliance",
            action: "compliance.run",
            kind: "api",
            scope: "tenant",
            summary: "run the tenant's level-3 check now",
            responses: { "201": "the run", "404": STANDARD_RESPONSES["404"] },
            handler: async (req, reply) =>
                reply.code(201).send(await portal.runCompliance(u(req), params(req).tenant!)),
        },
    ];
}

/** The audit trail. */
function auditApiRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    return [
        {
            method: "GET",
            url: "/api/audit",
            action: "audit.read",
            kind: "api",
            query: auditQuerySchema,
            summary: "the audit trail, newest first, filtered and in pages of 50",
            responses: { "200": "a page of entries", "422": STANDARD_RESPONSES["422"] },
            handler: async (req) => portal.audit(u(req), parseQuery(req), ctx.settings.timeZone),
        },
    ];
}

/** Accounts (administrators): listed, created, disabled, enabled, unlocked, given a new password. */
function accountApiRoutes(ctx: RouteContext): RouteSpec[] {
    const { portal } = ctx;
    const u = ctx.user;
    return [
        {
            method: "GET",
            url: "/api/accounts",
            action: "account.read",
            kind: "api",
            summary: "accounts with role, tenant, state and holds (administrators)",
            responses: { "200": "accounts" },
            handler: async (req) => portal.accounts(u(req)),
        },
        {
            method: "POST",
            url: "/api/accounts",
            action: "account.manage",
            kind: "api",
            body: newUserSchema,
            summary: "create an account (administrators): a member's tenant must exist, the password must be strong",
            responses: { "201": "the account", "422": STANDARD_RESPONSES["422"] },
            handler: async (req, reply) => reply.code(201).send(await portal.createAccount(u(req), req.body)),
        },
        ...(["disable", "enable", "unlock"] as const).map((what): RouteSpec => ({
            method: "POST",
            url: `/api/accounts/:username/${what}`,
            action: "account.manage",
            kind: "api",
            scope: "account",
            summary: `${what} an account (administrators; never disable oneself)`,
            responses: { "200": "the account", "404": STANDARD_RESPONSES["404"], "409": "one's own account" },
            handler: async (req) => accountAction(ctx, req, what),
        })),
        {
            method: "POST",
            url: "/api/accounts/:username/password",
            action: "account.manage",
            kind: "api",
            scope: "account",
            body: passwordResetSchema,
            summary: "set a new password (administrators); the account's sessions end",
            responses: { "200": "the account", "404": STANDARD_RESPONSES["404"], "422": STANDARD_RESPONSES["422"] },
            handler: async (req) => portal.resetAccountPassword(u(req), params(req).username!, req.body),
        },
    ];
}

export function accountAction(ctx: RouteContext, req: FastifyRequest, what: "disable" | "enable" | "unlock") {
    const user = ctx.user(req);
    const name = params(req).username!;
    return what === "unlock"
        ? ctx.portal.unlockAccount(user, name)
        : ctx.portal.setAccountDisabled(user, name, what === "disable");
}

export function parseQuery(req: FastifyRequest): z.output<typeof auditQuerySchema> {
    const parsed = auditQuerySchema.safeParse(req.query ?? {});
    if (!parsed.success) {
        throw new Refusal(
            422,
            msg("refusal.invalid", { fields: parsed.error.issues.map((i) => i.path.join(".")).join(", ") }),
            parsed.error.issues.map((i) => ({
                field: i.path.join("."),
                severity: "error" as const,
                message: i.message,
            })),
        );
    }
    return parsed.data;
}
