/**
 * What `${tenant.*}` and `${platform.*}` may name, and the type each name has (for type checks of references).
 */
import { QUOTA_DIMENSIONS, type PlatformOutputs, type TenantConfig, type ValueType } from "../model";

/** Tenant fields a blueprint may read; they resolve to literals when planning. */
export const TENANT_FIELD_TYPES = {
    name: "string",
    displayName: "string",
    owner: "string",
    cidr: "string",
    quota: "object",
    mlpsLevel: "integer",
    tlsCertificateRef: "string",
    sshPublicKey: "string",
    availabilityZones: "array",
} as const satisfies Record<keyof TenantConfig, ValueType>;

/** Platform outputs a blueprint may read; they stay symbolic in the plan (StackReference at deployment). */
export const PLATFORM_OUTPUT_TYPES = {
    mlpsLevel: "integer",
    region: "string",
    availabilityZones: "array",
    approvedSites: "array",
    mgmtCidr: "string",
    mgmtNetworkId: "string",
    mgmtSubnetId: "string",
    bastionSecurityGroupId: "string",
    bastionAddress: "string",
    externalNetworkId: "string",
    externalNetworkName: "string",
    auditSyslogEndpoint: "string",
    auditContainer: "string",
    auditRetentionDays: "integer",
    ntpServers: "array",
    hardenedImages: "object",
    encryptedVolumeTypes: "array",
    flavors: "object",
    storagePolicies: "array",
    backupTarget: "string",
    databaseClusters: "object",
    cacheClusters: "object",
    platformDataCidr: "string",
    deployerUserId: "string",
    monitoringUserId: "string",
} as const satisfies Record<keyof PlatformOutputs, ValueType>;

/** The type of `${tenant.a.b}`: nested fields are not typed further. */
export function tenantRefType(path: readonly string[]): ValueType | undefined {
    const t = (TENANT_FIELD_TYPES as Record<string, ValueType>)[path[0]!];
    if (!t) return undefined;
    if (path.length === 1) return t;
    if (path[0] === "quota" && path.length === 2)
        return (QUOTA_DIMENSIONS as readonly string[]).includes(path[1]!) ? "integer" : undefined;
    return "any";
}

export function platformRefType(path: readonly string[]): ValueType | undefined {
    const t = (PLATFORM_OUTPUT_TYPES as Record<string, ValueType>)[path[0]!];
    if (!t) return undefined;
    return path.length === 1 ? t : "any";
}
