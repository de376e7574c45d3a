/**
 * The policy pack's site facts for one stack, derived from the stack files: the platform config gives the
 * allow-lists and address plan, the fleet gives every tenant's block. The same function feeds the offline check
 * and the `--policy-pack-config` of a real preview, so both judge a stack by the same facts.
 */
import { PLATFORM_STACK, zoneCidrs, type PlatformConfig, type TenantConfig } from "../model";
import type { PolicyConfig } from "../policies/index";

export function policyConfigFor(
    stack: string,
    platform: PlatformConfig,
    fleet: readonly TenantConfig[],
    platformStack = PLATFORM_STACK,
): Partial<PolicyConfig> {
    return {
        region: platform.region,
        availabilityZones: platform.availabilityZones,
        approvedRegions: [...new Set([platform.region, ...platform.approvedSites])],
        approvedSites: platform.approvedSites,
        backupTarget: platform.backupTarget,
        mgmtCidr: platform.mgmtCidr,
        platformDataCidr: platform.platformDataCidr,
        tenantBlocks: Object.fromEntries(fleet.map((t) => [t.name, t.cidr])),
        hardenedImages: Object.entries(platform.hardenedImages).map(([name, id]) => ({ name, id })),
        encryptedVolumeTypes: platform.encryptedVolumeTypes,
        approvedStoragePolicies: platform.storagePolicies,
        externalNetworks: [{ name: platform.externalNetwork }],
        auditSyslog: platform.auditSink.syslogEndpoint,
        ntpServers: platform.ntpServers,
        mlpsLevel: platform.mlpsLevel,
        platformStack,
        stackRole: stack === platformStack ? "platform" : "tenant",
        adminAccessCidrs: platform.bastion.adminCidrs,
        tenantAppZones: fleet.map((t) => zoneCidrs(t.cidr).app).sort(),
        tenantKeyRefs: fleet.filter((t) => t.name === stack && t.tlsCertificateRef).map((t) => t.tlsCertificateRef as string),
    };
}
