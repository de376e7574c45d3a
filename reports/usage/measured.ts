/**
 * What a usage report is made from: each project's use as the cloud's own APIs state it for the period (read by
 * clouds/openstack/usage.ts). Plain data, so the report is the same whoever read it.
 */

/** One server's use in the period, as Nova's usage API (os-simple-tenant-usage) reports it. */
export interface ServerUse {
    readonly id: string;
    readonly name: string;
    readonly flavor: string;
    /** Hours the server existed within the period. */
    readonly hours: number;
    readonly vcpus: number;
    readonly memoryMb: number;
    /** The flavor's local disk (0 for servers that boot from a volume). */
    readonly localGb: number;
    readonly startedAt: string;
    readonly endedAt: string | null;
    readonly state: string;
}

/** Nova's own totals for the project and period, beside which the report's sums are checked. */
export interface NovaTotals {
    readonly hours: number;
    readonly vcpuHours: number;
    readonly memoryMbHours: number;
    readonly localGbHours: number;
}

/** A Cinder volume as listed when the report is made (Cinder lists no deleted volume). */
export interface VolumeUse {
    readonly id: string;
    readonly name: string;
    readonly sizeGb: number;
    readonly createdAt: string;
    /** Servers it is attached to: a boot volume belongs to its server's service. */
    readonly attachedTo: readonly string[];
    readonly metadata: Readonly<Record<string, string>>;
}

/** A Swift container of the project's account, as listed when the report is made. */
export interface ContainerUse {
    readonly name: string;
    readonly bytes: number;
    readonly objects: number;
}

/** An Octavia load balancer as listed when the report is made. */
export interface LoadBalancerUse {
    readonly id: string;
    readonly name: string;
    readonly createdAt: string;
    readonly tags: readonly string[];
}

export interface MeasuredProject {
    /** The tenant (stack) name; the platform's project is "platform". */
    readonly tenant: string;
    /** The Keystone project, or null when the tenant has none in the cloud (not onboarded). */
    readonly projectId: string | null;
    readonly servers: readonly ServerUse[];
    readonly nova: NovaTotals;
    /** Live servers' metadata by id (the catalogue labels the components set), for attribution. */
    readonly serverMetadata: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly volumes: readonly VolumeUse[];
    readonly containers: readonly ContainerUse[];
    readonly loadBalancers: readonly LoadBalancerUse[];
}

export const NO_NOVA_USE: NovaTotals = { hours: 0, vcpuHours: 0, memoryMbHours: 0, localGbHours: 0 };
