/**
 * Who may do what. Every page and API call goes through these checks with the signed-in user:
 * - member: their own tenant only (catalogue, requests, usage, compliance of that tenant);
 * - approver: every tenant; approves or rejects, never a request of their own (separation of duties);
 * - auditor: reads everything, changes nothing.
 */
import type { User } from "./accounts";
import type { FieldMessage } from "./requestCheck";
import type { Role } from "./schemas";

/** A refusal the user is told about: an HTTP status, a sentence, and for input mistakes the fields concerned. */
export class Refusal extends Error {
    constructor(
        readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 423,
        message: string,
        readonly fields: readonly FieldMessage[] = [],
    ) {
        super(message);
        this.name = "Refusal";
    }
}

export function requireRole(user: User, ...roles: Role[]): void {
    if (!roles.includes(user.role)) throw new Refusal(403, `this needs the role ${roles.join(" or ")}; you are ${article(user.role)} ${user.role}`);
}

export function canSeeTenant(user: User, tenant: string): boolean {
    return user.role !== "member" || user.tenant === tenant;
}

export function requireTenant(user: User, tenant: string): void {
    if (!canSeeTenant(user, tenant)) throw new Refusal(403, `tenant '${tenant}' is not yours: you are a member of '${user.tenant}'`);
}

function article(role: Role): string {
    return role === "approver" || role === "auditor" ? "an" : "a";
}
