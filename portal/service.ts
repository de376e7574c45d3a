/**
 * What the portal does, whoever asks (a page or the API): each method takes the signed-in user, checks role and
 * tenant first, validates input with the portal's zod schemas, and writes the audit trail.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readTenantStack, SERVICES_KEY, stackFile, stackFilePath, tenantStacks, type ServiceRequest } from "../model";
import type { User } from "./accounts";
import { writeAudit } from "./audit";
import { Refusal, requireRole, requireTenant } from "./authz";
import { catalogueView, findVersion } from "./catalogView";
import { latestCompliance, runCompliance, type ComplianceRun } from "./compliance";
import type { Database } from "./db/database";
import { commitFile, GitError, restoreFile } from "./git";
import { portalActor, readAudit, runOperation, type AuditEntry, type RunReport } from "./provisioning";
import { checkServiceRequest, type RequestCheck } from "./requestCheck";
import { getRequest, insertRequest, listRequests, PENDING_STATES, transition, type ServiceRequestRecord } from "./requests";
import { decisionSchema, fieldErrors, requestIdSchema, serviceRequestSchema, type ServiceRequestInput } from "./schemas";
import { Serial } from "./serial";
import { addServiceToStack } from "./stackEdit";
import { fleetStats, tenantUsage, type FleetStats, type TenantUsage } from "./usage";

export interface PortalOptions {
    /** The project checkout whose stacks/ the portal edits and commits to. */
    readonly root: string;
    readonly db: Database;
    /** Provision right after approval (default true). */
    readonly autoProvision?: boolean;
    /**
     * Where the engine deploys: `openstack` (the stacks' default) or `docker` (the local Docker target of
     * docs/docker.md, handed to the engine as WATERCLOUD_TARGET).
     */
    readonly target?: "openstack" | "docker";
    /** The engine's state backend (default: the engine's, WATERCLOUD_STATE_URL or the project's .watercloud/state). */
    readonly stateUrl?: string;
}

export class Portal {
    readonly root: string;
    readonly db: Database;
    private readonly autoProvision: boolean;
    private readonly target: PortalOptions["target"];
    private readonly stateUrl: string | undefined;
    private readonly gitQueue = new Serial();
    private readonly running = new Set<Promise<void>>();

    constructor(opts: PortalOptions) {
        this.root = opts.root;
        this.db = opts.db;
        this.autoProvision = opts.autoProvision ?? true;
        this.target = opts.target;
        this.stateUrl = opts.stateUrl;
    }

    /** Resolves when no provisioning is in flight (tests, shutdown). */
    async idle(): Promise<void> {
        while (this.running.size > 0) await Promise.allSettled([...this.running]);
    }

    tenants(user: User): string[] {
        return tenantStacks(this.root).filter((t) => user.role !== "member" || t === user.tenant);
    }

    catalogue() {
        return catalogueView(this.root);
    }

    version(name: string, version: string) {
        const v = findVersion(this.root, name, version);
        if (!v) throw new Refusal(404, `no blueprint ${name}@${version} in the catalogue`);
        return v;
    }

    /** Parses a request body; a malformed one is refused naming each field. */
    parseRequest(user: User, body: unknown): ServiceRequestInput {
        requireRole(user, "member", "approver");
        const parsed = serviceRequestSchema.safeParse(body);
        if (!parsed.success) {
            const fields = fieldErrors(parsed.error).map((f) => ({ field: f.field, severity: "error" as const, message: f.message }));
            throw new Refusal(422, `the request is not valid: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`, fields);
        }
        requireTenant(user, parsed.data.tenant);
        return parsed.data;
    }

    /** The check alone, as the form's "Check" button runs it; nothing is stored. */
    async check(user: User, body: unknown): Promise<RequestCheck> {
        const input = this.parseRequest(user, body);
        return checkServiceRequest(this.root, input, await this.pendingServices(input.tenant));
    }

    /** The tenant's requests that hold quota but are not in its stack file yet (submitted up to provisioning). */
    private async pendingServices(tenant: string): Promise<ServiceRequest[]> {
        const inFile = new Set(readTenantStack(this.root, tenant).stackFile?.config[SERVICES_KEY].map((s) => s.name) ?? []);
        return (await listRequests(this.db, { tenant }))
            .filter((r) => PENDING_STATES.includes(r.state) && !inFile.has(r.serviceName))
            .reverse()
            .map((r) => ({ name: r.serviceName, blueprint: r.blueprint, parameters: r.parameters }));
    }

