/**
 * Site facts the rules need (allow-lists, address plan, approved sites). The engine hands each policy its own
 * config (`args.getConfig()`), so every rule declares the keys it reads and the registry builds its configSchema
 * from the one zod schema below; {@link buildPolicyPackConfig} turns a platform's facts into the JSON file
 * `pulumi preview --policy-pack-config` takes. Defaults are the sample platform's facts, so a pack run without a
 * config file checks against the sample cloud.
 */
import { z } from "zod";
import { PLATFORM_STACK } from "../model";
import { parsePrefix } from "./lib/addresses";

const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "an IPv4 CIDR a.b.c.d/n");
/** Ranges a rule only compares against (admin VPNs, egress proxies): either family, any spelling Neutron takes. */
const anyCidr = z.string().refine((s) => s.includes("/") && parsePrefix(s) !== undefined, "an IPv4 or IPv6 CIDR");

export const PolicyConfigSchema = z
    .object({
        /** Region of the platform (provider `region`). */
        region: z.string(),
        availabilityZones: z.array(z.string()),
        /** Regions a stack's providers may point at (8.2.4.5 a, 8.2.1.1: in China). */
        approvedRegions: z.array(z.string()),
        /** Sites that may hold data or backups (Swift sync realms/clusters, backup targets). */
        approvedSites: z.array(z.string()),
        /** The off-site backup site. */
        backupTarget: z.string(),
        mgmtCidr: cidr,
        platformDataCidr: cidr,
        /** Tenant name → its /16 (os-subnet-in-tenant-block). */
        tenantBlocks: z.record(z.string(), cidr),
        hardenedImages: z.array(z.object({ name: z.string(), id: z.string() })),
        encryptedVolumeTypes: z.array(z.string()),
        approvedStoragePolicies: z.array(z.string()),
        /** The provider networks, by name and (when the site knows it) Neutron id: a program may name either. */
        externalNetworks: z.array(z.object({ name: z.string(), id: z.string().optional() })),
        /**
         * Ids of Neutron's per-project `default` security group that the stack looks up (a program finds it by name,
         * so its id is what the lookup resolved to): rules and ports naming it are judged as the default group.
         */
        defaultSecurityGroupIds: z.array(z.string()),
        /** Central audit syslog endpoint `host:port`. */
        auditSyslog: z.string(),
        ntpServers: z.array(z.string()),
        /** The platform's assessed MLPS level; no stack may carry a higher one (8.2.2.1 a). */
        mlpsLevel: z.number().int().min(1).max(4),
        /** Name of the platform stack; tenants reference it as `platform` or `organization/<project>/platform`. */
        platformStack: z.string(),
        project: z.string(),
        /** The stack being checked: the platform owns borders (external networks, bastion FIP), tenants do not. */
        stackRole: z.enum(["tenant", "platform"]),
        /** "(prod)" rules are mandatory only on production stacks. */
        production: z.boolean(),
        /** Admin VPN ranges that may reach the bastion besides the mgmt CIDR. */
        adminAccessCidrs: z.array(anyCidr),
        /** Egress proxies app/data tiers may reach instead of 0.0.0.0/0. */
        egressProxyCidrs: z.array(anyCidr),
        /** Keystone role names or ids that tenant stacks may not assign. */
        adminRoles: z.array(z.string()),
        /** URL prefixes of the internal image repository. */
        imageRepositories: z.array(z.string()),
        /** Router resource names whose SNAT egress is approved. */
        approvedSnatRouters: z.array(z.string()),
        /** Upper bound on rules per security group (os-sg-rule-justified). */
        maxRulesPerGroup: z.number().int().positive(),
        /** Longest lifetime of an application credential, in days. */
        maxCredentialDays: z.number().int().positive(),
        /**
         * Barbican refs (containers, secrets) the tenant's own stack file declares, e.g. its TLS certificate: the
         * tenant's security administrator uploads that material into the tenant project out of band, so the private
         * key never enters Pulumi state. Refs listed here count as the tenant's own.
         */
        tenantKeyRefs: z.array(z.string()),
        /** App zones of every tenant: the only clients the platform's shared data services admit. */
        tenantAppZones: z.array(cidr),
        /**
         * The deployed platform stack's outputs (the contract tenants read through their StackReference), when the
         * engine runs a tenant against a deployed platform. A stack policy of an update no longer sees a
         * StackReference the stack read before (the engine hands stack policies only the reads of this run), so a
         * value equal to one of these counts as read from the platform. Empty offline and at a first preview,
         * where the StackReference and its dependency edges are there.
         */
        platformOutputs: z.record(z.string(), z.unknown()),
        /** Image ids (sha256:...) of the local Docker target's allow-list; empty: any digest-pinned image. */
        dockerAllowedImages: z.array(
            z.string().regex(/^sha256:[0-9a-f]{64}$|@sha256:[0-9a-f]{64}$/, "an image pinned by sha256 digest"),
        ),
    })
    .strict();

