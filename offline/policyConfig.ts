/**
 * The policy pack's site facts for one stack, derived from the stack files: the platform config gives the
 * allow-lists and address plan, the fleet gives every tenant's block. The same function feeds the offline check
 * and the `--policy-pack-config` of a real preview, so both judge a stack by the same facts.
 *
 * Ids complete the names where a stack can know them: the external network's id from the platform's outputs (what
 * a tenant reads by StackReference; the engine passes the deployed platform's), and, offline, what the program's own
 * lookups by name resolved to (an admin role, the project's default security group, the external network). The
 * engine's analyzer sees no lookups at all, only the ids they returned; `watercloud up` and `preview` run this
 * offline check first, so a role assignment of a looked-up admin role stops there.
 */
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from "../policies/index";
import type { Lookup } from "./capture";
import { PLATFORM_STACK, zoneCidrs, type PlatformConfig, type TenantConfig } from "../model";

/** What a stack can know besides the files: the outputs of the platform it reads, the lookups it made. */
export interface StackFacts {
    readonly platformOutputs?: Readonly<Record<string, unknown>>;
    readonly lookups?: readonly Lookup[];
}

const LOOKUP = {
    role: "openstack:identity/getRole:getRole",
    network: "openstack:networking/getNetwork:getNetwork",
    securityGroup: "openstack:networking/getSecGroup:getSecGroup",
} as const;

/** Ids the lookups of `token` resolved for a name in `names` (compared as `same` compares them). */
function lookedUp(
    lookups: readonly Lookup[],
    token: string,
    names: readonly string[],
    same = (a: string, b: string) => a === b,
): Map<string, string> {
    const out = new Map<string, string>();
    for (const l of lookups) {
        const name = l.inputs.name;
        const id = l.outputs.id;
        if (l.token !== token || typeof name !== "string" || typeof id !== "string") continue;
        const wanted = names.find((n) => same(n, name));
        if (wanted !== undefined) out.set(id, wanted);
    }
    return out;
}

const caseless = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function policyConfigFor(
    stack: string,
    platform: PlatformConfig,
    fleet: readonly TenantConfig[],
    facts: StackFacts = {},
): Partial<PolicyConfig> {
    const platformStack = PLATFORM_STACK;
    const lookups = facts.lookups ?? [];
    const external = platform.externalNetwork;
    const externalIds = new Set(lookedUp(lookups, LOOKUP.network, [external]).keys());
    const published = facts.platformOutputs?.externalNetworkId;
    if (typeof published === "string" && published) externalIds.add(published);
    // Keystone role names are case-insensitive, so is a lookup of one.
    const adminRoles = DEFAULT_POLICY_CONFIG.adminRoles;
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
        externalNetworks: externalIds.size
            ? [...externalIds].sort().map((id) => ({ name: external, id }))
            : [{ name: external }],
        adminRoles: [...adminRoles, ...[...lookedUp(lookups, LOOKUP.role, adminRoles, caseless).keys()].sort()],
        defaultSecurityGroupIds: [...lookedUp(lookups, LOOKUP.securityGroup, ["default"]).keys()].sort(),
        auditSyslog: platform.auditSink.syslogEndpoint,
        ntpServers: platform.ntpServers,
        mlpsLevel: platform.mlpsLevel,
        platformStack,
        stackRole: stack === platformStack ? "platform" : "tenant",
        adminAccessCidrs: platform.bastion.adminCidrs,
        tenantAppZones: fleet.map((t) => zoneCidrs(t.cidr).app).sort(),
        tenantKeyRefs: fleet
            .filter((t) => t.name === stack && t.tlsCertificateRef)
            .map((t) => t.tlsCertificateRef as string),
    };
}