    /** Submits a request: refused (422, every message at its field) unless the check passes. */
    async submit(user: User, body: unknown): Promise<ServiceRequestRecord> {
        const submittedAt = new Date().toISOString();
        const input = this.parseRequest(user, body);
        const check = await checkServiceRequest(this.root, input, await this.pendingServices(input.tenant));
        const detail = { service: input.service.name, blueprint: input.service.blueprint, parameters: input.service.parameters };
        if (!check.passed) {
            await writeAudit(this.root, user.username, "portal.request.refused", [input.tenant], "check-failed", { ...detail, messages: check.messages.filter((m) => m.severity === "error").map((m) => m.message) });
            throw new Refusal(422, "the request does not pass the check", check.messages);
        }
        const id = await insertRequest(this.db, user.username, input, check, submittedAt);
        await writeAudit(this.root, user.username, "portal.request.submit", [input.tenant], "checked", { request: id, ...detail });
        return (await getRequest(this.db, id))!;
    }

    async list(user: User): Promise<ServiceRequestRecord[]> {
        return listRequests(this.db, user.role === "member" ? { tenant: user.tenant! } : {});
    }

    async get(user: User, id: string): Promise<ServiceRequestRecord> {
        if (!requestIdSchema.safeParse(id).success) throw new Refusal(404, `no request '${id}'`);
        const r = await getRequest(this.db, id);
        if (!r) throw new Refusal(404, `no request '${id}'`);
        requireTenant(user, r.tenant);
        return r;
    }

    /** Approve or reject with a reason; never one's own request. An approval starts provisioning. */
    async decide(user: User, id: string, body: unknown): Promise<ServiceRequestRecord> {
        requireRole(user, "approver");
        const r = await this.get(user, id);
        const parsed = decisionSchema.safeParse(body);
        if (!parsed.success) {
            const fields = fieldErrors(parsed.error).map((f) => ({ field: f.field, severity: "error" as const, message: f.message }));
            throw new Refusal(422, fields.map((f) => `${f.field}: ${f.message}`).join("; "), fields);
        }
        if (r.requester === user.username) throw new Refusal(403, "you submitted this request: another approver must decide it (separation of duties)");
        const { decision, reason } = parsed.data;
        const to = decision === "approve" ? "approved" : "rejected";
        const moved = await transition(this.db, id, ["checked"], to, user.username, reason, { decidedBy: user.username, decisionReason: reason });
        if (!moved) throw new Refusal(409, `the request is ${(await getRequest(this.db, id))!.state}, not waiting for a decision`);
        await writeAudit(this.root, user.username, `portal.request.${decision}`, [r.tenant], to, { request: id, service: r.serviceName, blueprint: r.blueprint, reason });
        const decided = (await getRequest(this.db, id))!;
        if (to === "approved" && this.autoProvision) this.startProvisioning(id, user.username);
        return decided;
    }

    /** Provisions again a request whose provisioning failed (the stack-file commit is not repeated). */
    async retry(user: User, id: string): Promise<ServiceRequestRecord> {
        requireRole(user, "approver");
        const r = await this.get(user, id);
        if (r.state !== "failed") throw new Refusal(409, `the request is ${r.state}; only a failed provisioning is retried`);
        this.startProvisioning(id, user.username, ["failed"]);
        return (await getRequest(this.db, id))!;
    }

    private startProvisioning(id: string, by: string, from: ("approved" | "failed")[] = ["approved"]): void {
        const p = this.provision(id, by, from).finally(() => this.running.delete(p));
        this.running.add(p);
    }