export type PolicyConfig = z.infer<typeof PolicyConfigSchema>;
export type PolicyConfigKey = keyof PolicyConfig;

const imageId = (n: number) => `6f1c2a10-0000-4000-8000-00000000000${n}`;

export const DEFAULT_POLICY_CONFIG: PolicyConfig = Object.freeze({
    region: "cn-east-1",
    availabilityZones: ["az1", "az2", "az3"],
    approvedRegions: ["cn-east-1", "cn-east-2"],
    approvedSites: ["cn-east-1", "cn-east-2"],
    backupTarget: "cn-east-2",
    mgmtCidr: "10.0.0.0/20",
    platformDataCidr: "10.1.0.0/20",
    tenantBlocks: {},
    hardenedImages: [
        { name: "kylin-v10-sp3-hardened", id: imageId(1) },
        { name: "openeuler-22.03-hardened", id: imageId(2) },
        { name: "rocky-9-hardened", id: imageId(3) },
    ],
    encryptedVolumeTypes: ["encrypted-ssd", "encrypted-hdd"],
    approvedStoragePolicies: ["cn-3replica", "cn-ec-2site"],
    externalNetworks: [{ name: "provider-public" }],
    defaultSecurityGroupIds: [],
    auditSyslog: "10.0.0.20:6514",
    ntpServers: ["10.0.0.5", "10.0.0.6"],
    mlpsLevel: 3,
    platformStack: PLATFORM_STACK,
    project: "watercloud",
    stackRole: "tenant",
    production: true,
    adminAccessCidrs: [],
    egressProxyCidrs: [],
    adminRoles: ["admin", "cloud-admin"],
    imageRepositories: ["https://repo.watercloud.internal/"],
    approvedSnatRouters: [],
    maxRulesPerGroup: 50,
    maxCredentialDays: 90,
    tenantKeyRefs: [],
    tenantAppZones: [],
    platformOutputs: {},
    dockerAllowedImages: [],
}) as PolicyConfig;

/** Merges what the engine passes (keys a platform file set) over the defaults; keys replace whole values. */
const resolved = new WeakMap<object, PolicyConfig>();

export function resolveConfig(given: Partial<PolicyConfig> | undefined): PolicyConfig {
    if (!given || Object.keys(given).length === 0) return DEFAULT_POLICY_CONFIG;
    let c = resolved.get(given);
    if (!c) {
        c = { ...DEFAULT_POLICY_CONFIG, ...given };
        resolved.set(given, c);
    }
    return c;
}

type JsonSchema = Record<string, unknown>;
let propertySchemas: Record<string, JsonSchema> | undefined;

/** JSON Schema (draft 7, what the CLI validates pack config with) of one config key, with its default. */
export function configPropertySchema(key: PolicyConfigKey): JsonSchema {
    propertySchemas ??= (
        z.toJSONSchema(PolicyConfigSchema, { target: "draft-7" }) as { properties: Record<string, JsonSchema> }
    ).properties;
    return { ...propertySchemas[key], default: DEFAULT_POLICY_CONFIG[key] };
}

/** A policy's configSchema for the keys it reads. */
export function configSchemaFor(keys: readonly PolicyConfigKey[]): { properties: Record<string, JsonSchema> } {
    const properties: Record<string, JsonSchema> = {};
    for (const k of keys) properties[k] = configPropertySchema(k);
    return { properties };
}

/** Validates a whole or partial site config (e.g. built from the platform stack file); throws a ZodError. */
export function parsePolicyConfig(input: unknown): Partial<PolicyConfig> {
    return PolicyConfigSchema.partial().parse(input);
}
