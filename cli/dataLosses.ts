/**
 * Before review, offline: the stateful resources (volumes, databases, containers, secrets) a stack last deployed
 * that its file no longer makes, which `up` would delete. Compared with the deployed state where the CLI can read it
 * (a file:// backend), else said to be unknown; a replacement (a property the cloud cannot change in place) only
 * the engine's plan knows (`watercloud preview`).
 */
import { deployedState } from "../engine";
import {
    RETIRE_KEY,
    SERVICES_KEY,
    describeStatefulChange,
    readTenantStack,
    serviceOf,
    statefulKind,
    urnName,
    type StatefulChange,
} from "../model";

/** A resource's place in a stack without the stack and project: `type$type::name`. */
const place = (urn: string) => urn.split("::").slice(2).join("::");

export interface OfflineLosses {
    /** Lines for a person. */
    readonly lines: string[];
    /** Deletions of services the file does not retire: `up` would refuse them. */
    readonly refused: number;
}

export function offlineDataLosses(root: string, stack: string, renderedUrns: readonly string[]): OfflineLosses {
    const deployed = deployedState(root, stack);
    if (!deployed.known)
        return {
            lines: [`${stack}: cannot know what up would delete of its data offline (${deployed.why})`],
            refused: 0,
        };
    const made = new Set(renderedUrns.map(place));
    const config = readTenantStack(root, stack).stackFile?.config;
    const retired = new Set(config?.[RETIRE_KEY].map((r) => r.service) ?? []);
    // A service removed from the file is still named in the services the deployed stack published.
    const published = deployed.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs?.services;
    const services = [
        ...(config?.[SERVICES_KEY].map((s) => s.name) ?? []),
        ...retired,
        ...Object.keys((published as Record<string, unknown> | undefined) ?? {}),
    ];
    const lost: StatefulChange[] = deployed.resources
        .filter((r) => statefulKind(r.type) && !made.has(place(r.urn)))
        .map((r) => {
            const name = urnName(r.urn);
            return {
                urn: r.urn,
                type: r.type,
                name,
                change: "delete",
                replaceKeys: [],
                service: serviceOf(name, r.inputs, services),
            };
        });
    const refused = lost.filter((c) => !c.service || !retired.has(c.service));
    const lines = lost.map(
        (c) =>
            `${stack}: ${describeStatefulChange(c)}${refused.includes(c) ? ": up refuses it unless the file retires the service" : ": retired, backed up by up first"}`,
    );
    return { lines, refused: refused.length };
}