    /**
     * approved -> provisioning: the service goes into the tenant's stack file (checked again against the file as
     * it is now), committed to git, then the engine previews and applies the tenant's stack. done or failed, with
     * the engine's report; a failure says what happened and what to run.
     */
    private async provision(id: string, by: string, from: ("approved" | "failed")[]): Promise<void> {
        if (!(await transition(this.db, id, from, "provisioning", by, "provisioning started"))) return;
        const r = (await getRequest(this.db, id))!;
        const fail = async (message: string, fields: { engineReport?: unknown } = {}) => {
            await transition(this.db, id, ["provisioning"], "failed", "portal", message, fields);
            await writeAudit(this.root, by, "portal.provision", [r.tenant], "failed", { request: id, message });
        };
        try {
            let commit: string;
            if (r.commit) commit = r.commit;
            else {
                const outcome = await this.gitQueue.run(() => this.commitRequest(r, by));
                if ("message" in outcome) return fail(outcome.message);
                commit = outcome.commit;
                await transition(this.db, id, ["provisioning"], "provisioning", "portal", `committed ${commit.slice(0, 12)}: ${stackFile(r.tenant)}`, { commit });
            }
            const reports: RunReport[] = [];
            for (const operation of ["preview", "up"] as const) {
                const report = await runOperation({
                    root: this.root,
                    operation,
                    stacks: [r.tenant],
                    actor: portalActor(by),
                    ...(this.target ? { env: { WATERCLOUD_TARGET: this.target } } : {}),
                    ...(this.stateUrl ? { backendUrl: this.stateUrl } : {}),
                });
                reports.push(report);
                const s = report.stacks.find((x) => x.stack === r.tenant);
                const changes = s ? Object.entries(s.changes).map(([k, n]) => `${k} ${n}`).join(", ") : "";
                const summary = `${operation}: ${s?.state ?? "no result"}${changes ? ` (${changes})` : ""}${s?.errors.length ? `: ${s.errors.join("; ")}` : ""}`;
                if (report.exitCode !== 0) {
                    return fail(`${summary}. The change is committed (${commit.slice(0, 12)}); fix the cause, then retry here or run \`watercloud ${operation} ${r.tenant}\``, { engineReport: reports });
                }
                await transition(this.db, id, ["provisioning"], "provisioning", "engine", summary, { engineReport: reports });
            }
            await transition(this.db, id, ["provisioning"], "done", "engine", `service '${r.serviceName}' is provisioned`, { engineReport: reports });
            await writeAudit(this.root, by, "portal.provision", [r.tenant], "done", { request: id, commit });
            await runCompliance(this.root, this.db, r.tenant, "portal").catch(() => undefined);
        } catch (e) {
            // The engine reports its own failures in the RunReport; a throw is a wrong input (say, no passphrase
            // configured) or a defect. Either way the request says what happened and what to do.
            return fail(`provisioning stopped: ${(e as Error).message}. Fix the cause, then retry here`);
        }
    }

    /** Under the git queue: re-check against the current file, write it, commit it. */
    private async commitRequest(r: ServiceRequestRecord, by: string): Promise<{ commit: string } | { message: string }> {
        const service = { name: r.serviceName, blueprint: r.blueprint, parameters: r.parameters };
        const check = await checkServiceRequest(this.root, { tenant: r.tenant, service });
        if (!check.passed) {
            const errors = check.messages.filter((m) => m.severity === "error").map((m) => `${m.location ? m.location + ": " : ""}${m.message}`);
            return { message: `the stack file changed since the request was checked and it no longer passes: ${errors.join("; ")}` };
        }
        const file = stackFilePath(this.root, r.tenant);
        const rel = path.relative(this.root, file);
        fs.writeFileSync(file, addServiceToStack(fs.readFileSync(file, "utf8"), service));
        try {
            const commit = await commitFile(this.root, rel, `${r.tenant}: add service ${r.serviceName} (${r.blueprint})\n\nRequested by ${r.requester}, approved by ${r.decidedBy ?? by}: ${r.decisionReason ?? ""}\nPortal request ${r.id}\n`, { author: r.requester, email: `${r.requester}@watercloud-portal` });
            return { commit };
        } catch (e) {
            if (!(e instanceof GitError)) throw e;
            await restoreFile(this.root, rel).catch(() => undefined);
            return { message: `could not commit ${rel}: ${e.message}` };
        }
    }

    async usage(user: User, tenant: string): Promise<TenantUsage> {
        requireTenant(user, tenant);
        if (!tenantStacks(this.root).includes(tenant)) throw new Refusal(404, `no tenant '${tenant}'`);
        return tenantUsage(this.root, this.db, tenant);
    }

    async fleet(user: User): Promise<FleetStats> {
        requireRole(user, "approver", "auditor");
        return fleetStats(this.root, this.db);
    }

    async compliance(user: User, tenant: string): Promise<ComplianceRun | undefined> {
        requireTenant(user, tenant);
        if (!tenantStacks(this.root).includes(tenant)) throw new Refusal(404, `no tenant '${tenant}'`);
        return latestCompliance(this.db, tenant);
    }

    async runCompliance(user: User, tenant: string): Promise<ComplianceRun> {
        requireTenant(user, tenant);
        if (!tenantStacks(this.root).includes(tenant)) throw new Refusal(404, `no tenant '${tenant}'`);
        const run = await runCompliance(this.root, this.db, tenant, user.username);
        await writeAudit(this.root, user.username, "portal.compliance.check", [tenant], run.passed ? "passed" : "failed");
        return run;
    }

    async audit(user: User): Promise<AuditEntry[]> {
        requireRole(user, "approver", "auditor");
        return readAudit(this.root);
    }
}
