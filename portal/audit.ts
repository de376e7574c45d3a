/**
 * What the portal writes to the engine's append-only audit trail: logins, requests (and refused ones), decisions,
 * provisioning and compliance runs. The request's own history (request_events) shows the same moves on the
 * request's page; the trail is the hash-chained record an auditor reads across CLI and portal.
 */
import { appendAudit, portalActor } from "./provisioning";

export async function writeAudit(
    root: string,
    user: string,
    action: string,
    stacks: string[],
    result: string,
    detail?: Record<string, unknown>,
): Promise<void> {
    await appendAudit(root, { actor: portalActor(user), action, stacks, result, ...(detail ? { detail } : {}) });
}
