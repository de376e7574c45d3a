/**
 * What the portal does, whoever asks (a page or the API): each method takes the signed-in user, checks role and
 * tenant first, validates input with the portal's zod schemas, and writes the audit trail.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ZodError } from "zod";
import { PLATFORM_STACK, readTenantStack, SERVICES_KEY, stackFile, stackFilePath, type ServiceRequest } from "../model";
import {
    AccountError,
    createUser,
    findAccount,
    listAccounts,
    resetPassword,
    setDisabled,
    unlock,
    type Account,
    type User,
} from "./accounts";
import { writeAudit } from "./audit";
import { queryAudit, type AuditPage, type AuditQuery } from "./auditQuery";
import { readUse } from "../clouds/openstack";
import {
    alertTenant,
    monthProblem,
    renderUsage,
    USAGE_MEDIA,
    usageReport,
    type UsageFormat,
    type UseReader,
} from "../reports";
import { authorize, authorizeTenant, can, Refusal, scopeOf, type Action } from "./authz";
import {
    fleetMonitoring,
    tenantMonitoring,
    type FleetMonitoring,
    type MonitoringSources,
    type RangeName,
    type TenantMonitoring,
} from "./monitoring";
import { catalogueView, findVersion } from "./catalogView";
import { latestCompliance, runCompliance, type ComplianceRun } from "./compliance";
import type { Database } from "./db/database";
import { commitFile, GitError, restoreFile } from "./git";
import { portalActor, readAudit, runOperation, type RunReport } from "./provisioning";
import { checkServiceRequest, type FieldMessage, type RequestCheck } from "./requestCheck";
import {
    getRequest,
    insertRequest,
    listRequests,
    PENDING_STATES,
    transition,
    type ServiceRequestRecord,
} from "./requests";
import { msg, say } from "./i18n";
import {
    completionSchema,
    decisionSchema,
    fieldErrors,
    requestIdSchema,
    serviceRequestSchema,
    type ServiceRequestInput,
} from "./schemas";
import { Serial } from "./serial";
import { addServiceToStack } from "./stackEdit";
import { TenantDirectory } from "./tenants";
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
    /** The platform's Prometheus and Alertmanager (unset: each tenant's own, where its stack publishes them). */
    readonly monitoring?: { readonly prometheus?: string; readonly alertmanager?: string };
    /** clouds.yaml whose `watercloud` entry the usage reports read the cloud with (default: the usual places). */
    readonly cloudsFile?: string;
    /** How the usage reports read the cloud's measured use (default: clouds/openstack's readUse). */
    readonly readUse?: UseReader;
}

const noRequest = (id: string) => msg("refusal.noRequest", { id: id.slice(0, 64) });
const noTenant = (tenant: string) => msg("refusal.noTenant", { tenant: tenant.slice(0, 64) });
const invalid = (fields: FieldMessage[]) =>
    new Refusal(422, msg("refusal.invalid", { fields: fields.map((f) => f.field).join(", ") }), fields);
const invalidBody = (error: ZodError, body: unknown) =>
    invalid(fieldErrors(error, body).map((f) => ({ field: f.field, severity: "error" as const, message: f.message })));

export class Portal {
    readonly root: string;
    readonly db: Database;
    readonly directory: TenantDirectory;
    readonly autoProvision: boolean;
    private readonly target: PortalOptions["target"];
    private readonly stateUrl: string | undefined;
    private readonly monitoringSources: MonitoringSources;
    private readonly readUse: UseReader;
    private readonly gitQueue = new Serial();
    private readonly running = new Set<Promise<void>>();

    constructor(opts: PortalOptions) {
        this.root = opts.root;
        this.db = opts.db;
        this.directory = new TenantDirectory(opts.root);
        this.autoProvision = opts.autoProvision ?? true;
        this.target = opts.target;
        this.stateUrl = opts.stateUrl;
        this.monitoringSources = { root: opts.root, stateUrl: opts.stateUrl, target: opts.target, ...opts.monitoring };
        const cloudEnv = { ...process.env, ...(opts.cloudsFile ? { OS_CLIENT_CONFIG_FILE: opts.cloudsFile } : {}) };
        this.readUse = opts.readUse ?? ((tenants, period) => readUse(tenants, period, cloudEnv));
    }

    /** Resolves when no provisioning is in flight (tests, shutdown). */
    async idle(): Promise<void> {
        while (this.running.size > 0) await Promise.allSettled([...this.running]);
    }

