/**
 * How a rule is written: its metadata sits beside the check (id = the RULES.md rule id as the policy name, the
 * clause items it evidences, severity, default enforcement, topics, services, a remediation line), and the check
 * is a plain CrossGuard validation. The same policy object is served by the pack and run by the offline evaluator.
 *
 * Checks read properties through the engine's unknown-checking proxy and never catch what it throws: an unknown
 * value must end the check as "cannot evaluate", never as a pass.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
    validateResourceOfType,
} from "@pulumi/policy";
import type * as q from "@pulumi/pulumi/queryable";
import { configSchemaFor, PolicyConfig, PolicyConfigKey, resolveConfig } from "./config";
import { StackGraph } from "./lib/graph";
import { UnknownValueError } from "./lib/unknowns";
import { PACK_NAME, PACK_VERSION } from "./pack";

export type Service =
    | "compute"
    | "blockstorage"
    | "objectstorage"
    | "networking"
    | "loadbalancer"
    | "database"
    | "keymanager"
    | "identity"
    | "images"
    | "docker"
    | "stack";

export interface RuleMetadata {
    /** The RULES.md rule id; also the policy name. */
    readonly id: string;
    readonly description: string;
    /** Clause item ids from policies/clauses.ts, e.g. "8.1.4.1a", "8.1.2.3" (single-item control point). */
    readonly clauses: readonly string[];
    /** GB/T 28448-2019 test ids where known, e.g. "L3-CES1-01". */
    readonly testIds?: readonly string[];
    readonly severity: Severity;
    readonly enforcementLevel: EnforcementLevel;
    readonly topics: readonly string[];
    readonly services: readonly Service[];
    /** What the user changes to comply. */
    readonly remediation: string;
    /** Config keys the check reads (they make up its configSchema). */
    readonly config?: readonly PolicyConfigKey[];
    /** "(prod)" rules: mandatory on production stacks, advisory elsewhere. */
    readonly productionOnly?: boolean;
}

interface RuleExtras {
    readonly meta: RuleMetadata;
    /** Resource types the rule reads; the offline evaluator runs it on these only. */
    readonly resourceTypes: readonly string[];
}

export type WatercloudResourcePolicy = ResourceValidationPolicy & RuleExtras;
export type WatercloudStackPolicy = StackValidationPolicy & RuleExtras;
export type WatercloudPolicy = WatercloudResourcePolicy | WatercloudStackPolicy;

export function isStackRule(p: WatercloudPolicy): p is WatercloudStackPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResourceClass<T extends pulumi.Resource = pulumi.Resource> = { new (...rest: any[]): T };

export function pulumiTypeOf(cls: unknown): string {
    const t = (cls as { __pulumiType?: unknown }).__pulumiType;
    if (typeof t !== "string" || !t) throw new Error("resource class without __pulumiType");
    return t;
}

/** Renders clause ids as the report column shows them: "8.1.4.1 a; 8.1.4.8 b", items of one point joined. */
export function formatClauses(ids: readonly string[]): string {
    const groups = new Map<string, string[]>();
    for (const id of ids) {
        const m = /^(\d+(?:\.\d+)+)([a-z]?)$/.exec(id);
        if (!m) throw new Error(`malformed clause id "${id}"`);
        const items = groups.get(m[1]) ?? [];
        if (m[2]) items.push(m[2]);
        groups.set(m[1], items);
    }
    return [...groups].map(([point, items]) => (items.length ? `${point} ${items.join(", ")}` : point)).join("; ");
}

function policyBase(meta: RuleMetadata) {
    return {
        name: meta.id,
        description: meta.description,
        enforcementLevel: meta.enforcementLevel,
        severity: meta.severity,
        tags: [...meta.topics],
        remediationSteps: meta.remediation,
        framework: {
            name: "MLPS 2.0",
            version: "level 3",
            reference: formatClauses(meta.clauses),
            specification: "GB/T 22239-2019",
        },
        ...(meta.config?.length ? { configSchema: configSchemaFor(meta.config) } : {}),
        meta,
    };
}

export interface RuleContext {
    readonly config: PolicyConfig;
    readonly args: ResourceValidationArgs;
}

/** A rule on one resource type, on the typed fast path (the engine skips other types without calling it). */
export function resourceRule<T extends pulumi.Resource>(
    meta: RuleMetadata,
    cls: ResourceClass<T>,
    check: (props: q.ResolvedResource<T>, ctx: RuleContext, report: ReportViolation) => void,
): WatercloudResourcePolicy {
    return {
        ...policyBase(meta),
        resourceTypes: [pulumiTypeOf(cls)],
        validateResource: validateResourceOfType(cls, (props, args, report) =>
            check(props, { config: resolveConfig(args.getConfig<Partial<PolicyConfig>>()), args }, report),
        ),
    };
}

/**
 * A rule on several resource types. One validation function (not an array, which would run each typed validator
 * and report "not applicable" for the others); it declines other types through `notApplicable` like the typed
 * helper does.
 */
