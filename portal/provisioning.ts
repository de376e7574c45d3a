/**
 * Every call the portal makes into the provisioning engine (engine/, its contract in engine/types.ts) goes through this module:
 * previews and applies (runOperation) and the audit trail (appendAudit, readAudit). The portal never drives the
 * Pulumi SDK itself.
 */
import * as os from "node:os";
import { openStackCloud } from "../clouds/openstack";
import {
    appendAudit as engineAppendAudit,
    readAudit as engineReadAudit,
    runOperation as engineRunOperation,
} from "../engine";
import type { Actor, AuditEntry, RunOptions, RunReport } from "../engine";

export type { Actor, AuditEntry, RunOptions, RunReport, StackState } from "../engine";

/** Who the engine and the trail record: the portal user, via the portal, from this host. */
export function portalActor(user: string): Actor {
    return { user, via: "portal", host: os.hostname() };
}

/** The engine with the OpenStack adapter (clouds/openstack), as the CLI runs it. */
export function runOperation(opts: RunOptions): Promise<RunReport> {
    return engineRunOperation({ cloud: openStackCloud, ...opts });
}

export function appendAudit(root: string, entry: Omit<AuditEntry, "time">): Promise<void> {
    return engineAppendAudit(root, entry);
}

export function readAudit(root: string, filter?: { since?: string; stack?: string }): Promise<AuditEntry[]> {
    return engineReadAudit(root, filter);
}
