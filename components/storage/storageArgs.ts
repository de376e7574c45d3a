import type { DataClass } from "../common/labels";
import type { TenantContext } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";
import type { BackupPolicy } from "./backupPolicy";

export interface BackupPolicyArgs {
    readonly context: Pick<TenantContext, "tenant" | "owner" | "mlpsLevel" | "projectId"> & {
        readonly platform: Pick<TenantContext["platform"], "region" | "approvedSites" | "backupTarget" | "storagePolicies">;
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

export interface BlockVolumeArgs {
    readonly context: TenantContext;
    readonly sizeGb: number;
    /** Encrypted volume type from the platform allow-list (default encrypted-ssd). */
    readonly volumeType?: string;
    /** When set, one volume per host of the group, attached to it and named by the host's ordinal. */
    readonly attachTo?: HostGroup;
    readonly dataClass?: DataClass;
    /** Backup policy name (default daily). */
    readonly backupPolicy?: string;
    /**
     * The backup definition: a BackupPolicy the stack created, or omitted to let the stack's backup registry
     * create (once per policy name) the definition for data-class internal and above. `false` opts out, which
     * only a public-data volume may do.
     */
    readonly backup?: BackupPolicy | false;
}

export interface ObjectBucketArgs {
    readonly context: TenantContext;
    /** Container name (default `<tenant>-<service>-<name>` or `<tenant>-<name>`). */
    readonly containerName?: string;
    /** Object versioning (default true). */
    readonly versioning?: boolean;
    readonly dataClass?: DataClass;
    /** Approved Swift storage policy (default cn-3replica). */
    readonly storagePolicy?: string;
    /** Real-time copy to the platform's off-site cluster through container sync (default false). */
    readonly offsiteSync?: boolean;
    /** Backup policy name (default daily) for data-class internal and above. */
    readonly backupPolicy?: string;
}