export function resourceRuleOfTypes(
    meta: RuleMetadata,
    classes: readonly (ResourceClass | string)[],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    check: (props: Record<string, any>, ctx: RuleContext, report: ReportViolation) => void,
): WatercloudResourcePolicy {
    // A token where the class's own is not the resource type (a provider class says "openstack", its resources
    // are "pulumi:providers:openstack").
    const types = classes.map((c) => (typeof c === "string" ? c : pulumiTypeOf(c)));
    const set = new Set(types);
    return {
        ...policyBase(meta),
        resourceTypes: types,
        validateResource: (args, report) => {
            if (!set.has(args.type)) {
                args.notApplicable(
                    `Policy only applies to resources of types ${types.map((t) => `'${t}'`).join(", ")}`,
                );
            }
            check(args.props, { config: resolveConfig(args.getConfig<Partial<PolicyConfig>>()), args }, report);
        },
    };
}

export interface StackContext {
    readonly config: PolicyConfig;
    readonly args: StackValidationArgs;
    readonly graph: StackGraph;
    /**
     * Judges one resource. A value unknown at preview ends the judgement of that resource alone: it is reported as
     * "cannot evaluate" on the resource (advisory, worded as the engine words it) and the rule goes on with the
     * others, so one floating IP allocated without a port no longer hides every other floating IP's verdict.
     * Returns false when the resource could not be judged. Whole-stack verdicts stay outside `judge`: there an
     * unknown still stops the rule.
     */
    judge(r: PolicyResource, judgement: () => void): boolean;
    /** Records that `r` cannot be judged at preview because of another resource's unknown (the reason says which). */
    undecided(r: PolicyResource, reason: string): void;
}

/**
 * A violation as an object: @pulumi/policy's analyzer (makeReportViolationFun in server.js) takes one beside the
 * plain message and keeps its URN and enforcement level, so one finding of a mandatory stack rule can be reported
 * at advisory level. The offline evaluator reads it the same way.
 */
export interface ViolationReport {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel?: EnforcementLevel;
}

/** The engine's wording when a policy meets a value unknown at preview (server.js); the evaluator reads it back. */
export function cannotRunMessage(policy: string, reason: string): string {
    return `can't run policy '${policy}' from policy pack '${PACK_NAME}@v${PACK_VERSION}' during preview: ${reason}`;
}

/** Reports that `policy` cannot judge the resource at `urn` during preview, as an advisory finding on it. */
export function reportCannotEvaluate(report: ReportViolation, policy: string, urn: string, reason: string): void {
    const violation: ViolationReport = { message: cannotRunMessage(policy, reason), urn, enforcementLevel: "advisory" };
    (report as unknown as (v: ViolationReport) => void)(violation);
}

/** The `judge` of a StackContext: undecided resources are collected and reported once the rule has run. */
function judgeEach(
    policy: string,
    report: ReportViolation,
): Pick<StackContext, "judge" | "undecided"> & { flush(): void } {
    const undecided = new Map<string, string>();
    return {
        undecided(r, reason) {
            if (!undecided.has(r.urn)) undecided.set(r.urn, reason);
        },
        judge(r, judgement) {
            try {
                judgement();
                return true;
            } catch (e) {
                if (!(e instanceof UnknownValueError)) throw e;
                if (!undecided.has(r.urn)) undecided.set(r.urn, (e as Error).message);
                return false;
            }
        },
        flush() {
            for (const [urn, reason] of undecided) reportCannotEvaluate(report, policy, urn, reason);
        },
    };
}

/**
 * A stack of the local Docker target (docker resources, no OpenStack ones): the stack rules describe the cloud's
 * topology (projects, quotas, security groups, routers) and do not apply; the docker-* rules judge its containers.
 */
export function isDockerTargetStack(resources: readonly { type: string }[]): boolean {
    return (
        resources.some((r) => r.type.startsWith("docker:")) && !resources.some((r) => r.type.startsWith("openstack:"))
    );
}

/** A rule over the whole resource graph of a stack (a cloud stack: see isDockerTargetStack). */
export function stackRule(
    meta: RuleMetadata,
    resourceTypes: readonly ResourceClass[] | readonly string[],
    check: (ctx: StackContext, report: ReportViolation) => void,
): WatercloudStackPolicy {
    return {
        ...policyBase(meta),
        resourceTypes: resourceTypes.map((t) => (typeof t === "string" ? t : pulumiTypeOf(t))),
        validateStack: (args, report) => {
            if (isDockerTargetStack(args.resources))
                args.notApplicable("a local Docker target stack: the docker-* rules judge it");
            const each = judgeEach(meta.id, report);
            try {
                check(
                    {
                        config: resolveConfig(args.getConfig<Partial<PolicyConfig>>()),
                        args,
                        graph: StackGraph.of(args.resources),
                        judge: each.judge,
                        undecided: each.undecided,
                    },
                    report,
                );
            } finally {
                each.flush();
            }
        },
    };
}
