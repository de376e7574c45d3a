/**
 * A tenant stack file, `stacks/Pulumi.<tenant>.yaml`: the tenant (a department) and the catalogue services it
 * runs. The single truth for its type, runtime check and JSON Schema (schemas/tenant-stack.schema.json).
 *
 * Every `watercloud:` key the program reads is declared here, and any other key under `watercloud:` is an error
 * (model/configKeys.ts); other config keys (`openstack:*`, `pulumi:*`) and Pulumi's own top-level keys
 * (encryptionsalt, secretsprovider) are tolerated untouched, because `pulumi config set` and other tools write them.
 */
import { z } from "zod";
import { tenantCidrSchema } from "./cidr";
import { commonConfigShape, watercloudConfigSchema } from "./configKeys";
import { blueprintPinSchema, nameSchema } from "./names";
import { sshPublicKeySchema } from "./sshKey";

/** What a tenant's quota bounds and its services' footprint is counted in, in this order wherever it is shown. */
export const QUOTA_DIMENSIONS = ["instances", "cores", "ramGb", "volumeGb"] as const;
export type QuotaDimension = (typeof QUOTA_DIMENSIONS)[number];

/**
 * One quota value: a positive bound. Zero would leave the project unable to hold anything, and -1 (Nova's
 * "unlimited") is no bound at all (os-quota-defined); TenantProject checks its quota with this same schema.
 */
export const quotaValueSchema = z.number().int().min(1);

/**
 * The largest quota Nova and Cinder store: their quota columns are 32-bit signed integers (2^31 - 1), and Nova counts
 * RAM in MB, so a RAM quota in GB stops 1024 times lower. A larger value is refused by the API at `up` time.
 */
export const MAX_QUOTA = 2 ** 31 - 1;
const MAX_RAM_GB = Math.floor(MAX_QUOTA / 1024);

export const quotaSchema = z.strictObject({
    /** Hosts (Nova instances). */
    instances: quotaValueSchema.max(MAX_QUOTA),
    /** vCPUs. */
    cores: quotaValueSchema.max(MAX_QUOTA),
    /** RAM in GB (Nova's quota is in MB). */
    ramGb: quotaValueSchema.max(MAX_RAM_GB),
    /** Block storage in GB, boot volumes included. */
    volumeGb: quotaValueSchema.max(MAX_QUOTA),
});

/**
 * Nova and Neutron take tags of at most 60 characters, Keystone 255, and none of them `/` or `,`; the tag is
 * `owner=<team>`, so the team's name has 54 characters left.
 */
const OWNER_MAX = 60 - "owner=".length;
export const ownerSchema = z
    .string()
    .min(1)
    .max(OWNER_MAX)
    .regex(
        /^(?:[^/,\p{Cc}\s](?:[^/,\p{Cc}]*[^/,\p{Cc}\s])?)?$/u,
        "must be a team name without '/', ',', line breaks or spaces at either end (it becomes the tag owner=NAME, which OpenStack refuses otherwise)",
    );

export const tenantConfigSchema = z
    .strictObject({
        /** Equals the stack name (the file name `Pulumi.<name>.yaml`). */
        name: nameSchema,
        /** Department name as people know it, e.g. 防汛指挥. */
        displayName: z.string().min(1),
        /** Accountable team; it becomes the tag `owner=<team>` of every resource. */
        owner: ownerSchema,
        /** The tenant's address block; must not overlap another tenant, the management or the platform data network. */
        cidr: tenantCidrSchema,
        /** Approved allocation; the services' footprint must fit. */
        quota: quotaSchema,
        /** Every rule of the pack is a level-3 rule; another level would be labelled on resources but never judged. */
        mlpsLevel: z.literal(3, "must be 3: watercloud's rules are the level-3 requirements").default(3),
        /** Barbican certificate container; the default certificate of the tenant's TLS listeners. */
        tlsCertificateRef: z
            .string()
            .regex(
                /^https:\/\/[^/\s]+\/v1\/containers\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
                "must be a Barbican container URL: https://<key-manager>/v1/containers/<uuid>",
            ),
        /** The admins' public key (not a secret); ed25519 or ecdsa, or RSA (policy demands >= 3072 bits). */
        sshPublicKey: sshPublicKeySchema,
        /** Zones to spread hosts over, each one of the platform's `availabilityZones`; defaults to all of the platform's. */
        availabilityZones: z.array(z.string().min(1)).min(1).optional(),
    })
    .describe("The tenant (one department, one OpenStack project)");

export const serviceSchema = z
    .strictObject({
        /** Unique in the tenant; component keys and resource names derive from it. */
        name: nameSchema,
        /** Exact pin `name@version`. */
        blueprint: blueprintPinSchema,
        /** Blueprint parameters; `${services.<name>.<output>}` reads another service's output. */
        parameters: z.record(z.string(), z.unknown()).default({}),
    })
    .describe("A catalogue service the tenant runs");

/**
 * A service taken out of the tenant on purpose: its stateful resources (volumes, databases, containers, secrets) may
 * then be deleted, after a backup. Without such an entry a plan that deletes or replaces one is refused.
 */
export const retirementSchema = z
    .strictObject({
        /** The service's name as it stood in `watercloud:services` (it must no longer be there). */
        service: nameSchema,
        /** Why, for the reviewer of the pull request and the run report. */
        reason: z.string().trim().min(1),
    })
    .describe("A service retired on purpose: its data may be deleted, after a backup");

export const tenantStackConfigSchema = watercloudConfigSchema({
    "watercloud:tenant": tenantConfigSchema,
    "watercloud:services": z.array(serviceSchema).default([]),
    /** Services retired on purpose (see retirementSchema). */
    "watercloud:retire": z.array(retirementSchema).default([]),
    /** The platform stack whose outputs the tenant reads (default "platform"). */
    "watercloud:platformStack": z.string().min(1).optional(),
    ...commonConfigShape,
});

export const tenantStackFileSchema = z
    .looseObject({ config: tenantStackConfigSchema })
    .describe("A watercloud tenant stack (stacks/Pulumi.<tenant>.yaml)");

export type TenantConfig = z.output<typeof tenantConfigSchema>;
export type ServiceRequest = z.output<typeof serviceSchema>;
export type TenantStackFile = z.output<typeof tenantStackFileSchema>;