    /** The tenants the user may see for `action` (a member: their own). */
    tenants(user: User, action: Action = "usage.read"): string[] {
        return this.directory.slugs().filter((t) => can(user, action, t));
    }

    /** A tenant in a sentence as pages show it: the department's name, then the slug. */
    private tenantWords(slug: string): string {
        const { displayName } = this.directory.name(slug);
        return displayName === slug ? slug : `${displayName} ${slug}`;
    }

    catalogue(user: User) {
        authorize(user, "catalog.read");
        return catalogueView(this.root);
    }

    version(user: User, name: string, version: string) {
        authorize(user, "catalog.read");
        const v = findVersion(this.root, name, version);
        if (!v) throw new Refusal(404, msg("refusal.noBlueprint", { pin: `${name}@${version}`.slice(0, 100) }));
        return v;
    }

    /**
     * Parses a request body; a malformed one is refused naming each field, a tenant not the member's is refused,
     * and so is a deprecated version (the page hides it; the API says what replaces it).
     */
    parseRequest(user: User, body: unknown, action: "request.check" | "request.submit"): ServiceRequestInput {
        authorize(user, action);
        const parsed = serviceRequestSchema.safeParse(body);
        if (!parsed.success) throw invalidBody(parsed.error, body);
        if (!can(user, action, parsed.data.tenant))
            throw new Refusal(403, msg("refusal.notYourTenant", { tenant: this.tenantWords(user.tenant ?? "") }));
        const [name, version] = parsed.data.service.blueprint.split("@") as [string, string];
        const v = findVersion(this.root, name, version);
        if (v?.lifecycle === "deprecated") {
            const what = msg("check.deprecated", { pin: v.pin, replacement: v.replacedBy ?? "" });
            throw invalid([
                {
                    field: "service.blueprint",
                    severity: "error",
                    message: `blueprint ${v.pin} is deprecated; request ${v.replacedBy ?? "a newer version"} instead`,
                    what,
                },
            ]);
        }
        return parsed.data;
    }

    /** The check alone, as the form's "Check" button runs it; nothing is stored. */
    async check(user: User, body: unknown): Promise<RequestCheck> {
        const input = this.parseRequest(user, body, "request.check");
        return checkServiceRequest(this.root, input, await this.pendingServices(input.tenant));
    }

    /** The tenant's requests that hold quota but are not in its stack file yet (submitted up to provisioning). */
    private async pendingServices(tenant: string): Promise<ServiceRequest[]> {
        const inFile = new Set(
            readTenantStack(this.root, tenant).stackFile?.config[SERVICES_KEY].map((s) => s.name) ?? [],
        );
        return (await listRequests(this.db, { tenant }))
            .filter((r) => PENDING_STATES.includes(r.state) && !inFile.has(r.serviceName))
            .reverse()
            .map((r) => ({ name: r.serviceName, blueprint: r.blueprint, parameters: r.parameters }));
    }

    /** Submits a request: refused (422, every message at its field) unless the check passes. */
    async submit(user: User, body: unknown): Promise<ServiceRequestRecord> {
        const submittedAt = new Date().toISOString();
        const input = this.parseRequest(user, body, "request.submit");
        const check = await checkServiceRequest(this.root, input, await this.pendingServices(input.tenant));
        const detail = {
            service: input.service.name,
            blueprint: input.service.blueprint,
            parameters: input.service.parameters,
        };
        if (!check.passed) {
            await writeAudit(this.root, user.username, "portal.request.refused", [input.tenant], "check-failed", {
                ...detail,
                messages: check.messages.filter((m) => m.severity === "error").map((m) => m.message),
            });
            throw new Refusal(422, msg("refusal.checkFailed"), check.messages);
        }
        const id = await insertRequest(this.db, user.username, input, check, submittedAt);
        await writeAudit(this.root, user.username, "portal.request.submit", [input.tenant], "checked", {
            request: id,
            ...detail,
        });
        return (await getRequest(this.db, id))!;
    }

    async list(user: User): Promise<ServiceRequestRecord[]> {
        authorize(user, "request.list");
        const all = await listRequests(this.db, user.role === "member" ? { tenant: user.tenant! } : {});
        return all.filter((r) => can(user, "request.list", r.tenant));
    }

