/**
 * What the portal writes to the engine's append-only audit trail. The request's own history (request_events)
 * shows the same moves on the request's page; the trail is the record an auditor reads across CLI and portal.
 */
import { appendAudit, EngineUnavailableError, portalActor } from "./provisioning";

export interface AuditWriter {
    (root: string, user: string, action: string, stacks: string[], result: string, detail?: Record<string, unknown>): Promise<void>;
}

let warned = false;

/** Writes one entry; when the engine is not in this build the portal goes on and says so once on stderr. */
export const writeAudit: AuditWriter = async (root, user, action, stacks, result, detail) => {
    try {
        await appendAudit(root, { actor: portalActor(user), action, stacks, result, ...(detail ? { detail } : {}) });
    } catch (e) {
        if (!(e instanceof EngineUnavailableError)) throw e;
        if (!warned) process.stderr.write(`watercloud serve: audit trail not written: ${e.message}\n`);
        warned = true;
    }
};
