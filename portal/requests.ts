/**
 * Requests and their life: submitted -> checked -> approved | rejected, then provisioning -> done | failed. Each
 * move is one conditional UPDATE on the expected state (two approvers clicking at once: one wins, the other is
 * told), and each state reached is an event with who and why, shown as the request's history.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "./db/database";
import type { RequestCheck } from "./requestCheck";
import type { RequestState, ServiceRequestInput } from "./schemas";

export interface RequestEvent {
    readonly state: RequestState;
    readonly actor: string;
    readonly at: string;
    readonly message: string | null;
}

export interface ServiceRequestRecord {
    readonly id: string;
    readonly tenant: string;
    readonly serviceName: string;
    readonly blueprint: string;
    readonly parameters: Record<string, unknown>;
    readonly requester: string;
    readonly state: RequestState;
    readonly check: RequestCheck | null;
    readonly decidedBy: string | null;
    readonly decisionReason: string | null;
    readonly commit: string | null;
    readonly engineReport: unknown;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly events: RequestEvent[];
}

interface RequestRow {
    id: string;
    tenant: string;
    service_name: string;
    blueprint: string;
    parameters: string;
    requester: string;
    state: RequestState;
    check_result: string | null;
    decided_by: string | null;
    decision_reason: string | null;
    commit_sha: string | null;
    engine_report: string | null;
    created_at: string;
    updated_at: string;
}

const json = (s: string | null) => (s === null ? null : JSON.parse(s));

async function addEvent(
    db: Database,
    id: string,
    state: RequestState,
    actor: string,
    message: string | null,
    at: string,
): Promise<void> {
    const last = await db.get<{ n: number | string | null }>(
        `SELECT MAX(seq) AS n FROM request_events WHERE request_id = ?`,
        [id],
    );
    await db.run(`INSERT INTO request_events (request_id, seq, state, actor, at, message) VALUES (?, ?, ?, ?, ?, ?)`, [
        id,
        Number(last?.n ?? 0) + 1,
        state,
        actor,
        at,
        message,
    ]);
}

/** Stores a request whose check passed: it was submitted and checked in one step. */
export async function insertRequest(
    db: Database,
    requester: string,
    input: ServiceRequestInput,
    check: RequestCheck,
    submittedAt: string,
): Promise<string> {
    const id = randomUUID();
    const now = new Date().toISOString();
    await db.run(
        `INSERT INTO requests (id, tenant, service_name, blueprint, parameters, requester, state, check_result, footprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'checked', ?, ?, ?, ?)`,
        [
            id,
            input.tenant,
            input.service.name,
            input.service.blueprint,
            JSON.stringify(input.service.parameters),
            requester,
            JSON.stringify(check),
            JSON.stringify(check.footprint ?? null),
            now,
            now,
        ],
    );
    await addEvent(db, id, "submitted", requester, null, submittedAt);
    const s = check.summary;
    await addEvent(
        db,
        id,
        "checked",
        "watercloud check",
        s
            ? `passed: ${s.resources} resources, ${s.mandatory} mandatory and ${s.advisory} advisory violations`
            : "passed",
        check.checkedAt,
    );
    return id;
}

export interface TransitionFields {
    decidedBy?: string;
    decisionReason?: string;
    commit?: string;
    engineReport?: unknown;
    check?: RequestCheck;
}

/** Moves a request from one of `from` to `to`; false when it was not in such a state (someone else moved it). */
export async function transition(
    db: Database,
    id: string,
    from: readonly RequestState[],
    to: RequestState,
    actor: string,
    message: string | null,
    fields: TransitionFields = {},
): Promise<boolean> {
    const now = new Date().toISOString();
    const sets = ["state = ?", "updated_at = ?"];
    const params: unknown[] = [to, now];
    const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        params.push(value);
    };
    if (fields.decidedBy !== undefined) set("decided_by", fields.decidedBy);
    if (fields.decisionReason !== undefined) set("decision_reason", fields.decisionReason);
    if (fields.commit !== undefined) set("commit_sha", fields.commit);
    if (fields.engineReport !== undefined) set("engine_report", JSON.stringify(fields.engineReport));
    if (fields.check !== undefined) set("check_result", JSON.stringify(fields.check));
    const changed = await db.run(
        `UPDATE requests SET ${sets.join(", ")} WHERE id = ? AND state IN (${from.map(() => "?").join(", ")})`,
        [...params, id, ...from],
    );
    if (changed !== 1) return false;
    await addEvent(db, id, to, actor, message, now);
    return true;
}

export async function getRequest(db: Database, id: string): Promise<ServiceRequestRecord | undefined> {
    const row = await db.get<RequestRow>(`SELECT * FROM requests WHERE id = ?`, [id]);
    if (!row) return undefined;
    const events = await db.all<RequestEvent>(
        `SELECT state, actor, at, message FROM request_events WHERE request_id = ? ORDER BY seq`,
        [id],
    );
    return toRecord(row, events);
}

export async function listRequests(db: Database, filter: { tenant?: string } = {}): Promise<ServiceRequestRecord[]> {
    const rows = filter.tenant
        ? await db.all<RequestRow>(`SELECT * FROM requests WHERE tenant = ? ORDER BY created_at DESC`, [filter.tenant])
        : await db.all<RequestRow>(`SELECT * FROM requests ORDER BY created_at DESC`);
    return rows.map((r) => toRecord(r, []));
}

function toRecord(row: RequestRow, events: RequestEvent[]): ServiceRequestRecord {
    return {
        id: row.id,
        tenant: row.tenant,
        serviceName: row.service_name,
        blueprint: row.blueprint,
        parameters: JSON.parse(row.parameters),
        requester: row.requester,
        state: row.state,
        check: json(row.check_result),
        decidedBy: row.decided_by,
        decisionReason: row.decision_reason,
        commit: row.commit_sha,
        engineReport: json(row.engine_report),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        events: events.map((e) => ({ state: e.state, actor: e.actor, at: e.at, message: e.message })),
    };
}

/** Requests that count against quota but are not in the stack file yet. */
export const PENDING_STATES: readonly RequestState[] = ["submitted", "checked", "approved", "provisioning"];
