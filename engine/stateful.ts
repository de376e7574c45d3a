/**
 * The stateful-resource gate: a plan that would delete or replace a resource holding data (model's STATEFUL_TYPES:
 * volumes, Trove instances, tenant databases and users, Swift containers, Barbican secrets) stops `up` before
 * anything changes, unless the stack file retires the resource's service (`watercloud:retire`). The engine reads
 * the changes from the plan's own events, so what it judges is exactly what `up` would do.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import {
    RETIRE_KEY,
    SERVICES_KEY,
    describeStatefulChange,
    readTenantStack,
    refusedStatefulChanges,
    serviceOf,
    statefulKind,
    stackFile,
    urnName,
    type StatefulChange,
    type StatefulChangeKind,
} from "../model";

/** The step operations that lose the resource as deployed: a deletion, or one of a replacement's steps. */
const LOSING: Readonly<Record<string, StatefulChangeKind>> = {
    delete: "delete",
    replace: "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
};

/** Collects a plan's deletions and replacements of stateful resources from its events (one entry per resource). */
export class StatefulChanges {
    private readonly byUrn = new Map<string, Omit<StatefulChange, "service">>();

    event(e: EngineEvent): void {
        const m = e.resourcePreEvent?.metadata;
        const change = m && LOSING[m.op];
        if (!m || !change || !statefulKind(m.type)) return;
        const before = this.byUrn.get(m.urn);
        const old = m.old as { id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
        this.byUrn.set(m.urn, {
            urn: m.urn,
            type: m.type,
            name: urnName(m.urn),
            change,
            // Only the replace step itself names the keys; the others of the same replacement must not erase them.
            replaceKeys: m.keys?.length ? [...m.keys] : (before?.replaceKeys ?? []),
            provider: m.provider || before?.provider,
            id: old?.id || before?.id,
            inputs: old?.inputs ?? before?.inputs,
            outputs: old?.outputs ?? before?.outputs,
        });
    }

    /** The changes, each with the service it belongs to (`services`: every service name the stack has known). */
    attributed(services: Iterable<string>): StatefulChange[] {
        const names = [...services];
        return [...this.byUrn.values()].map((c) => ({ ...c, service: serviceOf(c.name, c.inputs, names) }));
    }
}

export interface StatefulVerdict {
    /** Changes the stack file does not allow: `up` stops. */
    readonly refused: StatefulChange[];
    /** Deletions of retired services: backed up, then carried out. */
    readonly retiring: StatefulChange[];
    /** The messages of a refusal (empty when nothing is refused). */
    readonly messages: string[];
}

/** The services a tenant's file runs and retires (none for the platform, or a file that does not load). */
export function fileServices(root: string, stack: string): { running: string[]; retired: Set<string> } {
    const config = readTenantStack(root, stack).stackFile?.config;
    return {
        running: config?.[SERVICES_KEY].map((s) => s.name) ?? [],
        retired: new Set(config?.[RETIRE_KEY].map((r) => r.service) ?? []),
    };
}

/** Judges a plan's stateful changes against the stack file's retirements. */
export function judgeStateful(
    stack: string,
    changes: readonly StatefulChange[],
    retired: ReadonlySet<string>,
): StatefulVerdict {
    const refused = refusedStatefulChanges(changes, retired);
    const retiring = changes.filter((c) => !refused.includes(c));
    if (refused.length === 0) return { refused, retiring, messages: [] };
    const services = [...new Set(refused.filter((c) => c.change === "delete").map((c) => c.service))];
    const messages = [
        `refused: the plan would lose data: ${refused.length} stateful resource${refused.length > 1 ? "s" : ""} deleted or replaced, nothing was changed`,
        ...refused.map((c) => `  ${describeStatefulChange(c)}`),
    ];
    if (services.some((s) => s !== undefined))
        messages.push(
            `to delete a service's data on purpose, retire it in ${stackFile(stack)}: ${RETIRE_KEY}: [{ service: ${services.find((s) => s !== undefined)}, reason: ... }] (a retirement backs its data up first); otherwise put the service back in ${SERVICES_KEY}`,
        );
    if (services.includes(undefined))
        messages.push(
            "a resource of no tenant service cannot be retired in a stack file: keep it as deployed (only `watercloud destroy` deletes the platform's data)",
        );
    if (refused.some((c) => c.change === "replace"))
        messages.push(
            "a replacement keeps the service but not its data: leave the property that forces it as deployed, or move the data to a new service and retire the old one",
        );
    return { refused, retiring, messages };
}