    /** One request; another tenant's answers exactly as a request that does not exist. */
    async get(user: User, id: string, action: Action = "request.read"): Promise<ServiceRequestRecord> {
        authorize(user, action);
        if (!requestIdSchema.safeParse(id).success) throw new Refusal(404, noRequest(id));
        const r = await getRequest(this.db, id);
        if (!r) throw new Refusal(404, noRequest(id));
        authorizeTenant(user, action, r.tenant, noRequest(id));
        return r;
    }

    /** Approve or reject with a reason; never one's own request. An approval starts provisioning. */
    async decide(user: User, id: string, body: unknown): Promise<ServiceRequestRecord> {
        const r = await this.get(user, id, "request.decide");
        const parsed = decisionSchema.safeParse(body);
        if (!parsed.success) throw invalidBody(parsed.error, body);
        if (r.requester === user.username) throw new Refusal(403, msg("refusal.ownRequest"));
        const { decision, reason } = parsed.data;
        const to = decision === "approve" ? "approved" : "rejected";
        const moved = await transition(this.db, id, ["checked"], to, user.username, reason, {
            decidedBy: user.username,
            decisionReason: reason,
        });
        if (!moved)
            throw new Refusal(409, msg("refusal.notWaiting", { state: (await getRequest(this.db, id))!.state }));
        await writeAudit(this.root, user.username, `portal.request.${decision}`, [r.tenant], to, {
            request: id,
            service: r.serviceName,
            blueprint: r.blueprint,
            reason,
        });
        const decided = (await getRequest(this.db, id))!;
        if (to === "approved" && this.autoProvision) this.startProvisioning(id, user.username);
        return decided;
    }

    /** The requester takes back a request nobody has decided yet. */
    async withdraw(user: User, id: string): Promise<ServiceRequestRecord> {
        const r = await this.get(user, id, "request.withdraw");
        if (r.requester !== user.username) throw new Refusal(403, msg("refusal.notRequester"));
        if (!(await transition(this.db, id, ["checked"], "withdrawn", user.username, null))) {
            throw new Refusal(409, msg("refusal.notWithdrawable", { state: (await getRequest(this.db, id))!.state }));
        }
        await writeAudit(this.root, user.username, "portal.request.withdraw", [r.tenant], "withdrawn", {
            request: id,
            service: r.serviceName,
        });
        return (await getRequest(this.db, id))!;
    }

    /**
     * Under --no-provision nothing applies an approved request: the approver applies it by hand (the stack file,
     * `watercloud up`) and says so here, with a note of what was done.
     */
    async complete(user: User, id: string, body: unknown): Promise<ServiceRequestRecord> {
        const r = await this.get(user, id, "request.complete");
        if (this.autoProvision) throw new Refusal(409, msg("refusal.provisionsItself"));
        const parsed = completionSchema.safeParse(body);
        if (!parsed.success) throw invalidBody(parsed.error, body);
        if (!(await transition(this.db, id, ["approved"], "done", user.username, parsed.data.note))) {
            throw new Refusal(409, msg("refusal.notApproved", { state: (await getRequest(this.db, id))!.state }));
        }
        await writeAudit(this.root, user.username, "portal.request.complete", [r.tenant], "done", {
            request: id,
            service: r.serviceName,
            note: parsed.data.note,
        });
        return (await getRequest(this.db, id))!;
    }

