import { identity, networking } from "@pulumi/openstack";
import type { PolicyResource } from "@pulumi/policy";
import { STACK_REFERENCE, platformOutputValues, stackReferenceName } from "../../lib/graph";
import { known } from "../../lib/unknowns";
import { stackRule } from "../../rule";

/**
 * Stack policies see outputs, and the engine gives no sign of which of them the program sent (it passes only the
 * property dependencies that are not empty). These ids the cloud fills in about the resource itself when the
 * program leaves them unset, so on a deployed stack their values are no reference the stack made: a load
 * balancer's VIP port, network and the groups Octavia puts on that port; a key pair's owner; the QoS policy a port
 * or network inherits; an RBAC entry's owner (the project of whoever made it: the site admin, for the bastion
 * share); the port a router interface made on the subnet it was given; the pool a listener defaults to, which
 * Octavia fills in when a pool names the listener (a refresh brings it into the state). Each is one the provider computes
 * (test/policies/rules/stack.test.ts holds them to offline/planUnknowns.json) and the components never set.
 * A literal pasted into one of these would go unseen here. The engine's runs on the acceptance cloud found each one.
 */
export const COMPUTED_ABOUT_ITSELF: Readonly<Record<string, readonly string[]>> = {
    "openstack:loadbalancer/loadBalancer:LoadBalancer": ["vipPortId", "vipNetworkId", "securityGroupIds"],
    "openstack:compute/keypair:Keypair": ["userId"],
    "openstack:networking/port:Port": ["qosPolicyId"],
    "openstack:networking/network:Network": ["qosPolicyId"],
    "openstack:networking/rbacPolicyV2:RbacPolicyV2": ["projectId"],
    "openstack:networking/routerInterface:RouterInterface": ["portId"],
    "openstack:loadbalancer/listener:Listener": ["defaultPoolId"],
};

/** Inputs that name another OpenStack object by id. */
export const REFERENCE_INPUTS = [
    "networkId",
    "subnetId",
    "portId",
    "securityGroupId",
    "securityGroupIds",
    "remoteGroupId",
    "volumeId",
    "instanceId",
    "vipSubnetId",
    "vipNetworkId",
    "vipPortId",
    "poolId",
    "listenerId",
    "loadbalancerId",
    "defaultPoolId",
    "defaultTlsContainerRef",
    "sniContainerRefs",
    "routerId",
    "projectId",
    "defaultProjectId",
    "objectId",
    "qosPolicyId",
    "configurationId",
    "secretRefs",
    "externalNetworkId",
    "networks",
    "fixedIps",
    "schedulerHints",
    "groupId",
    "userId",
    "floatingIp",
    "snapshotId",
    "sourceVolId",
];

/** The ids a block list names (a network's uuid or port, a fixed IP's subnet, a hint's group); unknowns skipped. */
function nestedIds(value: unknown): string[] {
    const blocks = value as Record<string, unknown>[];
    const out: string[] = [];
    for (let i = 0; i < (Array.isArray(blocks) ? blocks.length : 0); i++) {
        const block = known(() => blocks[i]);
        if (!block.known || typeof block.value !== "object" || block.value === null) continue;
        for (const field of ["uuid", "port", "subnetId", "group"]) {
            const id = known(() => block.value[field]);
            if (id.known && typeof id.value === "string" && id.value) out.push(id.value);
        }
    }
    return out;
}

function isSet(v: unknown): boolean {
    if (v === undefined || v === null || v === "") return false;
    if (Array.isArray(v)) return v.length > 0;
    return true;
}

export const noCrossTenantRefs = stackRule(
    {
        id: "stack-no-cross-tenant-refs",
        description: "A tenant stack refers only to its own resources and the platform stack's outputs.",
        clauses: ["8.2.2.1b", "8.2.4.5b"],
        testIds: ["L3-CNS2-02", "L3-CES2-11"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["isolation"],
        services: ["stack"],
        remediation:
            "Create the referenced object in the tenant stack or read it from the platform stack's outputs; never paste another project's ids.",
        config: [
            "stackRole",
            "platformStack",
            "project",
            "hardenedImages",
            "externalNetworks",
            "tenantKeyRefs",
            "platformOutputs",
        ],
    },
    [],
    ({ graph, config, args }, report) => {
        if (config.stackRole === "platform") args.notApplicable("the platform stack serves every tenant");
        const literalOk = new Set<string>([
            ...config.hardenedImages.map((i) => i.id),
            ...config.externalNetworks.flatMap((n) => (n.id ? [n.id, n.name] : [n.name])),
            ...config.tenantKeyRefs,
            // An update's stack policies no longer see the StackReference read before: its values count by value.
            ...platformOutputValues(config),
        ]);
        const refOk = (d: PolicyResource) => d.type !== STACK_REFERENCE || graph.isPlatformReference(d, config);
        for (const ref of graph.ofType(STACK_REFERENCE)) {
            if (!graph.isPlatformReference(ref, config))
                report(
                    `stack reference "${stackReferenceName(ref)}" reads another stack; tenants may read only the platform stack.`,
                    ref.urn,
                );
        }
        for (const r of graph.ofType(networking.RbacPolicyV2)) {
            // The one share a tenant needs: the platform bastion's group, to this stack's own project, so its SSH
            // rules may name the bastion as their source (Neutron hides another project's groups otherwise).
            const bastionToOwnProject =
                r.props.action === "access_as_shared" &&
                r.props.objectType === "security_group" &&
                graph.fromPlatform(r, "objectId", config, "bastionSecurityGroupId") &&
                graph.refs(r, "targetTenant", identity.Project).length > 0;
            if (!bastionToOwnProject)
                report(
                    `RBAC policy grants ${r.props.action} on ${r.props.objectType} to project ${r.props.targetTenant}.`,
                    r.urn,
                );
        }
        for (const r of graph.resources) {
            if (r.type.startsWith("pulumi:") || !r.type.startsWith("openstack:")) continue;
            const aboutItself = COMPUTED_ABOUT_ITSELF[r.type] ?? [];
            for (const key of REFERENCE_INPUTS) {
                if (!(key in r.props) || aboutItself.includes(key)) continue;
                // Follow the dependency edge first: a computed id is unknown at preview, but where it came from is not.
                const deps = r.propertyDependencies[key] ?? [];
                if (deps.length) {
                    const foreign = deps.filter((d) => !refOk(d));
                    if (foreign.length)
                        report(
                            `${key} comes from stack reference ${foreign.map(stackReferenceName).join(", ")}, not the platform.`,
                            r.urn,
                        );
                    continue;
                }
                // An unknown is no literal: the provider computes it (a key pair's userId) or a resource of this
                // stack does, and either way it names nothing of another project's.
                const read = known(() => r.props[key]);
                if (!read.known) continue;
                const value = read.value;
                if (!isSet(value)) continue;
                if (key === "networks" || key === "fixedIps" || key === "schedulerHints") {
                    const bad = nestedIds(value).filter((id) => !literalOk.has(id));
                    if (bad.length)
                        report(
                            `${key} names ${bad.join(", ")}, which this stack neither creates nor reads from the platform.`,
                            r.urn,
                        );
                    continue;
                }
                const values = (Array.isArray(value) ? value : [value]).map(String).filter((v) => !literalOk.has(v));
                if (values.length)
                    report(
                        `${key} "${values.join(", ")}" is a literal id that this stack neither creates nor reads from the platform.`,
                        r.urn,
                    );
            }
        }
    },
);
