/**
 * The six component types a blueprint can use, as the blueprint sees them: their properties (one zod schema per
 * type, the contract with the component library in components/), which properties take a reference to another
 * component and of which type, which properties may hold a value known only at deployment, and the outputs each
 * type offers to `${component.output}` references.
 *
 * The schemas validate *planned* properties: after `${params.*}` and `${tenant.*}` are substituted, a reference
 * property holds a {@link componentRefSchema} value. Defaults that depend on the platform or the tenant (image,
 * role, cluster, certificateRef) are filled in by the planner, not here.
 */
import { z } from "zod";

export const COMPONENT_TYPES = [
    "HostGroup",
    "BlockVolume",
    "ObjectBucket",
    "LoadBalancer",
    "TenantDatabase",
    "TenantCache",
] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

/** How sensitive the data a component holds is: its `data-class` label, which rules and backups key on. */
export const DATA_CLASSES = ["public", "internal", "sensitive", "critical"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** A planned reference to another component of the same service (the stack program wires the real object). */
export const componentRefSchema = z.strictObject({
    $ref: z.strictObject({ kind: z.literal("component"), key: z.string() }),
});

/**
 * A rule across properties, said as a whole sentence naming them (a component prints it after its own name, the
 * planner after the property it points at).
 */
function sentence(ctx: z.RefinementCtx, path: (string | number)[], message: string): void {
    ctx.addIssue({ code: "custom", path, message, params: { sentence: true } });
}

/** A TCP or UDP port. */
export const portSchema = z.number().int().min(1).max(65535);
const port = portSchema;
const dataClass = z.enum(DATA_CLASSES).default("internal");
const labelValue = z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, starting with a letter");

/*
 * One schema per component type: the target-neutral arguments of the component library's classes (their *Args
 * types are these schemas' types), with every bound and default they have. The planner checks a blueprint's
 * properties with them and the components check their arguments with them, so a bound is said once and a bad value
 * is reported at its line in the blueprint or the stack file, before anything is built.
 */

export const HOST_TIERS = ["web", "app", "data"] as const;
export type HostTier = (typeof HOST_TIERS)[number];

export const hostGroupPropertiesSchema = z.strictObject({
    /** Network zone the hosts sit in; they get a port in that zone's subnet carrying that zone's security group. */
    tier: z.enum(HOST_TIERS),
    /** Number of hosts; names are `<name>-1..N`. */
    count: z.number().int().min(1).max(100),
    /** Flavor name from the platform flavor list. */
    flavor: z.string().min(1),
    /** Hardened image name from the platform allow-list; the planner defaults it to the platform's first. */
    image: z.string().min(1).optional(),
    /** Boot volume size in GB. */
    bootVolumeGb: z.number().int().min(10).max(2048).default(40),
    /** Data classification label. */
    dataClass,
    /** Role label (HA rules group by it); defaults to the tier. */
    role: labelValue.optional(),
    /** Metrics ports the platform's Prometheus scrapes (the planner fills them from the blueprint's monitoring). */
    metricsPorts: z.array(port.refine((p) => p !== 22, "must not be 22 (SSH comes only from the bastion)")).default([]),
});

/** The encrypted volume type a volume gets when none is named: encrypted-ssd where the platform has it, else its first. */
export function defaultVolumeType(encryptedVolumeTypes: readonly string[]): string | undefined {
    return encryptedVolumeTypes.includes("encrypted-ssd") ? "encrypted-ssd" : encryptedVolumeTypes[0];
}

export const blockVolumePropertiesSchema = z.strictObject({
    sizeGb: z.number().int().min(1).max(16384),
    /** Encrypted volume type from the platform allow-list (default: {@link defaultVolumeType}). */
    volumeType: z.string().min(1).optional(),
    /** One volume per host of this HostGroup, attached to it and named by the host's ordinal; without it, one unattached volume. */
    attachTo: componentRefSchema.optional(),
    dataClass,
    /** Backup policy name; volumes and containers refer to its definition through their `backup-policy` label. */
    backupPolicy: labelValue.default("daily"),
});

/** The storage policy a bucket gets when none is named: cn-3replica where the platform has it, else its first. */
export function defaultStoragePolicy(storagePolicies: readonly string[]): string | undefined {
    return storagePolicies.includes("cn-3replica") ? "cn-3replica" : storagePolicies[0];
}

export const objectBucketPropertiesSchema = z
    .strictObject({
        /** Object versioning; only a bucket of public data may go without. */
        versioning: z.boolean().default(true),
        dataClass,
        /** Approved Swift storage policy (default: {@link defaultStoragePolicy}). */
        storagePolicy: z.string().min(1).optional(),
        /** Real-time copy to the platform's off-site cluster through container sync. */
        offsiteSync: z.boolean().default(false),
    })
    .superRefine((b, ctx) => {
        if (!b.versioning && b.dataClass !== "public")
            sentence(
                ctx,
                ["versioning"],
                `versioning false is only allowed for dataClass public (this bucket is ${b.dataClass})`,
            );
    });

export const LISTENER_PROTOCOLS = ["HTTPS", "HTTP", "TCP"] as const;

export const listenerSchema = z
    .strictObject({
        /** HTTPS terminates TLS at the load balancer; HTTP only redirects to HTTPS; TCP passes through (e.g. TLS to the hosts). */
        protocol: z.enum(LISTENER_PROTOCOLS),
        port,
        /** Port on the member hosts; HTTP never reaches them and needs none. */
        backendPort: port.optional(),
    })
    .superRefine((l, ctx) => {
        if (l.protocol !== "HTTP" && l.backendPort === undefined)
            sentence(ctx, ["backendPort"], `listener ${l.protocol.toLowerCase()}-${l.port} needs a backendPort`);
    });
export type ListenerSpec = z.input<typeof listenerSchema>;

export const loadBalancerPropertiesSchema = z.strictObject({
    listeners: z
        .array(listenerSchema)
        .min(1)
        .superRefine((ls, ctx) => {
            const ports = ls.map((l) => l.port);
            const twice = ports.find((x, i) => ports.indexOf(x) !== i);
            if (twice !== undefined) sentence(ctx, [], `listener port ${twice} is used twice`);
            if (ls.some((l) => l.protocol === "HTTP") && !ls.some((l) => l.protocol === "HTTPS")) {
                sentence(ctx, [], "an HTTP listener only redirects to HTTPS, so an HTTPS listener is required");
            }
        }),
    /** The hosts behind every pool. */
    members: componentRefSchema,
    /** A floating IP on the VIP. */
    public: z.boolean().default(false),
    /** HTTP health check path. */
    healthCheckPath: z.string().regex(/^\//, "must start with '/'").default("/healthz"),
    /** Barbican certificate container ref; the planner defaults it to the tenant's tlsCertificateRef. */
    certificateRef: z.string().min(1).optional(),
});

export const DB_ENGINES = ["postgresql", "mysql"] as const;
export type DbEngine = (typeof DB_ENGINES)[number];

export const tenantDatabasePropertiesSchema = z.strictObject({
    engine: z.enum(DB_ENGINES),
    /** Name of a platform shared cluster; the planner defaults it to the platform's first cluster of the engine. */
    cluster: z.string().min(1).optional(),
    /** Hosts that may connect; the user's host pattern is their subnet. */
    allowFrom: componentRefSchema,
    databaseName: z
        .string()
        .regex(
            /^[a-z][a-z0-9_]{0,62}$/,
            "must be lower-case letters, digits and '_', start with a letter, at most 63 characters",
        ),
});

export const tenantCachePropertiesSchema = z.strictObject({
    /** Name of a platform shared cache cluster; the planner defaults it to the platform's first cache cluster. */
    cluster: z.string().min(1).optional(),
    /** Hosts that may connect (documented in the grant; the cache's security group admits the tenant block). */
    allowFrom: componentRefSchema,
    /** Memory budget in MB the reconciler enforces for the tenant's key prefix. */
    maxMemoryMb: z.number().int().min(16).max(65536).default(256),
});

export const COMPONENT_PROPERTIES = {
    HostGroup: hostGroupPropertiesSchema,
    BlockVolume: blockVolumePropertiesSchema,
    ObjectBucket: objectBucketPropertiesSchema,
    LoadBalancer: loadBalancerPropertiesSchema,
    TenantDatabase: tenantDatabasePropertiesSchema,
    TenantCache: tenantCachePropertiesSchema,
} as const satisfies Record<ComponentType, z.ZodType>;

/** Properties that take `${component}` and the component type they must name. */
export const REFERENCE_PROPERTIES: Record<ComponentType, Readonly<Record<string, ComponentType>>> = {
    HostGroup: {},
    BlockVolume: { attachTo: "HostGroup" },
    ObjectBucket: {},
    LoadBalancer: { members: "HostGroup" },
    TenantDatabase: { allowFrom: "HostGroup" },
    TenantCache: { allowFrom: "HostGroup" },
};

/**
 * Properties that may hold a value known only at deployment (a component output, a platform output, another
 * service's output). Everything else must be known when the plan is made: sizes and flavors feed the quota
 * check, and the policy pack can only judge inputs that are known at preview.
 */
export const RUNTIME_PROPERTIES: Record<ComponentType, readonly string[]> = {
    HostGroup: [],
    BlockVolume: ["attachTo"],
    ObjectBucket: [],
    LoadBalancer: ["members", "certificateRef"],
    TenantDatabase: ["allowFrom"],
    TenantCache: ["allowFrom"],
};

/** Types a value can have when the checker reasons about references. `any` is unknown and fits everything. */
export type ValueType =
    "string" | "integer" | "number" | "boolean" | "array" | "object" | "null" | "any" | `ref:${ComponentType}`;

export interface OutputSpec {
    readonly type: ValueType;
    readonly secret: boolean;
    readonly description: string;
}

/** Outputs each component type offers to `${component.output}`. Secret ones stay secret wherever they flow. */
export const COMPONENT_OUTPUTS: Record<ComponentType, Readonly<Record<string, OutputSpec>>> = {
    HostGroup: {
        addresses: { type: "array", secret: false, description: "Fixed IPv4 addresses of the hosts" },
        hostNames: { type: "array", secret: false, description: "Host names of the hosts" },
    },
    BlockVolume: {
        volumeIds: { type: "array", secret: false, description: "Cinder volume ids" },
    },
    ObjectBucket: {
        name: { type: "string", secret: false, description: "Swift container name" },
    },
    LoadBalancer: {
        url: { type: "string", secret: false, description: "URL of the first listener" },
        address: { type: "string", secret: false, description: "VIP (or floating IP when public)" },
    },
    TenantDatabase: {
        host: { type: "string", secret: false, description: "Database host" },
        port: { type: "integer", secret: false, description: "Database port" },
        database: { type: "string", secret: false, description: "Database name" },
        username: { type: "string", secret: false, description: "Login of the tenant's user" },
        password: { type: "string", secret: true, description: "Password of the tenant's user" },
    },
    TenantCache: {
        host: { type: "string", secret: false, description: "Cache host" },
        port: { type: "integer", secret: false, description: "Cache port" },
        username: { type: "string", secret: false, description: "ACL user of the tenant" },
        password: { type: "string", secret: true, description: "Password of the ACL user" },
        keyPrefix: { type: "string", secret: false, description: "Key prefix the ACL user is confined to" },
    },
};

type JsonSchema = {
    type?: string | string[];
    properties?: Record<string, JsonSchema>;
    items?: JsonSchema;
    anyOf?: JsonSchema[];
    enum?: unknown[];
};
const jsonSchemas = new Map<ComponentType, JsonSchema>();

/**
 * The JSON type(s) a property accepts at `path` (e.g. ["listeners", 0, "port"]), read from the JSON Schema of the
 * zod schema so there is no second description of the types. Undefined when the path is not a known property.
 */
export function propertyTypesAt(type: ComponentType, path: readonly (string | number)[]): ValueType[] | undefined {
    if (path.length === 1 && REFERENCE_PROPERTIES[type][path[0] as string]) {
        return [`ref:${REFERENCE_PROPERTIES[type][path[0] as string]!}`];
    }
    let s = jsonSchemas.get(type);
    if (!s) {
        s = z.toJSONSchema(COMPONENT_PROPERTIES[type], { io: "input" }) as JsonSchema;
        jsonSchemas.set(type, s);
    }
    for (const seg of path) {
        if (typeof seg === "number") s = s?.items;
        else s = s?.properties?.[seg];
        if (!s) return undefined;
    }
    const types = s.anyOf
        ? s.anyOf.flatMap((x) => (Array.isArray(x.type) ? x.type : x.type ? [x.type] : []))
        : Array.isArray(s.type)
          ? s.type
          : s.type
            ? [s.type]
            : [];
    return types.length ? (types as ValueType[]) : ["any"];
}

/** Does a value of type `actual` fit where `expected` is wanted? */
export function typeFits(actual: ValueType, expected: readonly ValueType[]): boolean {
    if (actual === "any" || expected.includes("any")) return true;
    if (expected.includes(actual)) return true;
    return actual === "integer" && expected.includes("number");
}

/** How a type reads in a message: "integer", "a HostGroup reference". */
export function describeType(t: ValueType): string {
    return t.startsWith("ref:") ? `a ${t.slice(4)} reference` : t === "array" ? "a list" : t;
}
