/**
 * Who may do what: one table of role × action, each cell a tenant scope. Every route names its action; the
 * server refuses a role whose cell is `none` before the handler runs, and the service layer narrows `own` to the
 * member's tenant. Pages ask the same table whether to show a button, so a button is shown exactly when its
 * action would be allowed.
 *
 * - member: their own tenant only; requests services, withdraws their own pending requests, runs its check;
 * - approver: every tenant; approves or rejects (never their own request), retries or completes provisioning;
 *   approvers approve and members request, so an approver submits nothing;
 * - auditor: reads everything, changes nothing;
 * - admin: manages the portal's accounts and nothing else (no tenant data), every change audited.
 */
import type { User } from "./accounts";
import { msg, type Msg } from "./i18n";
import type { FieldMessage } from "./requestCheck";
import type { Role } from "./schemas";

export const ACTIONS = [
    "catalog.read",
    "request.check",
    "request.submit",
    "request.list",
    "request.read",
    "request.withdraw",
    "request.decide",
    "request.retry",
    "request.complete",
    "usage.read",
    "fleet.read",
    "monitoring.read",
    "usage.report",
    "compliance.read",
    "compliance.run",
    "audit.read",
    "account.read",
    "account.manage",
    "session.end",
] as const;
export type Action = (typeof ACTIONS)[number];

/** all: every tenant; own: the member's tenant only; none: refused. */
export type Scope = "all" | "own" | "none";

const R = (member: Scope, approver: Scope, auditor: Scope, admin: Scope): Record<Role, Scope> => ({
    member,
    approver,
    auditor,
    admin,
});

/** The one table (docs/portal.md prints it). */
export const MATRIX: { readonly [A in Action]: Readonly<Record<Role, Scope>> } = {
    //                              member  approver auditor admin
    "catalog.read": R("all", "all", "all", "none"),
    "request.check": R("own", "none", "none", "none"),
    "request.submit": R("own", "none", "none", "none"),
    "request.list": R("own", "all", "all", "none"),
    "request.read": R("own", "all", "all", "none"),
    "request.withdraw": R("own", "none", "none", "none"),
    "request.decide": R("none", "all", "none", "none"),
    "request.retry": R("none", "all", "none", "none"),
    "request.complete": R("none", "all", "none", "none"),
    "usage.read": R("own", "all", "all", "none"),
    "fleet.read": R("none", "all", "all", "none"),
    "monitoring.read": R("own", "all", "all", "none"),
    "usage.report": R("own", "all", "all", "none"),
    "compliance.read": R("own", "all", "all", "none"),
    "compliance.run": R("own", "all", "none", "none"),
    "audit.read": R("none", "all", "all", "none"),
    "account.read": R("none", "none", "none", "all"),
    "account.manage": R("none", "none", "none", "all"),
    "session.end": R("all", "all", "all", "all"),
};

/** A refusal the user is told about: an HTTP status, a sentence, and for input mistakes the fields concerned. */
export class Refusal extends Error {
    constructor(
        readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 423 | 429 | 503,
        readonly what: Msg,
        readonly fields: readonly FieldMessage[] = [],
    ) {
        super(what.key);
        this.name = "Refusal";
    }
}

export function scopeOf(user: User, action: Action): Scope {
    return MATRIX[action][user.role];
}

/** May the user do `action` at all (and, given a tenant, for that tenant)? */
export function can(user: User, action: Action, tenant?: string): boolean {
    const scope = scopeOf(user, action);
    if (scope === "none") return false;
    return tenant === undefined || scope === "all" || user.tenant === tenant;
}

/** Refuses (403) a role the table gives no scope for the action. */
export function authorize(user: User, action: Action): void {
    if (scopeOf(user, action) === "none") throw new Refusal(403, msg("refusal.role", { action, role: user.role }));
}

/**
 * Refuses a tenant outside the user's scope as if it did not exist (404 with `notFound`): another tenant's
 * request or page is not theirs to learn about.
 */
export function authorizeTenant(user: User, action: Action, tenant: string, notFound: Msg): void {
    authorize(user, action);
    if (!can(user, action, tenant)) throw new Refusal(404, notFound);
}