    /** Provisions again a request whose provisioning failed (the stack-file commit is not repeated). */
    async retry(user: User, id: string): Promise<ServiceRequestRecord> {
        const r = await this.get(user, id, "request.retry");
        if (r.state !== "failed") throw new Refusal(409, msg("refusal.notFailed", { state: r.state }));
        if (!this.autoProvision) throw new Refusal(409, msg("refusal.noProvisioning"));
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
                await transition(
                    this.db,
                    id,
                    ["provisioning"],
                    "provisioning",
                    "portal",
                    `committed ${commit.slice(0, 12)}: ${stackFile(r.tenant)}`,
                    { commit },
                );
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
                const changes = s
                    ? Object.entries(s.changes)
                          .map(([k, n]) => `${k} ${n}`)
                          .join(", ")
                    : "";
                const summary = `${operation}: ${s?.state ?? "no result"}${changes ? ` (${changes})` : ""}${s?.errors.length ? `: ${s.errors.join("; ")}` : ""}`;
                if (report.exitCode !== 0) {
                    return fail(
                        `${summary}. The change is committed (${commit.slice(0, 12)}); fix the cause, then retry here or run \`watercloud ${operation} ${r.tenant}\``,
                        { engineReport: reports },
                    );
                }
                await transition(this.db, id, ["provisioning"], "provisioning", "engine", summary, {
                    engineReport: reports,
                });
            }
            await transition(
                this.db,
                id,
                ["provisioning"],
                "done",
                "engine",
                `service '${r.serviceName}' is provisioned`,
                { engineReport: reports },
            );
            await writeAudit(this.root, by, "portal.provision", [r.tenant], "done", { request: id, commit });
            await runCompliance(this.root, this.db, r.tenant, "portal").catch(() => undefined);
        } catch (e) {
            // The engine reports its own failures in the RunReport; a throw is a wrong input (say, no passphrase
            // configured) or a defect. Either way the request says what happened and what to do.
            return fail(`provisioning stopped: ${(e as Error).message}. Fix the cause, then retry here`);
        }
    }

    /** Under the git queue: re-check against the current file, write it, commit it. */
    private async commitRequest(
        r: ServiceRequestRecord,
        by: string,
    ): Promise<{ commit: string } | { message: string }> {
        const service = { name: r.serviceName, blueprint: r.blueprint, parameters: r.parameters };
        const check = await checkServiceRequest(this.root, { tenant: r.tenant, service });
        if (!check.passed) {
            const errors = check.messages
                .filter((m) => m.severity === "error")
                .map((m) => `${m.location ? m.location + ": " : ""}${m.message}`);
            return {
                message: `the stack file changed since the request was checked and it no longer passes: ${errors.join("; ")}`,
            };
        }
        const file = stackFilePath(this.root, r.tenant);
        const rel = path.relative(this.root, file);
        fs.writeFileSync(file, addServiceToStack(fs.readFileSync(file, "utf8"), service));
        try {
            const commit = await commitFile(
                this.root,
                rel,
                `${r.tenant}: add service ${r.serviceName} (${r.blueprint})\n\nRequested by ${r.requester}, approved by ${r.decidedBy ?? by}: ${r.decisionReason ?? ""}\nPortal request ${r.id}\n`,
                { author: r.requester, email: `${r.requester}@watercloud-portal` },
            );
            return { commit };
        } catch (e) {
            if (!(e instanceof GitError)) throw e;
            await restoreFile(this.root, rel).catch(() => undefined);
            return { message: `could not commit ${rel}: ${e.message}` };
        }
    }

    /** A tenant in the user's scope for `action`; any other answers as a tenant that does not exist. */
    private tenantFor(user: User, action: Action, tenant: string): string {
        authorizeTenant(user, action, tenant, noTenant(tenant));
        if (!this.directory.exists(tenant)) throw new Refusal(404, noTenant(tenant));
        return tenant;
    }

    async usage(user: User, tenant: string): Promise<TenantUsage> {
        return tenantUsage(this.root, this.db, this.tenantFor(user, "usage.read", tenant));
    }

    async fleet(user: User): Promise<FleetStats> {
        authorize(user, "fleet.read");
        return fleetStats(this.root, this.db);
    }

    // ---- monitoring and the usage reports ----

    async monitoring(user: User, tenant: string, range: RangeName): Promise<TenantMonitoring> {
        return tenantMonitoring(this.monitoringSources, this.tenantFor(user, "monitoring.read", tenant), range);
    }

    /** The fleet: every tenant in the user's scope (a member's own only, with its alerts and no fleet charts). */
    async fleetMonitoring(user: User, range: RangeName): Promise<FleetMonitoring> {
        authorize(user, "monitoring.read");
        const fleet = await fleetMonitoring(this.monitoringSources, this.tenants(user, "monitoring.read"), range);
        if (scopeOf(user, "monitoring.read") === "all") return fleet;
        return { ...fleet, alerts: fleet.alerts.filter((a) => alertTenant(a) === user.tenant), charts: [] };
    }

    /**
     * A month's usage report, of one tenant or (for roles that see every tenant) of the platform and the whole
     * fleet, read from the cloud's own APIs. A month that does not exist or has not begun is refused at `month`.
     */
    async usageReport(
        user: User,
        tenant: string | undefined,
        month: string,
        format: UsageFormat,
        now = new Date(),
    ): Promise<{ body: string | Buffer; file: string; type: string }> {
        const tenants =
            tenant !== undefined ? [this.tenantFor(user, "usage.report", tenant)] : this.fleetForReport(user);
        const problem = monthProblem(month, now);
        // The download has no form to show a message at: the refusal says it, and names the field for the API.
        if (problem)
            throw new Refusal(422, msg("monitoring.badMonth", { month: month.slice(0, 20) }), [
                { field: "month", severity: "error", message: problem },
            ]);
        let report;
        try {
            report = await usageReport(this.root, { month, tenants, now }, this.readUse);
        } catch (e) {
            throw new Refusal(503, msg("refusal.noUsage", { why: (e as Error).message.split("\n")[0]!.slice(0, 300) }));
        }
        const media = USAGE_MEDIA[format];
        return {
            body: await renderUsage(report, format),
            file: `watercloud-usage-${tenant ?? "fleet"}-${month}.${media.ext}`,
            type: media.type,
        };
    }

    private fleetForReport(user: User): string[] {
        authorize(user, "usage.report");
        if (scopeOf(user, "usage.report") !== "all")
            throw new Refusal(403, msg("refusal.role", { action: "usage.report", role: user.role }));
        return [PLATFORM_STACK, ...this.directory.slugs()];
    }

    async compliance(user: User, tenant: string): Promise<ComplianceRun | undefined> {
        return latestCompliance(this.db, this.tenantFor(user, "compliance.read", tenant));
    }

    async runCompliance(user: User, tenant: string): Promise<ComplianceRun> {
        const run = await runCompliance(
            this.root,
            this.db,
            this.tenantFor(user, "compliance.run", tenant),
            user.username,
        );
        await writeAudit(
            this.root,
            user.username,
            "portal.compliance.check",
            [tenant],
            run.passed ? "passed" : "failed",
        );
        return run;
    }

    async audit(user: User, query: AuditQuery, timeZone: string): Promise<AuditPage> {
        authorize(user, "audit.read");
        return queryAudit(await readAudit(this.root), query, timeZone);
    }

    // ---- accounts (the administrator) ----

    async accounts(user: User): Promise<Account[]> {
        authorize(user, "account.read");
        return listAccounts(this.db);
    }

    private async account(user: User, username: string): Promise<Account> {
        authorize(user, "account.manage");
        const a = await findAccount(this.db, username);
        if (!a) throw new Refusal(404, msg("refusal.noAccount", { username: username.slice(0, 40) }));
        return a;
    }

    private accountRefusal(e: unknown): never {
        if (e instanceof AccountError)
            // `message` is the technical text programs read: the English sentence, never the catalogue's key.
            throw invalid([{ field: e.field, severity: "error", message: say("en", e.what), what: e.what }]);
        throw e;
    }

    async createAccount(user: User, body: unknown): Promise<Account> {
        authorize(user, "account.manage");
        const created = await createUser(this.db, body, this.directory.slugs()).catch((e) => this.accountRefusal(e));
        await writeAudit(
            this.root,
            user.username,
            "portal.account.create",
            created.tenant ? [created.tenant] : [],
            "created",
            { username: created.username, role: created.role },
        );
        return (await findAccount(this.db, created.username))!;
    }

    async setAccountDisabled(user: User, username: string, disabled: boolean): Promise<Account> {
        const a = await this.account(user, username);
        if (disabled && a.username === user.username) throw new Refusal(409, msg("refusal.disableSelf"));
        await setDisabled(this.db, a.username, disabled);
        await writeAudit(
            this.root,
            user.username,
            disabled ? "portal.account.disable" : "portal.account.enable",
            a.tenant ? [a.tenant] : [],
            disabled ? "disabled" : "enabled",
            { username: a.username },
        );
        return (await findAccount(this.db, a.username))!;
    }

    async resetAccountPassword(user: User, username: string, body: unknown): Promise<Account> {
        const a = await this.account(user, username);
        await resetPassword(this.db, a.username, body).catch((e) => this.accountRefusal(e));
        await writeAudit(this.root, user.username, "portal.account.reset", a.tenant ? [a.tenant] : [], "reset", {
            username: a.username,
        });
        return (await findAccount(this.db, a.username))!;
    }

    async unlockAccount(user: User, username: string): Promise<Account> {
        const a = await this.account(user, username);
        const cleared = await unlock(this.db, a.username);
        await writeAudit(this.root, user.username, "portal.account.unlock", a.tenant ? [a.tenant] : [], "unlocked", {
            username: a.username,
            cleared,
        });
        return (await findAccount(this.db, a.username))!;
    }
}
