/**
 * Runs the pack's policy objects over resources captured from a stack rendered under mocks, handing each policy
 * the arguments the engine's analyzer builds (server.js in @pulumi/policy): resource policies get
 * `{type, props, urn, name, opts, provider, stackTags, isType, asType, getConfig, notApplicable}` with props behind
 * the SDK's unknownCheckingProxy; stack policies get PolicyResource objects linked by parent and dependencies.
 * An UnknownValueError becomes a "cannot-evaluate" finding worded as the engine words its advisory
 * ("can't run policy ... during preview: ..."); a not-applicable decline is silent; anything else is a bug in the
 * rule and is rethrown with the policy and resource named.
 *
 * Speed: resources are indexed by type once and a resource policy only sees the types it declares, so its
 * cost follows the matching resources, not the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
    EnforcementLevel,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { DEFAULT_POLICY_CONFIG, PolicyConfig } from "./config";
import { PACK_NAME, PACK_VERSION } from "./pack";
import { policies as packPolicies } from "./policies";
import { cannotRunMessage, formatClauses, RuleMetadata, type ViolationReport } from "./rule";

/** The engine's proxy module; its typings are stripped (@internal), the JavaScript exports are stable. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(v: T): T;
    UnknownValueError: new (...a: unknown[]) => Error;
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownBooleanValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
};

const proxySentinels = {
    number: proxy.unknownNumberValue,
    boolean: proxy.unknownBooleanValue,
    array: proxy.unknownArrayValue,
    object: proxy.unknownObjectValue,
};

/**
 * The value the engine puts in place of an input unknown at preview (the same sentinel @pulumi/pulumi serialises
 * an unknown as). Put it in snapshot props to mean "unknown at preview".
 */
export const UNKNOWN: string = proxy.unknownStringValue;

export const UnknownValueError = proxy.UnknownValueError;

export interface ResourceSnapshot {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly props: Record<string, unknown>;
    /**
     * What the engine hands stack policies: the resource's outputs as the provider returns them (user data as its
     * SHA-1, computed fields filled, or unknown at preview). Absent: stack policies see `props`, as for components.
     */
    readonly outputs?: Record<string, unknown>;
    readonly secretProps?: string[];
    readonly parent?: string;
    readonly dependencies: string[];
    readonly propertyDependencies: Record<string, string[]>;
    readonly provider?: string;
}

export interface Finding {
    readonly policy: string;
    readonly status: "violation" | "cannot-evaluate";
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    /** Human clause column, e.g. "8.1.4.1 a; 8.1.4.8 b". */
    readonly clause: string;
    readonly clauses: readonly string[];
    readonly stack: string;
    /** The resource's URN; empty for a stack policy's finding that names no resource. */
    readonly urn: string;
    readonly resourceType: string;
    readonly resourceName: string;
    readonly message: string;
    readonly remediation: string;
}

export interface EvaluateOptions {
    readonly stack: string;
    /** Site facts; defaults fill what is missing. Every policy sees the same config. */
    readonly config?: Partial<PolicyConfig>;
    readonly policies?: readonly Policy[];
    readonly stackTags?: Record<string, string>;
    /** Per-policy enforcement overrides, as `{ "<rule>": { "enforcementLevel": ... } }` in a pack config does. */
    readonly enforcementLevels?: Record<string, EnforcementLevel>;
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
    return Object.freeze({
        entries: map.entries.bind(map),
        forEach: map.forEach.bind(map),
        get: map.get.bind(map),
        has: map.has.bind(map),
        keys: map.keys.bind(map),
        size: map.size,
        values: map.values.bind(map),
        [Symbol.iterator]: map[Symbol.iterator].bind(map),
    }) as ReadonlyMap<string, string>;
}

/**
 * Puts snapshot props into the shape the engine deserialises: the SDK's in-process unknown (a preview capture)
 * becomes the wire sentinel, and properties whose value is undefined are dropped. Notes whether any unknown is
 * present: only then can the engine's proxy throw, so only then is it needed (it is the evaluator's main cost).
 */
function normalise(value: unknown, seen: { unknown: boolean }): unknown {
    if (
        value === UNKNOWN ||
        value === proxySentinels.number ||
        value === proxySentinels.boolean ||
        value === proxySentinels.array ||
        value === proxySentinels.object
    ) {
        seen.unknown = true;
        return value;
    }
    if (value === undefined || value === null || typeof value !== "object") return value;
    if (pulumi.isUnknown(value)) {
        seen.unknown = true;
        return UNKNOWN;
    }
    if (Array.isArray(value)) return value.map((v) => normalise(v, seen));
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) out[k] = normalise(v, seen);
    }
    return out;
}

