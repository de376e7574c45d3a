/**
 * Test helpers after compliance-policies' unit-test-helpers: build the arguments the engine hands a policy
 * (type from the real class's __pulumiType, props behind the engine's unknown-checking proxy) and collect what the
 * policy reports; or build snapshots and run the offline evaluator over them.
 */
import type { Policy, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { PolicyConfig } from "../../policies/config";
import { evaluatePolicies, Finding, ResourceSnapshot } from "../../policies/evaluate";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T };

export const STACK = "flood-control";

export function typeOf(cls: unknown): string {
    return (cls as { __pulumiType: string }).__pulumiType;
}

export function urnOf(type: string, name: string, stack = STACK): string {
    return `urn:pulumi:${stack}::watercloud::${type}::${name}`;
}

export class NotApplicable extends Error {}

/** Args as the analyzer builds them for one resource. */
export function createResourceValidationArgs(
    cls: unknown,
    props: Record<string, unknown>,
    opts: { name?: string; config?: Partial<PolicyConfig> } = {},
): ResourceValidationArgs {
    const type = typeOf(cls);
    const name = opts.name ?? "res";
    const proxied = unknownCheckingProxy(props);
    return {
        type,
        props: proxied,
        urn: urnOf(type, name),
        name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: ((c: unknown) => typeOf(c) === type) as ResourceValidationArgs["isType"],
        asType: ((c: unknown) => (typeOf(c) === type ? proxied : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => (opts.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs a resource policy's validation(s) and returns the reported messages. Errors (unknowns included) propagate. */
export async function runResourcePolicy(policy: Policy, args: ResourceValidationArgs): Promise<string[]> {
    const out: string[] = [];
    const v = (policy as ResourceValidationPolicy).validateResource!;
    for (const f of Array.isArray(v) ? v : [v]) await f(args, (m) => out.push(m));
    return out;
}

/** A snapshot as offline/capture.ts produces it; dependencies are given as URNs keyed by input name. */
export function snap(
    cls: unknown,
    name: string,
    props: Record<string, unknown>,
    extra: {
        deps?: Record<string, ResourceSnapshot[]>;
        parent?: ResourceSnapshot;
        stack?: string;
        custom?: boolean;
        type?: string;
        outputs?: Record<string, unknown>;
    } = {},
): ResourceSnapshot {
    const type = extra.type ?? typeOf(cls);
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(extra.deps ?? {})) propertyDependencies[k] = v.map((r) => r.urn);
    return {
        urn: urnOf(type, name, extra.stack),
        type,
        name,
        custom: extra.custom ?? true,
        id: `${name}-id`,
        props,
        ...(extra.outputs ? { outputs: extra.outputs } : {}),
        parent: extra.parent?.urn,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
    };
}

/** Runs one policy over snapshots with the offline evaluator. */
export async function run(
    policy: Policy,
    resources: ResourceSnapshot[],
    config?: Partial<PolicyConfig>,
    stack = STACK,
): Promise<Finding[]> {
    return evaluatePolicies(resources, { stack, config, policies: [policy] });
}

/** (rule, resource name, message) triples, for exact assertions. */
export function brief(findings: readonly Finding[]): [string, string, string][] {
    return findings.map((f) => [f.policy, f.resourceName, f.message]);
}

export const LABELS = {
    tenant: "flood-control",
    tier: "app",
    owner: "flood-it",
    "data-class": "internal",
    "mlps-level": "3",
    service: "portal",
    blueprint: "web-app",
    component: "app",
    role: "app",
};

export function tags(over: Record<string, string> = {}): string[] {
    return Object.entries({ ...LABELS, ...over }).map(([k, v]) => `${k}=${v}`);
}
