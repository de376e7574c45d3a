/**
 * An index over the resources a stack policy receives: by type, by URN, and the references between them.
 *
 * References are followed through `propertyDependencies` (the URNs an input was computed from), not through id
 * values: at preview a new resource's id is unknown, but the engine already knows which resource an input came
 * from. An input whose value is a literal has no such edge, which is exactly what the cross-tenant rule looks for.
 * Labels are read through the unknown-checking proxy like any other input, so an unknown tag still stops a check.
 */
import type { PolicyResource } from "@pulumi/policy";
import { labelsOf } from "./labels";
import type { PolicyConfig } from "../config";

export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type TypeRef = string | Function;

function tokenOf(t: TypeRef): string {
    return typeof t === "string" ? t : String((t as { __pulumiType?: string }).__pulumiType);
}

const cache = new WeakMap<readonly PolicyResource[], StackGraph>();

export class StackGraph {
    private readonly byType = new Map<string, PolicyResource[]>();
    private readonly byUrn = new Map<string, PolicyResource>();
    private readonly labelCache = new Map<PolicyResource, Record<string, string>>();
    private referrers?: Map<PolicyResource, { from: PolicyResource; key: string }[]>;

    /** One index per resource list: the offline evaluator hands every stack policy the same list. */
    static of(resources: readonly PolicyResource[]): StackGraph {
        let g = cache.get(resources);
        if (!g) {
            g = new StackGraph(resources);
            cache.set(resources, g);
        }
        return g;
    }

    private constructor(readonly resources: readonly PolicyResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const list = this.byType.get(r.type);
            if (list) list.push(r);
            else this.byType.set(r.type, [r]);
        }
    }

    ofType(...types: TypeRef[]): PolicyResource[] {
        if (types.length === 1) return this.byType.get(tokenOf(types[0])) ?? [];
        return types.flatMap((t) => this.byType.get(tokenOf(t)) ?? []);
    }

    get(urn: string): PolicyResource | undefined {
        return this.byUrn.get(urn);
    }

    labels(r: PolicyResource): Record<string, string> {
        let l = this.labelCache.get(r);
        if (!l) {
            l = labelsOf(r.props as { tags?: unknown; metadata?: unknown });
            this.labelCache.set(r, l);
        }
        return l;
    }

    /** Resources an input of `r` was computed from, optionally of given types. */
    refs(r: PolicyResource, key: string, ...types: TypeRef[]): PolicyResource[] {
        const deps = r.propertyDependencies[key] ?? [];
        if (!types.length) return deps;
        const want = new Set(types.map(tokenOf));
        return deps.filter((d) => want.has(d.type));
    }

    /** Resources that reference `target` through one of their inputs. */
    referrersOf(target: PolicyResource, ...types: TypeRef[]): { from: PolicyResource; key: string }[] {
        if (!this.referrers) {
            this.referrers = new Map();
            for (const r of this.resources) {
                for (const [key, deps] of Object.entries(r.propertyDependencies)) {
                    for (const d of deps) {
                        const list = this.referrers.get(d) ?? [];
                        list.push({ from: r, key });
                        this.referrers.set(d, list);
                    }
                }
            }
        }
        const all = this.referrers.get(target) ?? [];
        if (!types.length) return all;
        const want = new Set(types.map(tokenOf));
        return all.filter((x) => want.has(x.from.type));
    }

    /** True when the resource is a StackReference to the platform stack. */
    isPlatformReference(r: PolicyResource, config: PolicyConfig): boolean {
        if (r.type !== STACK_REFERENCE) return false;
        return platformReferenceNames(config).has(stackReferenceName(r));
    }

    /** Whether the stack reads the platform stack: its StackReference, or (an update) the platform's outputs. */
    readsPlatform(config: PolicyConfig): boolean {
        return (
            this.ofType(STACK_REFERENCE).some((r) => this.isPlatformReference(r, config)) ||
            Object.keys(config.platformOutputs).length > 0
        );
    }

    /**
     * Whether input `key` of `r` was read from the platform stack: its dependency edge leads to the platform's
     * StackReference, or (an update, where that edge is gone) its value is one of the platform's outputs, or the
     * named one when `output` is given.
     */
    fromPlatform(r: PolicyResource, key: string, config: PolicyConfig, output?: string): boolean {
        const deps = this.refs(r, key);
        if (deps.some((d) => this.isPlatformReference(d, config))) return true;
        // Offline and at a first preview there are no outputs: never touch a value that may still be unknown.
        if (Object.keys(config.platformOutputs).length === 0) return false;
        let value: unknown;
        try {
            value = r.props[key];
        } catch {
            return false; // unknown at preview: a new resource's id, so not one the platform published
        }
        if (typeof value !== "string" || value === "") return false;
        return output ? config.platformOutputs[output] === value : platformOutputValues(config).has(value);
    }
}

/** Every string the platform's outputs hold, nested ones included (ids of clusters, networks, groups). */
export function platformOutputValues(config: PolicyConfig): Set<string> {
    const out = new Set<string>();
    const walk = (v: unknown): void => {
        if (typeof v === "string" && v !== "") out.add(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(config.platformOutputs);
    return out;
}

export function stackReferenceName(r: PolicyResource): string {
    const n = (r.props as { name?: unknown }).name;
    return typeof n === "string" ? n : r.name;
}

export function platformReferenceNames(config: PolicyConfig): Set<string> {
    return new Set([config.platformStack, `organization/${config.project}/${config.platformStack}`]);
}

/** The stack name, read from the URNs (`urn:pulumi:<stack>::<project>::...`); stack policies get no other source. */
export function stackNameOf(resources: readonly PolicyResource[]): string {
    const urn = resources[0]?.urn ?? "";
    return urn.startsWith("urn:pulumi:") ? urn.slice("urn:pulumi:".length).split("::")[0] : "";
}