function getPulumiType(fn: unknown): string | undefined {
    const t = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

function isTypeOf(type: string, cls: unknown): boolean {
    const t = getPulumiType(cls);
    if (t) return t === type;
    const isInstance = (cls as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

const optionsCache = new WeakMap<ResourceSnapshot, PolicyResourceOptions>();

function optionsOf(s: ResourceSnapshot): PolicyResourceOptions {
    let o = optionsCache.get(s);
    if (o) return o;
    o = {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(s.parent ? { parent: s.parent } : {}),
    };
    optionsCache.set(s, o);
    return o;
}

/** The effective level: explicit override, else advisory for "(prod)" rules off production, else the policy's. */
export function effectiveEnforcement(
    policy: Policy,
    config: PolicyConfig,
    overrides?: Record<string, EnforcementLevel>,
): EnforcementLevel {
    const o = overrides?.[policy.name];
    if (o) return o;
    const meta = (policy as { meta?: RuleMetadata }).meta;
    if (meta?.productionOnly && !config.production && policy.enforcementLevel !== "disabled") return "advisory";
    return policy.enforcementLevel ?? "advisory";
}

/**
 * A pack config (the JSON `--policy-pack-config` takes) for these facts: every policy that reads config gets the
 * keys it declares, and "(prod)" rules are turned advisory on non-production stacks.
 */
export function buildPolicyPackConfig(
    config: Partial<PolicyConfig>,
    policies: readonly Policy[] = packPolicies,
): Record<string, Record<string, unknown>> {
    const full = { ...DEFAULT_POLICY_CONFIG, ...config };
    const out: Record<string, Record<string, unknown>> = {};
    for (const p of policies) {
        const entry: Record<string, unknown> = {};
        for (const key of Object.keys(p.configSchema?.properties ?? {})) {
            entry[key] = full[key as keyof PolicyConfig];
        }
        const level = effectiveEnforcement(p, full);
        if (level !== (p.enforcementLevel ?? "advisory")) entry.enforcementLevel = level;
        if (Object.keys(entry).length) out[p.name] = entry;
    }
    return out;
}

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
    const v = (p as ResourceValidationPolicy).validateResource;
    return typeof v === "function" || (Array.isArray(v) && v.every((f) => typeof f === "function"));
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Types a resource policy can apply to, or undefined for "any type" (it is then called for every resource). */
function typesOf(p: ResourceValidationPolicy): readonly string[] | undefined {
    const declared = (p as { resourceTypes?: readonly string[] }).resourceTypes;
    if (declared && declared.length) return declared;
    const v = p.validateResource;
    if (!Array.isArray(v)) {
        const t = getPulumiType(v);
        if (t) return [t];
    }
    return undefined;
}

/**
 * Runs every enabled policy over the resources, in the pack's order, and returns their findings in the order they
 * were reported. The phases: index the resources once (indexResources), then each policy over what it applies to
 * (runResourcePolicy, runStackPolicy), the findings recorded as the analyzer words them (findingRecorder).
 */
export async function evaluatePolicies(
    resources: readonly ResourceSnapshot[],
    opts: EvaluateOptions,
): Promise<Finding[]> {
    const config: PolicyConfig = { ...DEFAULT_POLICY_CONFIG, ...opts.config };
    const policies = opts.policies ?? packPolicies;
    const index = indexResources(resources);
    // Stack policies share one set of PolicyResource objects, built when the first of them runs.
    let stackResources: PolicyResource[] | undefined;
    const run: PolicyRun = {
        resources,
        index,
        recorder: findingRecorder(opts, index.byUrn),
        stackTags: freezeMap(new Map(Object.entries(opts.stackTags ?? {}))),
        getConfig: <T extends object>() => config as unknown as T,
        policyResources: () => (stackResources ??= buildPolicyResources(resources, index.outputView, index.providerOf)),
    };
    for (const p of policies) {
        const level = effectiveEnforcement(p, config, opts.enforcementLevels);
        if (level === "disabled") continue;
        const reportLevel: EnforcementLevel = level === "remediate" ? "mandatory" : level;
        if (isResourcePolicy(p) && p.validateResource) await runResourcePolicy(p, p.validateResource, reportLevel, run);
        else if (isStackPolicy(p)) await runStackPolicy(p, reportLevel, run);
    }
    return run.recorder.findings;
}

/** What every policy of one evaluation works with. */
interface PolicyRun {
    readonly resources: readonly ResourceSnapshot[];
    readonly index: ResourceIndex;
    readonly recorder: FindingRecorder;
    readonly stackTags: ReadonlyMap<string, string>;
    readonly getConfig: <T extends object>() => T;
    /** The resources as stack policies see them (built once, on first use). */
    readonly policyResources: () => PolicyResource[];
}

type ResourceIndex = ReturnType<typeof indexResources>;
type FindingRecorder = ReturnType<typeof findingRecorder>;

/**
 * The resources indexed once for all policies: by type (a resource policy sees only the types it declares) and by
 * URN, their props normalised once, and the views policies read them through.
 */
function indexResources(resources: readonly ResourceSnapshot[]) {
    const props = new Map<ResourceSnapshot, Record<string, unknown>>();
    const hasUnknown = new Set<ResourceSnapshot>();
    /** What a policy reads: behind the engine's proxy when an unknown could be hit, else the plain (equal) props. */
    const view = (r: ResourceSnapshot) =>
        hasUnknown.has(r) ? proxy.unknownCheckingProxy(props.get(r)!) : props.get(r)!;
    // Stack policies see outputs, resource policies inputs: the engine's analyzer does the same.
    const outputs = new Map<ResourceSnapshot, Record<string, unknown>>();
    const outputsUnknown = new Set<ResourceSnapshot>();
    const outputView = (r: ResourceSnapshot) => {
        if (!r.outputs) return view(r);
        let o = outputs.get(r);
        if (!o) {
            const seen = { unknown: false };
            o = normalise(r.outputs, seen) as Record<string, unknown>;
            outputs.set(r, o);
            if (seen.unknown) outputsUnknown.add(r);
        }
        return outputsUnknown.has(r) ? proxy.unknownCheckingProxy(o) : o;
    };
    const byType = new Map<string, ResourceSnapshot[]>();
    const byUrn = new Map<string, ResourceSnapshot>();
    for (const r of resources) {
        const seen = { unknown: false };
        props.set(r, normalise(r.props, seen) as Record<string, unknown>);
        if (seen.unknown) hasUnknown.add(r);
        byUrn.set(r.urn, r);
        const list = byType.get(r.type);
        if (list) list.push(r);
        else byType.set(r.type, [r]);
    }
    const providerOf = (r: ResourceSnapshot) => {
        if (!r.provider) return undefined;
        // A provider reference is "<urn>::<id>".
        const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
        const p = byUrn.get(urn);
        if (!p) return undefined;
        return { type: p.type, props: view(p), urn: p.urn, name: p.name };
    };
    return { byType, byUrn, view, outputView, providerOf };
}

/**
 * The findings of one evaluation and how policies add to them: the report function each policy is handed, and what
 * an error a policy throws becomes (a cannot-evaluate finding, nothing, or a rethrow that names policy and resource).
 */
function findingRecorder(opts: EvaluateOptions, byUrn: ReadonlyMap<string, ResourceSnapshot>) {
    const findings: Finding[] = [];
    const clauseColumn = new Map<Policy, string>();
    const finding = (
        p: Policy,
        status: Finding["status"],
        level: EnforcementLevel,
        urn: string,
        message: string,
    ): Finding => {
        const meta = (p as { meta?: RuleMetadata }).meta;
        const r = urn ? byUrn.get(urn) : undefined;
        return {
            policy: p.name,
            status,
            enforcementLevel: level,
            severity: p.severity ?? meta?.severity ?? "medium",
            clause: clauseColumn.get(p) ?? clauseColumn.set(p, meta ? formatClauses(meta.clauses) : "").get(p)!,
            clauses: meta?.clauses ?? [],
            stack: opts.stack,
            urn,
            resourceType: r?.type ?? "",
            resourceName: r?.name ?? "",
            message,
            remediation: meta?.remediation ?? p.remediationSteps ?? "",
        };
    };
    const policyFrom = (p: Policy) => `policy '${p.name}' from policy pack '${PACK_NAME}@v${PACK_VERSION}'`;
    const onError = (p: Policy, urn: string, e: unknown): void => {
        if (e instanceof UnknownValueError) {
            findings.push(finding(p, "cannot-evaluate", "advisory", urn, cannotRunMessage(p.name, e.message)));
        } else if (!(e instanceof NotApplicableError)) {
            const err = new Error(
                `Error validating ${urn || `stack ${opts.stack}`} with ${policyFrom(p)}: ${(e as Error)?.message ?? e}`,
            );
            (err as { cause?: unknown }).cause = e;
            throw err;
        }
    };

    /**
     * A policy's reportViolation, as the analyzer's: a message (at the policy's level, on the resource or the given
     * URN), or a ViolationReport object that carries its own URN and level. An object worded as the engine words an
     * unknown ("can't run policy ... during preview") is a cannot-evaluate finding on that resource.
     */
    const reporter =
        (p: Policy, level: EnforcementLevel, defaultUrn: string) =>
        (message: string | ViolationReport, urn?: string): void => {
            if (typeof message === "string") {
                findings.push(finding(p, "violation", level, urn ?? defaultUrn, message));
                return;
            }
            const status = message.message.startsWith(cannotRunMessage(p.name, "")) ? "cannot-evaluate" : "violation";
            findings.push(
                finding(p, status, message.enforcementLevel ?? level, message.urn ?? defaultUrn, message.message),
            );
        };
    return { findings, onError, reporter };
}

/** A resource policy over each resource of the types it declares (every resource when it declares none). */
async function runResourcePolicy(
    p: ResourceValidationPolicy,
    validateResource: NonNullable<ResourceValidationPolicy["validateResource"]>,
    reportLevel: EnforcementLevel,
    { resources, index, recorder, stackTags, getConfig }: PolicyRun,
): Promise<void> {
    const validations = Array.isArray(validateResource) ? validateResource : [validateResource];
    const types = typesOf(p);
    const targets = types ? types.flatMap((t) => index.byType.get(t) ?? []) : resources;
    for (const r of targets) {
        for (const validation of validations) {
            const proxied = index.view(r);
            const args: ResourceValidationArgs = {
                type: r.type,
                props: proxied,
                urn: r.urn,
                name: r.name,
                opts: optionsOf(r),
                stackTags,
                isType: ((cls: unknown) => isTypeOf(r.type, cls)) as ResourceValidationArgs["isType"],
                asType: ((cls: unknown) =>
                    isTypeOf(r.type, cls) ? proxied : undefined) as ResourceValidationArgs["asType"],
                getConfig,
                notApplicable: throwNotApplicable,
            };
            const provider = index.providerOf(r);
            if (provider) args.provider = provider;
            const report = recorder.reporter(p, reportLevel, r.urn);
            try {
                await Promise.resolve(validation(args, report));
            } catch (e) {
                recorder.onError(p, r.urn, e);
            }
        }
    }
}

/** A stack policy over the whole stack; one typed to a resource type the stack has none of is skipped. */
async function runStackPolicy(
    p: StackValidationPolicy,
    reportLevel: EnforcementLevel,
    { index, recorder, stackTags, getConfig, policyResources }: PolicyRun,
): Promise<void> {
    const t = getPulumiType(p.validateStack);
    if (t && !index.byType.has(t)) return;
    const args: StackValidationArgs = {
        resources: policyResources(),
        getConfig,
        stackTags,
        notApplicable: throwNotApplicable,
    };
    const report = recorder.reporter(p, reportLevel, "");
    try {
        await Promise.resolve(p.validateStack(args, report));
    } catch (e) {
        recorder.onError(p, "", e);
    }
}

function buildPolicyResources(
    resources: readonly ResourceSnapshot[],
    view: (r: ResourceSnapshot) => Record<string, unknown>,
    providerOf: (r: ResourceSnapshot) => PolicyResource["provider"],
): PolicyResource[] {
    const out: PolicyResource[] = [];
    const byUrn = new Map<string, PolicyResource>();
    for (const r of resources) {
        const proxied = view(r);
        const pr: PolicyResource = {
            type: r.type,
            props: proxied,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: ((cls: unknown) => isTypeOf(r.type, cls)) as PolicyResource["isType"],
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? proxied : undefined)) as PolicyResource["asType"],
        };
        const provider = providerOf(r);
        if (provider) pr.provider = provider;
        out.push(pr);
        byUrn.set(r.urn, pr);
    }
    resources.forEach((r, i) => {
        const pr = out[i];
        if (r.parent) {
            const parent = byUrn.get(r.parent);
            if (parent) pr.parent = parent;
        }
        pr.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
        // The engine hands stack policies only the properties that have dependencies (AnalyzeStack in
        // pkg/resource/plugin/analyzer_plugin.go skips the empty ones); so does this.
        for (const [k, v] of Object.entries(r.propertyDependencies)) {
            if (v.length === 0) continue;
            pr.propertyDependencies[k] = v.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => !!d);
        }
    });
    return out;
}
