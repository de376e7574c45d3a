/**
 * The check a request gets before it can be submitted: the tenant's stack file with the requested service added,
 * through the planner (parameters, quota, CIDRs, references) and then the offline level-3 check, exactly as
 * `watercloud check <tenant>` would judge that file. Each message is the planner's or the rule's own text, tied to
 * the form field it concerns by where it points in the stack file.
 */
import * as fs from "node:fs";
import {
    InputError,
    QUOTA_DIMENSIONS,
    SERVICES_PATH,
    TENANT_PATH,
    YamlSource,
    formatDiagnostic,
    stackFile,
    stackFilePath,
    tenantStacks,
    type Diagnostic,
    type ServiceRequest,
    type YamlPath,
} from "../model";
import { planTenant, type Footprint } from "../blueprints";
import { isBlocking, runCheck, type CheckSummary } from "../offline";
import { StackLocator } from "../reports";
import { overlayRoot } from "./overlay";
import type { Msg } from "./i18n";
import type { ServiceRequestInput } from "./schemas";
import { offlineRuns } from "./serial";
import { addServiceToStack, StackEditError } from "./stackEdit";

export interface FieldMessage {
    /** `tenant`, `service.name`, `service.blueprint`, `service.parameters.<name>`, `quota.<dimension>`, `service`, `stack`. */
    readonly field: string;
    readonly severity: "error" | "warning";
    readonly message: string;
    /** `FILE:LINE:COL` in the stack file with the service added (or the blueprint), as the CLI prints it. */
    readonly location?: string;
    /** The level-3 rule, for policy findings. */
    readonly policy?: string;
    /** The portal's own refusals say what they mean as a catalogue message; the planner's are read from `message`. */
    readonly what?: Msg;
}

export interface RequestCheck {
    readonly passed: boolean;
    readonly checkedAt: string;
    readonly messages: FieldMessage[];
    /** What the new service needs. */
    readonly footprint?: Footprint;
    /** The tenant's whole footprint with the service, and its quota. */
    readonly tenantFootprint?: Footprint;
    readonly quota?: Footprint;
    readonly summary?: CheckSummary;
}

/**
 * Checks `input` against the tenant's stack file with `pending` (requests not yet in the file, which already
 * hold part of the quota) and then the requested service added.
 */
export function checkServiceRequest(
    root: string,
    input: ServiceRequestInput,
    pending: readonly ServiceRequest[] = [],
): Promise<RequestCheck> {
    return offlineRuns.run(() => check(root, input, pending));
}

async function check(
    root: string,
    input: ServiceRequestInput,
    pending: readonly ServiceRequest[],
): Promise<RequestCheck> {
    const checkedAt = new Date().toISOString();
    const fail = (field: string, message: string): RequestCheck => ({
        passed: false,
        checkedAt,
        messages: [{ field, severity: "error", message }],
    });
    const tenant = input.tenant;
    if (!tenantStacks(root).includes(tenant))
        return fail("tenant", `no tenant '${tenant}' (tenants: ${tenantStacks(root).join(", ")})`);
    let text: string;
    try {
        text = [...pending, input.service].reduce(
            (t, svc) => addServiceToStack(t, svc),
            fs.readFileSync(stackFilePath(root, tenant), "utf8"),
        );
    } catch (e) {
        if (e instanceof StackEditError) return fail("stack", `${stackFile(tenant)}: ${e.message}`);
        throw e;
    }
    const overlay = overlayRoot(root, tenant, text);
    const fields = new FieldMap(new YamlSource(stackFile(tenant), text), input.service.parameters);
    let plan;
    try {
        plan = planTenant(overlay, tenant);
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return { passed: false, checkedAt, messages: e.diagnostics.map((d) => fields.message(d)) };
    }
    const warnings = plan.warnings.map((d) => fields.message(d));
    const footprint = plan.footprint.services[input.service.name];
    const { services: _services, ...tenantFootprint } = plan.footprint;
    const result = await runCheck(overlay, [tenant]);
    const stack = result.stacks[0]!;
    const locator = new StackLocator(overlay, stack.rendered);
    const serviceAt = fields.serviceLocation;
    const findings: FieldMessage[] = stack.findings
        .filter((f) => f.status === "violation" && !(f as { waived?: unknown }).waived)
        .map((f) => {
            const at = locator.locate(f.urn).primary;
            const own = at.line === serviceAt.line && at.col === serviceAt.col;
            return {
                field: own ? "service" : "stack",
                severity: isBlocking(f) ? "error" : "warning",
                message: `${f.policy}: ${f.message}`,
                location: `${at.file}:${at.line}:${at.col}`,
                policy: f.policy,
            } satisfies FieldMessage;
        });
    const quota: Footprint = { ...plan.tenant.quota };
    return {
        passed: result.summary.passed,
        checkedAt,
        messages: [...warnings, ...findings],
        footprint,
        tenantFootprint,
        quota,
        summary: result.summary,
    };
}

/** Positions of the new service's fields in the edited stack file, to name the field a diagnostic points at. */
class FieldMap {
    private readonly at = new Map<string, string>();
    readonly serviceLocation;

    constructor(
        private readonly source: YamlSource,
        parameters: Record<string, unknown>,
    ) {
        const services = source.value as { config: Record<string, unknown[]> };
        const i = services.config[SERVICES_PATH[1]]!.length - 1;
        const svc = [...SERVICES_PATH, i];
        this.serviceLocation = source.locate(svc);
        const add = (p: YamlPath, field: string) => {
            const l = source.locate(p);
            this.at.set(`${l.line}:${l.col}`, field);
            const k = source.locateKey(p);
            this.at.set(`${k.line}:${k.col}`, field);
        };
        add([...svc, "parameters"], "service.parameters");
        for (const name of Object.keys(parameters)) add([...svc, "parameters", name], `service.parameters.${name}`);
        add([...svc, "name"], "service.name");
        add([...svc, "blueprint"], "service.blueprint");
        for (const d of QUOTA_DIMENSIONS) add([...TENANT_PATH, "quota", d], `quota.${d}`);
        add([...TENANT_PATH, "cidr"], "tenant.cidr");
        this.at.set(`${this.serviceLocation.line}:${this.serviceLocation.col}`, "service");
    }

    message(d: Diagnostic): FieldMessage {
        const inStack = d.file === this.source.file;
        const field = inStack ? (this.at.get(`${d.line}:${d.col}`) ?? "stack") : "service.blueprint";
        return { field, severity: d.severity, message: d.message, location: formatDiagnostic(d).split(": ")[0] };
    }
}
