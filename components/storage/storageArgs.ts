import type { z } from "zod";
import { blockVolumePropertiesSchema, type objectBucketPropertiesSchema } from "../../model";
import type { TenantContext } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";
import type { BackupPolicy } from "./backupPolicy";

export interface BackupPolicyArgs {
    readonly context: Pick<TenantContext, "tenant" | "owner" | "mlpsLevel" | "projectId"> & {
        readonly platform: Pick<
            TenantContext["platform"],
            "region" | "approvedSites" | "backupTarget" | "storagePolicies"
        >;
    };
    /** Policy name, e.g. daily; volumes and containers refer to it through their `backup-policy` label. */
    readonly policyName: string;
    /** Resource names of Trove instances this definition backs up (metadata `backup-of`). */
    readonly backupOf?: readonly string[];
    /** Days backups are kept (default 30). */
    readonly retentionDays?: number;
    /** Off-site target (default: the platform's backup target; must be an approved site other than the region). */
    readonly target?: string;
}

/** BlockVolume's checked arguments: the catalogue's properties (model/componentTypes.ts) but the reference to the hosts. */
export const blockVolumeArgsSchema = blockVolumePropertiesSchema.omit({ attachTo: true });

/**
 * A BlockVolume's arguments: the catalogue's BlockVolume properties, described once with their bounds and defaults
 * in model/componentTypes.ts, the hosts it attaches to, and what only a program passes.
 */
export type BlockVolumeArgs = Readonly<z.input<typeof blockVolumeArgsSchema>> & {
    readonly context: TenantContext;
    /** When set, one volume per host of the group, attached to it and named by the host's ordinal. */
    readonly attachTo?: HostGroup;
    /**
     * The backup definition: a BackupPolicy the stack created, or omitted to let the stack's backup registry
     * create (once per policy name) the definition for data-class internal and above. `false` opts out, which
     * only a public-data volume may do.
     */
    readonly backup?: BackupPolicy | false;
};

/**
 * An ObjectBucket's arguments: the catalogue's ObjectBucket properties, described once with their bounds and
 * defaults in model/componentTypes.ts, and what only a program passes.
 */
export type ObjectBucketArgs = Readonly<z.input<typeof objectBucketPropertiesSchema>> & {
    readonly context: TenantContext;
    /** Container name (default `<tenant>-<service>-<name>` or `<tenant>-<name>`). */
    readonly containerName?: string;
    /** Backup policy name (default daily) for data-class internal and above. */
    readonly backupPolicy?: string;
};
