/**
 * Which service a measured resource belongs to. The components name everything from a service's component keys
 * (`<service>-<component>`): hosts and data volumes `<key>-<n>`, load balancers and buckets `<tenant>-<key>`, and
 * label live resources with their service (metadata, tags). Nova's usage API names deleted servers but keeps no
 * metadata of them, so a name is the one thing every measured resource has; a live resource's own label wins.
 */
import { PLATFORM_STACK } from "../../model";

/** A service of a tenant (or a component of the platform) as the report groups by it. */
export interface ServiceEntry {
    readonly service: string;
    /** `name@version`, "" for the platform's components. */
    readonly blueprint: string;
    readonly category: string;
    /** Component keys its resources are named from. */
    readonly keys: readonly string[];
}

export interface TenantServices {
    readonly tenant: string;
    readonly services: readonly ServiceEntry[];
}

/** The service whose longest key the name is, or starts with followed by "-". */
export function serviceByName(t: TenantServices, name: string, prefix = ""): ServiceEntry | undefined {
    if (!name.startsWith(prefix)) return undefined;
    const rest = name.slice(prefix.length);
    let best: { entry: ServiceEntry; length: number } | undefined;
    for (const entry of t.services) {
        for (const key of entry.keys) {
            if ((rest === key || rest.startsWith(`${key}-`)) && key.length > (best?.length ?? -1))
                best = { entry, length: key.length };
        }
    }
    return best?.entry;
}

/** The service a resource's labels name (metadata `service`; the platform's components by `component`). */
export function serviceByLabels(t: TenantServices, labels: Readonly<Record<string, string>>): ServiceEntry | undefined {
    const name = labels.service || (t.tenant === PLATFORM_STACK ? labels.component : undefined);
    return name ? t.services.find((s) => s.service === name) : undefined;
}

/** Octavia's tags are `key=value` (model/labels.ts). */
export function tagLabels(tags: readonly string[]): Record<string, string> {
    return Object.fromEntries(tags.map((t) => t.split("=", 2)).filter((kv) => kv.length === 2));
}
