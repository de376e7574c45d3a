/**
 * The platform stack file, `stacks/Pulumi.platform.yaml` (`watercloud:platform`): what the platform team runs
 * and allows. The single truth for its type, runtime check and JSON Schema (schemas/platform-stack.schema.json).
 *
 * Tenants see these facts as platform outputs (model/platformOutputs.ts) and as defaults: the first hardened
 * image is a HostGroup's default image, the first cluster of an engine a TenantDatabase's default cluster.
 * Maps keep the order of the file, so "first" means first in the file.
 */
import { z } from "zod";
import { nameSchema } from "./names";
import { cidrSchema } from "./cidr";
import { sshPublicKeySchema } from "./sshKey";
import { commonConfigShape, watercloudConfigSchema } from "./configKeys";

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, "must be HOST:PORT");
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a UUID");

export const flavorSpecSchema = z.strictObject({
    /** Nova's id of the flavor. Trove takes a flavor id, never a name: required for flavors of MySQL clusters. */
    id: z.string().min(1).optional(),
    vcpus: z.number().int().min(1),
    ramGb: z.number().int().min(1),
});

/** Days the central audit sink keeps records: 网络安全法 Art. 21 asks for six months at least; ten years at most. */
export const auditRetentionDaysSchema = z.number().int().min(180).max(3650);

/** The data volume of each PostgreSQL node of a shared cluster, in GB (SharedPostgresCluster checks it too). */
export const postgresVolumeGbSchema = z.number().int().min(10).max(16384);

/**
 * A shared database cluster. MySQL runs on the site's Trove (databases and users through its API); PostgreSQL runs
 * on platform hosts, because Trove (Zed) manages databases and users only for MySQL and MariaDB (docs/design.md).
 */
export const databaseClusterSchema = z
    .strictObject({
        engine: z.enum(["postgresql", "mysql"]),
        version: z.string().min(1),
        flavor: z.string().min(1),
        /** Data volume per node (PostgreSQL: 10-16384) or the Trove instance's volume (MySQL, within databaseService.volumeGb). */
        volumeGb: z.number().int().min(1),
    })
    .superRefine((c, ctx) => {
        if (c.engine === "postgresql" && !postgresVolumeGbSchema.safeParse(c.volumeGb).success) {
            ctx.addIssue({
                code: "custom",
                path: ["volumeGb"],
                message: `a PostgreSQL node's data volume must be 10-16384 GB (got ${c.volumeGb})`,
            });
        }
    });

/** The site's Trove, as its operators configured it (trove.conf and the Cinder types it may use). */
export const databaseServiceSchema = z.strictObject({
    /** Volume sizes Trove accepts, in GB (the site's limit; Trove refuses others with "Size (GB) must be between"). */
    volumeGb: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
    /** Cinder volume type of Trove volumes; one of encryptedVolumeTypes. */
    volumeType: z.string().min(1),
    /**
     * trove.conf `[network] enable_access_check`. Trove then refuses a network whose subnet has no router, and the
     * platform data network has none by design, so the site must run with it off (false).
     */
    accessCheck: z.boolean(),
});

export const cacheClusterSchema = z.strictObject({
    engine: z.literal("redis"),
    version: z.string().min(1),
    flavor: z.string().min(1),
});

/** Where alerts go besides the audit sink: an HTTPS webhook (the operations team's tool) and mail. */
export const receiversSchema = z
    .strictObject({
        webhook: z
            .strictObject({ url: z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, "must be an https:// URL") })
            .optional(),
        mail: z
            .strictObject({
                to: z.array(z.string().regex(/^[^\s@]+@[^\s@]+$/, "must be a mail address")).min(1),
                from: z.string().regex(/^[^\s@]+@[^\s@]+$/, "must be a mail address"),
                /** The mail relay, `host:port`; Alertmanager speaks STARTTLS to it. */
                smarthost: hostPort,
            })
            .optional(),
    })
    .refine((r) => r.webhook !== undefined || r.mail !== undefined, "name at least one receiver (webhook or mail)");

/**
 * The platform's monitoring (components/monitoring): Prometheus and Alertmanager on hosts of the management zone.
 * Optional in the file so that a platform without it is the pack's finding (stack-monitoring-required), not a
 * parse error; the sample platform has it.
 */
export const monitoringConfigSchema = z.strictObject({
    flavor: z.string().min(1),
    image: z.string().min(1).optional(),
    /** Prometheus + Alertmanager hosts (two: an HA pair). */
    hosts: z.number().int().min(1).max(3).default(2),
    /** Boot volume per host, where Prometheus keeps its samples, in GB. */
    volumeGb: z.number().int().min(20).max(4096).default(100),
    retentionDays: z.number().int().min(15).max(400).default(90),
    scrapeIntervalSeconds: z.number().int().min(5).max(300).default(30),
    evaluationIntervalSeconds: z.number().int().min(5).max(300).default(30),
    /** The site's Keystone v3 endpoint, as the monitoring hosts reach it. */
    identityEndpoint: z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, "must be a URL"),
    receivers: receiversSchema,
});

export const platformConfigSchema = z
    .strictObject({
        /** Level the platform was assessed at; no tenant may run above it (8.2.2.1 a). */
        /** The pack holds level 3's requirements only; a platform assessed at another level is not one it can judge. */
        mlpsLevel: z.literal(3, "must be 3: watercloud's rules are the level-3 requirements"),
        region: z.string().min(1),
        availabilityZones: z.array(z.string().min(1)).min(1),
        /** In-China sites approved for data and backups. */
        approvedSites: z.array(z.string().min(1)).min(1),
        /** Off-site backup target (another approved site). */
        backupTarget: z.string().min(1),
        mgmtCidr: cidrSchema,
        platformDataCidr: cidrSchema,
        externalNetwork: z.string().min(1),
        /** Hardened golden images, name -> Glance id. */
        hardenedImages: z.record(z.string(), uuid),
        /** Cinder volume types with a LUKS encryption spec. */
        encryptedVolumeTypes: z.array(z.string().min(1)).min(1),
        flavors: z.record(z.string(), flavorSpecSchema),
        /** Swift storage policies that keep replicas inside approved sites. */
        storagePolicies: z.array(z.string().min(1)).min(1),
        auditSink: z.strictObject({
            syslogEndpoint: hostPort,
            container: z.string().min(1),
            /** 网络安全法 Art. 21: at least six months. */
            retentionDays: auditRetentionDaysSchema,
        }),
        ntpServers: z.array(z.string().min(1)).min(1),
        bastion: z.strictObject({
            flavor: z.string().min(1),
            image: z.string().min(1),
            /** Where administrators may reach the bastion from. */
            adminCidrs: z.array(cidrSchema).min(1),
            sshPublicKey: sshPublicKeySchema,
        }),
        databaseClusters: z.record(nameSchema, databaseClusterSchema),
        /** The site's Trove; required when a MySQL cluster is declared. */
        databaseService: databaseServiceSchema.optional(),
        cacheClusters: z.record(nameSchema, cacheClusterSchema),
        monitoring: monitoringConfigSchema.optional(),
    })
    .describe("The platform: shared services and allow-lists");

export const platformStackFileSchema = z
    .looseObject({
        config: watercloudConfigSchema({
            "watercloud:platform": platformConfigSchema,
            /** The platform's OpenStack project (stacks/platformProgram.ts). */
            "watercloud:platformProjectId": z.string().min(1).optional(),
            ...commonConfigShape,
        }),
    })
    .describe("The watercloud platform stack (stacks/Pulumi.platform.yaml)");

export type PlatformConfig = z.output<typeof platformConfigSchema>;
