import { compute, firewall, loadbalancer, networking } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { ResourceSnapshot, UNKNOWN } from "../../../policies/evaluate";
import { STACK_REFERENCE } from "../../../policies/lib/graph";
import { edgeBandwidthQos } from "../../../policies/rules/networking/edgeBandwidthQos";
import { fipAllowedTargets } from "../../../policies/rules/networking/fipAllowedTargets";
import { fwaasRuleRestricted } from "../../../policies/rules/networking/fwaasRuleRestricted";
import { sgDescribed } from "../../../policies/rules/networking/sgDescribed";
import { networkNotExternal } from "../../../policies/rules/networking/networkNotExternal";
import { networkNotShared } from "../../../policies/rules/networking/networkNotShared";
import { portSecurityOn } from "../../../policies/rules/networking/portSecurityOn";
import { routerGatewayEdgeOnly } from "../../../policies/rules/networking/routerGatewayEdgeOnly";
import { sgEgressRestricted } from "../../../policies/rules/networking/sgEgressRestricted";
import { sgMgmtFromBastionOnly } from "../../../policies/rules/networking/sgMgmtFromBastionOnly";
import { sgNoAdminPortsOpen } from "../../../policies/rules/networking/sgNoAdminPortsOpen";
import { sgNoAnyAnyIngress } from "../../../policies/rules/networking/sgNoAnyAnyIngress";
import { sgNoDbPortsOpen } from "../../../policies/rules/networking/sgNoDbPortsOpen";
import { DATA_PORTS } from "../../../policies/lib/dataPorts";
import { sgNoHighRiskPorts } from "../../../policies/rules/networking/sgNoHighRiskPorts";
import { sgRuleExplicit5tuple } from "../../../policies/rules/networking/sgRuleExplicit5tuple";
import { sgRuleJustified } from "../../../policies/rules/networking/sgRuleJustified";
import { subnetInTenantBlock } from "../../../policies/rules/networking/subnetInTenantBlock";
import { brief, createResourceValidationArgs, run, runResourcePolicy, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

/** An ingress rule with a full, harmless 5-tuple; tests override what they exercise. */
const sgr = (name: string, props: Record<string, unknown> = {}, extra: Parameters<typeof snap>[3] = {}) =>
    snap(
        networking.SecGroupRule,
        name,
        {
            direction: "ingress",
            ethertype: "IPv4",
            protocol: "tcp",
            portRangeMin: 443,
            portRangeMax: 443,
            remoteIpPrefix: "10.20.0.0/24",
            description: "https from the web zone",
            ...props,
        },
        extra,
    );
const group = (name: string, over: Record<string, string> = {}, props: Record<string, unknown> = {}) =>
    snap(networking.SecGroup, name, { deleteDefaultRules: true, tags: tags(over), ...props });

describe("os-edge-bandwidth-qos", () => {
    it("passes edge resources with a QoS policy and ignores other tiers", async () => {
        const f = await run(edgeBandwidthQos, [
            snap(networking.Network, "edge-net", { tags: tags({ tier: "edge" }), qosPolicyId: "qos-1" }),
            snap(networking.Port, "app-port", { tags: tags() }),
            snap(networking.Port, "bare-port", {}),
        ]);
        expect(f).toEqual([]);
    });
    it("reports edge networks and ports without qosPolicyId, as advisory", async () => {
        const f = await run(edgeBandwidthQos, [
            snap(networking.Network, "edge-net", { tags: tags({ tier: "edge" }) }),
            snap(networking.Port, "edge-port", { tags: tags({ tier: "edge" }), qosPolicyId: "" }),
        ]);
        expect(brief(f)).toEqual([
            ["os-edge-bandwidth-qos", "edge-net", "the edge resource has no qosPolicyId: its bandwidth is unbounded."],
            ["os-edge-bandwidth-qos", "edge-port", "the edge resource has no qosPolicyId: its bandwidth is unbounded."],
        ]);
        expect(f.map((x) => x.enforcementLevel)).toEqual(["advisory", "advisory"]);
    });
    it("cannot evaluate unknown tags or an unknown qosPolicyId", async () => {
        const [a] = await run(edgeBandwidthQos, [snap(networking.Port, "p", { tags: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "p",
            message: preview("os-edge-bandwidth-qos", "tags"),
        });
        const [b] = await run(edgeBandwidthQos, [
            snap(networking.Port, "p", { tags: tags({ tier: "edge" }), qosPolicyId: UNKNOWN }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-edge-bandwidth-qos", "qosPolicyId"),
        });
    });
    it("declines other types (unit args)", async () => {
        const args = createResourceValidationArgs(networking.Router, { tags: tags({ tier: "edge" }) });
        await expect(runResourcePolicy(edgeBandwidthQos, args)).rejects.toThrow(
            "Policy only applies to resources of types 'openstack:networking/network:Network', 'openstack:networking/port:Port'",
        );
    });
});

describe("os-network-not-external", () => {
    it("passes internal networks and non-external RBAC policies", async () => {
        const f = await run(networkNotExternal, [
            snap(networking.Network, "net", { external: false }),
            snap(networking.Network, "net2", {}),
            snap(networking.RbacPolicyV2, "rbac", {
                objectType: "network",
                action: "access_as_shared",
                targetTenant: "p2",
                objectId: "n",
            }),
            snap(networking.RbacPolicyV2, "qos", {
                objectType: "qos_policy",
                action: "access_as_external",
                targetTenant: "p2",
                objectId: "q",
            }),
        ]);
        expect(f).toEqual([]);
    });
    it("lets the platform stack own external networks", async () => {
        const f = await run(
            networkNotExternal,
            [
                snap(networking.Network, "public", { external: true }),
                snap(networking.RbacPolicyV2, "rbac", {
                    objectType: "network",
                    action: "access_as_external",
                    targetTenant: "*",
                    objectId: "n",
                }),
            ],
            { stackRole: "platform" },
        );
        expect(f).toEqual([]);
    });
    it("reports an external network and an access_as_external RBAC policy on a tenant stack", async () => {
        const f = await run(networkNotExternal, [
            snap(networking.Network, "public", { external: true }),
            snap(networking.RbacPolicyV2, "rbac", {
                objectType: "network",
                action: "access_as_external",
                targetTenant: "*",
                objectId: "n",
            }),
        ]);
        expect(brief(f)).toEqual([
            ["os-network-not-external", "public", "external is true: a tenant stack creates a border network."],
            [
                "os-network-not-external",
                "rbac",
                "RBAC policy makes a network external: a tenant stack creates a border network.",
            ],
        ]);
    });
    it("cannot evaluate an unknown external flag or action", async () => {
        const [a] = await run(networkNotExternal, [snap(networking.Network, "n", { external: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-network-not-external", "external") });
        const [b] = await run(networkNotExternal, [
            snap(networking.RbacPolicyV2, "r", { objectType: "network", action: UNKNOWN }),
        ]);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview("os-network-not-external", "action") });
    });
});

describe("os-network-not-shared", () => {
    it("passes private networks and non-sharing RBAC policies", async () => {
        const f = await run(networkNotShared, [
            snap(networking.Network, "net", { shared: false }),
            snap(networking.RbacPolicyV2, "ext", {
                objectType: "network",
                action: "access_as_external",
                targetTenant: "p2",
            }),
            snap(networking.RbacPolicyV2, "qos", {
                objectType: "qos_policy",
                action: "access_as_shared",
                targetTenant: "p2",
            }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports a shared network and RBAC sharing with one or every project", async () => {
        const f = await run(networkNotShared, [
            snap(networking.Network, "net", { shared: true }),
            snap(networking.RbacPolicyV2, "all", {
                objectType: "network",
                action: "access_as_shared",
                targetTenant: "*",
            }),
            snap(networking.RbacPolicyV2, "one", {
                objectType: "network",
                action: "access_as_shared",
                targetTenant: "proj-b",
            }),
        ]);
        expect(brief(f)).toEqual([
            ["os-network-not-shared", "net", "shared is true: every project can attach to this network."],
            ["os-network-not-shared", "all", "RBAC policy shares the network with every project."],
            ["os-network-not-shared", "one", "RBAC policy shares the network with project proj-b."],
        ]);
        expect(f[0]).toMatchObject({ severity: "critical", enforcementLevel: "mandatory" });
    });
    it("cannot evaluate an unknown shared flag or target project", async () => {
        const [a] = await run(networkNotShared, [snap(networking.Network, "n", { shared: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-network-not-shared", "shared") });
        const [b] = await run(networkNotShared, [
            snap(networking.RbacPolicyV2, "r", {
                objectType: "network",
                action: "access_as_shared",
                targetTenant: UNKNOWN,
            }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-network-not-shared", "targetTenant"),
        });
    });
});

describe("os-port-security-on", () => {
    it("passes port security on and exact address pairs", async () => {
        const f = await run(portSecurityOn, [
            snap(networking.Network, "net", { portSecurityEnabled: true }),
            snap(networking.Network, "net-default", {}),
            snap(networking.Port, "vip-port", {
                noSecurityGroups: false,
                allowedAddressPairs: [{ ipAddress: "10.20.1.5/32" }, { ipAddress: "10.20.1.6" }],
            }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports port security off, no security groups and any-address pairs", async () => {
        const f = await run(portSecurityOn, [
            snap(networking.Network, "net", { portSecurityEnabled: false }),
            snap(networking.Port, "port", {
                portSecurityEnabled: false,
                noSecurityGroups: true,
                allowedAddressPairs: [{ ipAddress: "10.20.1.5/32" }, { ipAddress: "0.0.0.0/0" }, { ipAddress: "::/0" }],
            }),
        ]);
        expect(brief(f)).toEqual([
            ["os-port-security-on", "net", "portSecurityEnabled is false: anti-spoofing and security groups are off."],
            ["os-port-security-on", "port", "portSecurityEnabled is false: anti-spoofing and security groups are off."],
            ["os-port-security-on", "port", "noSecurityGroups is true: the port bypasses every security group."],
            [
                "os-port-security-on",
                "port",
                "allowedAddressPairs[1] allows 0.0.0.0/0: the port may send from any address.",
            ],
            ["os-port-security-on", "port", "allowedAddressPairs[2] allows ::/0: the port may send from any address."],
        ]);
    });
    it("cannot evaluate an unknown flag or address pair", async () => {
        const [a] = await run(portSecurityOn, [snap(networking.Port, "p", { portSecurityEnabled: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-port-security-on", "portSecurityEnabled"),
        });
        const [b] = await run(portSecurityOn, [
            snap(networking.Port, "p", { allowedAddressPairs: [{ ipAddress: UNKNOWN }] }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-port-security-on", "allowedAddressPairs.0.ipAddress"),
        });
    });
});

describe("os-router-gateway-edge-only", () => {
    it("passes an edge router without SNAT, an approved SNAT router and internal routers", async () => {
        const f = await run(
            routerGatewayEdgeOnly,
            [
                snap(networking.Router, "edge", {
                    externalNetworkId: "ext-1",
                    enableSnat: false,
                    tags: tags({ tier: "edge" }),
                }),
                snap(networking.Router, "egress", {
                    externalNetworkId: "ext-1",
                    enableSnat: true,
                    tags: tags({ tier: "edge" }),
                }),
                snap(networking.Router, "inner", { tags: tags({ tier: "app" }) }),
            ],
            { approvedSnatRouters: ["egress"] },
        );
        expect(f).toEqual([]);
    });
    it("reports a gateway on a non-edge router and SNAT left on", async () => {
        const f = await run(routerGatewayEdgeOnly, [
            snap(networking.Router, "app-rt", { externalNetworkId: "ext-1", tags: tags({ tier: "app" }) }),
            snap(networking.Router, "legacy", { externalGateway: "ext-1", enableSnat: false }),
            snap(networking.Router, "edge", {
                externalNetworkId: "ext-1",
                enableSnat: true,
                tags: tags({ tier: "edge" }),
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-router-gateway-edge-only",
                "app-rt",
                "the router has an external gateway but is labelled tier=app, not tier=edge.",
            ],
            [
                "os-router-gateway-edge-only",
                "app-rt",
                "enableSnat is not false: hosts behind the router reach external networks without an approved egress path.",
            ],
            [
                "os-router-gateway-edge-only",
                "legacy",
                "the router has an external gateway but is labelled tier=(none), not tier=edge.",
            ],
            [
                "os-router-gateway-edge-only",
                "edge",
                "enableSnat is not false: hosts behind the router reach external networks without an approved egress path.",
            ],
        ]);
    });
    it("cannot evaluate an unknown gateway or SNAT flag", async () => {
        const [a] = await run(routerGatewayEdgeOnly, [snap(networking.Router, "r", { externalNetworkId: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-router-gateway-edge-only", "externalNetworkId"),
        });
        const [b] = await run(routerGatewayEdgeOnly, [
            snap(networking.Router, "r", {
                externalNetworkId: "ext-1",
                tags: tags({ tier: "edge" }),
                enableSnat: UNKNOWN,
            }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-router-gateway-edge-only", "enableSnat"),
        });
    });
});

describe("os-subnet-in-tenant-block", () => {
    const blocks = { tenantBlocks: { "flood-control": "10.20.0.0/16", "river-ops": "10.21.0.0/16" } };
    const subnet = (name: string, props: Record<string, unknown>) =>
        snap(networking.Subnet, name, { tags: tags(), ...props });
    it("passes subnets inside the tenant's block, IPv6 and pool-allocated subnets", async () => {
        const f = await run(
            subnetInTenantBlock,
            [
                subnet("web", { cidr: "10.20.1.0/24" }),
                snap(networking.Subnet, "unlabelled", { cidr: "10.20.2.0/24" }), // tenant from the stack name
                subnet("v6", { cidr: "fd00:20::/64", ipVersion: 6 }),
                subnet("pooled", { subnetpoolId: "pool-1" }),
            ],
            blocks,
        );
        expect(f).toEqual([]);
    });
    it("reports a subnet outside its block that overlaps the platform and another tenant", async () => {
        const f = await run(
            subnetInTenantBlock,
            [subnet("wide", { cidr: "10.0.0.0/8" }), subnet("theirs", { cidr: "10.21.3.0/24" })],
            blocks,
        );
        expect(brief(f)).toEqual([
            [
                "os-subnet-in-tenant-block",
                "wide",
                'cidr 10.0.0.0/8 is outside tenant "flood-control"\'s block 10.20.0.0/16.',
            ],
            ["os-subnet-in-tenant-block", "wide", "cidr 10.0.0.0/8 overlaps the mgmt network 10.0.0.0/20."],
            ["os-subnet-in-tenant-block", "wide", "cidr 10.0.0.0/8 overlaps the platform data network 10.1.0.0/20."],
            ["os-subnet-in-tenant-block", "wide", 'cidr 10.0.0.0/8 overlaps tenant "river-ops"\'s block 10.21.0.0/16.'],
            [
                "os-subnet-in-tenant-block",
                "theirs",
                'cidr 10.21.3.0/24 is outside tenant "flood-control"\'s block 10.20.0.0/16.',
            ],
            [
                "os-subnet-in-tenant-block",
                "theirs",
                'cidr 10.21.3.0/24 overlaps tenant "river-ops"\'s block 10.21.0.0/16.',
            ],
        ]);
    });
    it("reports a tenant without a configured block", async () => {
        expect(
            brief(
                await run(
                    subnetInTenantBlock,
                    [subnet("s", { cidr: "10.20.1.0/24", tags: tags({ tenant: "ghost" }) })],
                    blocks,
                ),
            ),
        ).toEqual([
            ["os-subnet-in-tenant-block", "s", 'no address block is configured for tenant "ghost" (tenantBlocks).'],
        ]);
    });
    it("reports a cidr with host bits set or bad octets instead of failing the run", async () => {
        const f = await run(
            subnetInTenantBlock,
            [subnet("typo", { cidr: "10.20.1.5/16" }), subnet("bad", { cidr: "10.300.0.0/24" })],
            blocks,
        );
        expect(brief(f)).toEqual([
            [
                "os-subnet-in-tenant-block",
                "typo",
                'cidr 10.20.1.5/16 is not a valid network block: "10.20.1.5/16" has host bits set (the network address is 10.20.0.0/16).',
            ],
            [
                "os-subnet-in-tenant-block",
                "bad",
                'cidr 10.300.0.0/24 is not a valid network block: "10.300.0.0" is not an IPv4 address.',
            ],
        ]);
    });
    it("checks the platform stack against the mgmt and platform data blocks", async () => {
        const f = await run(
            subnetInTenantBlock,
            [
                subnet("mgmt", { cidr: "10.0.1.0/24" }),
                subnet("data", { cidr: "10.1.2.0/24" }),
                subnet("stray", { cidr: "10.5.0.0/24" }),
            ],
            {
                stackRole: "platform",
            },
        );
        expect(brief(f)).toEqual([
            [
                "os-subnet-in-tenant-block",
                "stray",
                "cidr 10.5.0.0/24 is outside the platform's mgmt (10.0.0.0/20) and data (10.1.0.0/20) blocks.",
            ],
        ]);
    });
    it("cannot evaluate an unknown cidr or unknown tags", async () => {
        const [a] = await run(subnetInTenantBlock, [subnet("s", { cidr: UNKNOWN })], blocks);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-subnet-in-tenant-block", "cidr") });
        const [b] = await run(subnetInTenantBlock, [subnet("s", { cidr: "10.20.1.0/24", tags: UNKNOWN })], blocks);
        expect(b).toMatchObject({ status: "cannot-evaluate", message: preview("os-subnet-in-tenant-block", "tags") });
    });
});

describe("os-sg-no-any-any-ingress", () => {
    it("passes narrow world rules, sourced rules, ICMP and egress", async () => {
        const f = await run(sgNoAnyAnyIngress, [
            sgr("https", { remoteIpPrefix: "0.0.0.0/0" }),
            sgr("internal-any", { protocol: undefined, portRangeMin: undefined, portRangeMax: undefined }),
            sgr("from-group", { protocol: undefined, remoteIpPrefix: undefined, remoteGroupId: "sg-web" }),
            sgr("ping", {
                protocol: "icmp",
                portRangeMin: undefined,
                portRangeMax: undefined,
                remoteIpPrefix: "0.0.0.0/0",
            }),
            sgr("out", { direction: "egress", protocol: undefined, remoteIpPrefix: "0.0.0.0/0" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports any protocol and every port from anywhere", async () => {
        const f = await run(sgNoAnyAnyIngress, [
            sgr("any", {
                protocol: undefined,
                portRangeMin: undefined,
                portRangeMax: undefined,
                remoteIpPrefix: undefined,
            }),
            sgr("tcp-all", { portRangeMin: undefined, portRangeMax: undefined, remoteIpPrefix: "0.0.0.0/0" }),
            sgr("udp-all", {
                protocol: "17",
                portRangeMin: 1,
                portRangeMax: 65535,
                remoteIpPrefix: "::/0",
                ethertype: "IPv6",
            }),
            // The whole range as Neutron stores it and the components send it.
            sgr("tcp-stored-all", { portRangeMin: 0, portRangeMax: 0, remoteIpPrefix: "0.0.0.0/0" }),
        ]);
        expect(brief(f)).toEqual([
            ["os-sg-no-any-any-ingress", "any", "ingress from anywhere allows every protocol."],
            ["os-sg-no-any-any-ingress", "tcp-all", "ingress from 0.0.0.0/0 opens every tcp port."],
            ["os-sg-no-any-any-ingress", "udp-all", "ingress from ::/0 opens every udp port."],
            ["os-sg-no-any-any-ingress", "tcp-stored-all", "ingress from 0.0.0.0/0 opens every tcp port."],
        ]);
    });
    it("cannot evaluate an unknown source", async () => {
        const [a] = await run(sgNoAnyAnyIngress, [sgr("r", { remoteIpPrefix: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-no-any-any-ingress", "remoteIpPrefix"),
        });
    });
    it("decides at preview when only the remote group's id is unknown: a group is not 'anywhere'", async () => {
        expect(await run(sgNoAnyAnyIngress, [sgr("r", { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN })])).toEqual(
            [],
        );
        expect(
            await run(sgRuleExplicit5tuple, [sgr("r", { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN })]),
        ).toEqual([]);
    });
});

describe("os-sg-no-admin-ports-open", () => {
    it("passes admin ports from the mgmt network, the admin VPN and a group; other ports and UDP from anywhere", async () => {
        const f = await run(
            sgNoAdminPortsOpen,
            [
                sgr("ssh-mgmt", { portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "10.0.1.0/24" }),
                sgr("ssh-vpn", { portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "172.16.5.0/24" }),
                sgr("ssh-group", {
                    portRangeMin: 22,
                    portRangeMax: 22,
                    remoteIpPrefix: undefined,
                    remoteGroupId: "sg-bastion",
                }),
                sgr("https", { remoteIpPrefix: "0.0.0.0/0" }),
                sgr("udp-22", { protocol: "udp", portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "0.0.0.0/0" }),
                sgr("ssh-out", {
                    direction: "egress",
                    portRangeMin: 22,
                    portRangeMax: 22,
                    remoteIpPrefix: "0.0.0.0/0",
                }),
            ],
            { adminAccessCidrs: ["172.16.5.0/24"] },
        );
        expect(f).toEqual([]);
    });
    it("reports admin ports from outside the mgmt network", async () => {
        const f = await run(sgNoAdminPortsOpen, [
            sgr("ssh-world", { portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "0.0.0.0/0" }),
            sgr("vnc", { portRangeMin: 5000, portRangeMax: 6000, remoteIpPrefix: "192.168.0.0/16" }),
            sgr("some-vnc", { portRangeMin: 5998, portRangeMax: 6443, remoteIpPrefix: "10.20.0.0/16" }),
            sgr("anything", {
                protocol: undefined,
                portRangeMin: undefined,
                portRangeMax: undefined,
                remoteIpPrefix: undefined,
            }),
        ]);
        const out = "outside the mgmt network 10.0.0.0/20.";
        expect(brief(f)).toEqual([
            ["os-sg-no-admin-ports-open", "ssh-world", `ingress from 0.0.0.0/0 opens administration port(s) 22 ${out}`],
            [
                "os-sg-no-admin-ports-open",
                "vnc",
                `ingress from 192.168.0.0/16 opens administration port(s) 5900-5999 ${out}`,
            ],
            [
                "os-sg-no-admin-ports-open",
                "some-vnc",
                `ingress from 10.20.0.0/16 opens administration port(s) 5998, 5999, 6443 ${out}`,
            ],
            [
                "os-sg-no-admin-ports-open",
                "anything",
                `ingress from any source (no remoteIpPrefix or remoteGroupId) opens administration port(s) 22, 23, 2375, 2376, 3389, 5900-5999, 6443, 10250 ${out}`,
            ],
        ]);
    });
    it("cannot evaluate an unknown source or port", async () => {
        const [a] = await run(sgNoAdminPortsOpen, [sgr("r", { remoteIpPrefix: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-no-admin-ports-open", "remoteIpPrefix"),
        });
        const [b] = await run(sgNoAdminPortsOpen, [sgr("r", { remoteIpPrefix: "0.0.0.0/0", portRangeMax: UNKNOWN })]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-no-admin-ports-open", "portRangeMax"),
        });
    });
});

describe("os-sg-no-db-ports-open", () => {
    it("passes database ports from private prefixes and groups", async () => {
        const f = await run(sgNoDbPortsOpen, [
            sgr("pg-app", { portRangeMin: 5432, portRangeMax: 5432, remoteIpPrefix: "10.20.2.0/24" }),
            sgr("redis-app", {
                portRangeMin: 6379,
                portRangeMax: 6379,
                remoteIpPrefix: undefined,
                remoteGroupId: "sg-app",
            }),
            sgr("https", { remoteIpPrefix: "0.0.0.0/0" }),
            sgr("out", { direction: "egress", portRangeMin: 3306, portRangeMax: 3306, remoteIpPrefix: "0.0.0.0/0" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports database ports from public addresses and from anywhere", async () => {
        const f = await run(sgNoDbPortsOpen, [
            sgr("mysql", { portRangeMin: 3306, portRangeMax: 3306, remoteIpPrefix: "203.0.113.0/24" }),
            sgr("all", { portRangeMin: undefined, portRangeMax: undefined, remoteIpPrefix: undefined }),
        ]);
        expect(brief(f)).toEqual([
            ["os-sg-no-db-ports-open", "mysql", "ingress from 203.0.113.0/24 opens database port(s) 3306."],
            [
                "os-sg-no-db-ports-open",
                "all",
                `ingress from any source (no remoteIpPrefix or remoteGroupId) opens database port(s) 1433, 1434, 1521, 2483, 2484, 3306, 33060, 4567 and ${DATA_PORTS.length - 8} more.`,
            ],
        ]);
    });
    it.each(DATA_PORTS.map((p) => [p.port, p.service] as const))(
        "reports data-tier port %i (%s) open to the world, and passes it from the app zone",
        async (port) => {
            const open = sgr("open", { portRangeMin: port, portRangeMax: port, remoteIpPrefix: "0.0.0.0/0" });
            expect(brief(await run(sgNoDbPortsOpen, [open]))).toEqual([
                ["os-sg-no-db-ports-open", "open", `ingress from 0.0.0.0/0 opens database port(s) ${port}.`],
            ]);
            expect(
                await run(sgNoDbPortsOpen, [
                    sgr("app", { portRangeMin: port, portRangeMax: port, remoteIpPrefix: "10.20.2.0/24" }),
                ]),
            ).toEqual([]);
        },
    );
    it("judges the inline rules of a legacy Nova security group (compute.SecGroup) the same way", async () => {
        const nova = snap(compute.SecGroup, "nova-sg", {
            description: "legacy",
            rules: [
                { ipProtocol: "tcp", fromPort: 5236, toPort: 5236, cidr: "0.0.0.0/0" },
                { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidr: "10.20.2.0/24" },
                { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, self: true },
            ],
        });
        expect(brief(await run(sgNoDbPortsOpen, [nova]))).toEqual([
            ["os-sg-no-db-ports-open", "nova-sg", "rules[0]: ingress from 0.0.0.0/0 opens database port(s) 5236."],
        ]);
    });
    it("treats IPv6 unique local prefixes as private and global ones as public", async () => {
        const f = await run(sgNoDbPortsOpen, [
            sgr("pg-ula", {
                portRangeMin: 5432,
                portRangeMax: 5432,
                remoteIpPrefix: "fd00:20:2::/64",
                ethertype: "IPv6",
            }),
            sgr("pg-global", {
                portRangeMin: 5432,
                portRangeMax: 5432,
                remoteIpPrefix: "2001:db8::/32",
                ethertype: "IPv6",
            }),
        ]);
        expect(brief(f)).toEqual([
            ["os-sg-no-db-ports-open", "pg-global", "ingress from 2001:db8::/32 opens database port(s) 5432."],
        ]);
    });
    it("cannot evaluate an unknown source", async () => {
        const [f] = await run(sgNoDbPortsOpen, [
            sgr("r", { portRangeMin: 3306, portRangeMax: 3306, remoteIpPrefix: UNKNOWN }),
        ]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-no-db-ports-open", "remoteIpPrefix"),
        });
    });
});

describe("os-sg-no-high-risk-ports", () => {
    it("passes ordinary ports and leaves any-any and unbounded rules to their own rules", async () => {
        const f = await run(sgNoHighRiskPorts, [
            sgr("https", { remoteIpPrefix: "0.0.0.0/0" }),
            sgr("any-any", {
                protocol: undefined,
                portRangeMin: undefined,
                portRangeMax: undefined,
                remoteIpPrefix: "0.0.0.0/0",
            }),
            sgr("tcp-unbounded", { portRangeMin: undefined, portRangeMax: undefined }),
            sgr("out", { direction: "egress", portRangeMin: 445, portRangeMax: 445 }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports high-risk ports from any source", async () => {
        const f = await run(sgNoHighRiskPorts, [
            sgr("smb", { portRangeMin: 445, portRangeMax: 445, remoteIpPrefix: "10.20.0.0/16" }),
            sgr("netbios", {
                protocol: "udp",
                portRangeMin: 135,
                portRangeMax: 139,
                remoteIpPrefix: undefined,
                remoteGroupId: "sg-web",
            }),
        ]);
        expect(brief(f)).toEqual([
            ["os-sg-no-high-risk-ports", "smb", "ingress from 10.20.0.0/16 opens high-risk port(s) 445."],
            [
                "os-sg-no-high-risk-ports",
                "netbios",
                "ingress from security group sg-web opens high-risk port(s) 135, 136, 137, 138, 139.",
            ],
        ]);
    });
    it("reports a wide explicit range that opens every high-risk port (no other rule reports it)", async () => {
        const f = await run(sgNoHighRiskPorts, [
            sgr("wide", { portRangeMin: 1, portRangeMax: 10000, remoteIpPrefix: "0.0.0.0/0" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-sg-no-high-risk-ports",
                "wide",
                "ingress from 0.0.0.0/0 opens high-risk port(s) 20, 21, 69, 111, 135, 136, 137, 138, 139, 445, 512, 513, 514, 873, 2049.",
            ],
        ]);
        // ...and a whole explicit range from a named source, which any-any (world only) and 5-tuple (bounds set) pass.
        const g = await run(sgNoHighRiskPorts, [
            sgr("all-from-app", { portRangeMin: 1, portRangeMax: 65535, remoteIpPrefix: "10.20.2.0/24" }),
        ]);
        expect(g.map((x) => x.resourceName)).toEqual(["all-from-app"]);
    });
    it("cannot evaluate an unknown port range", async () => {
        const [f] = await run(sgNoHighRiskPorts, [sgr("r", { portRangeMin: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-no-high-risk-ports", "portRangeMin"),
        });
    });
});

describe("os-sg-rule-explicit-5tuple", () => {
    it("passes full tuples, ICMP without ports and egress rules", async () => {
        const f = await run(sgRuleExplicit5tuple, [
            sgr("https"),
            sgr("from-group", { remoteIpPrefix: undefined, remoteGroupId: "sg-web" }),
            sgr("ping", { protocol: "icmp", portRangeMin: undefined, portRangeMax: undefined }),
            snap(networking.SecGroupRule, "out", { direction: "egress", ethertype: "IPv4" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports what an ingress rule leaves open", async () => {
        const f = await run(sgRuleExplicit5tuple, [
            snap(networking.SecGroupRule, "bare", { direction: "ingress", ethertype: "IPv4" }),
            sgr("no-ports", { protocol: "6", portRangeMax: undefined }),
            sgr("no-source", { remoteIpPrefix: undefined }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-sg-rule-explicit-5tuple",
                "bare",
                "ingress rule does not set protocol, portRangeMin/portRangeMax, remoteIpPrefix or remoteGroupId.",
            ],
            ["os-sg-rule-explicit-5tuple", "no-ports", "ingress rule does not set portRangeMin/portRangeMax."],
            ["os-sg-rule-explicit-5tuple", "no-source", "ingress rule does not set remoteIpPrefix or remoteGroupId."],
        ]);
    });
    it("cannot evaluate an unknown protocol", async () => {
        const [f] = await run(sgRuleExplicit5tuple, [sgr("r", { protocol: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-rule-explicit-5tuple", "protocol"),
        });
    });
});

describe("os-sg-egress-restricted", () => {
    const app = group("app-sg");
    const data = group("data-sg", { tier: "data" });
    const web = group("web-sg", { tier: "web" });
    const out = (
        name: string,
        sg: ResourceSnapshot,
        props: Record<string, unknown>,
        deps: Record<string, ResourceSnapshot[]> = {},
    ) =>
        sgr(
            name,
            { direction: "egress", securityGroupId: UNKNOWN, ...props },
            { deps: { securityGroupId: [sg], ...deps } },
        );
    it("passes groups without default rules, narrow app egress, proxy egress and web-tier egress", async () => {
        const f = await run(
            sgEgressRestricted,
            [
                app,
                data,
                web,
                out("app-to-proxy", app, { remoteIpPrefix: "10.30.0.10/32", portRangeMin: 3128, portRangeMax: 3128 }),
                out(
                    "data-to-app",
                    data,
                    { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN },
                    { remoteGroupId: [app] },
                ),
                out("web-out", web, { remoteIpPrefix: "0.0.0.0/0" }),
                // an ingress rule from anywhere is not this rule's business
                sgr(
                    "app-in",
                    { remoteIpPrefix: "0.0.0.0/0", securityGroupId: UNKNOWN },
                    { deps: { securityGroupId: [app] } },
                ),
            ],
            { egressProxyCidrs: ["10.30.0.0/24"] },
        );
        expect(f).toEqual([]);
    });
    it("reports default rules kept and app/data egress to anywhere", async () => {
        const f = await run(sgEgressRestricted, [
            group("lazy-sg", {}, { deleteDefaultRules: undefined }),
            app,
            data,
            out("app-world", app, { remoteIpPrefix: "0.0.0.0/0" }),
            out("data-any", data, { remoteIpPrefix: undefined }),
            out("app-v6", app, { remoteIpPrefix: "::/0", ethertype: "IPv6" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-sg-egress-restricted",
                "lazy-sg",
                "deleteDefaultRules is not true: Neutron's default rules allow all egress.",
            ],
            [
                "os-sg-egress-restricted",
                "app-world",
                "app-tier egress to 0.0.0.0/0: route outbound traffic through the egress proxy.",
            ],
            [
                "os-sg-egress-restricted",
                "data-any",
                "data-tier egress to anywhere: route outbound traffic through the egress proxy.",
            ],
            [
                "os-sg-egress-restricted",
                "app-v6",
                "app-tier egress to ::/0: route outbound traffic through the egress proxy.",
            ],
        ]);
    });
    it("reports app/data egress to a public range, which is the world cut in pieces", async () => {
        const f = await run(sgEgressRestricted, [
            app,
            data,
            out("half-a", app, { remoteIpPrefix: "0.0.0.0/1" }),
            out("half-b", app, { remoteIpPrefix: "128.0.0.0/1" }),
            out("v6-global", app, { remoteIpPrefix: "2000::/3", ethertype: "IPv6" }),
            out("public-24", data, { remoteIpPrefix: "8.8.8.0/24" }),
            out("mapped", app, { remoteIpPrefix: "::ffff:8.8.0.0/112", ethertype: "IPv6" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-sg-egress-restricted",
                "half-a",
                "app-tier egress to the public range 0.0.0.0/1: route outbound traffic through the egress proxy.",
            ],
            [
                "os-sg-egress-restricted",
                "half-b",
                "app-tier egress to the public range 128.0.0.0/1: route outbound traffic through the egress proxy.",
            ],
            [
                "os-sg-egress-restricted",
                "v6-global",
                "app-tier egress to the public range 2000::/3: route outbound traffic through the egress proxy.",
            ],
            [
                "os-sg-egress-restricted",
                "public-24",
                "data-tier egress to the public range 8.8.8.0/24: route outbound traffic through the egress proxy.",
            ],
            [
                "os-sg-egress-restricted",
                "mapped",
                "app-tier egress to the public range 8.8.0.0/16: route outbound traffic through the egress proxy.",
            ],
        ]);
    });
    it("passes egress to one public address, to the proxy's public range, to private, link-local or the stack's own subnets", async () => {
        const own = snap(networking.Subnet, "app-v6-subnet", { cidr: "2001:db8:20::/64", ipVersion: 6 });
        const f = await run(
            sgEgressRestricted,
            [
                app,
                own,
                out("one-host", app, { remoteIpPrefix: "203.0.113.7/32" }),
                out("one-host-v6", app, { remoteIpPrefix: "2001:db8:ff::7/128", ethertype: "IPv6" }),
                out("proxy", app, { remoteIpPrefix: "198.51.100.0/28" }),
                out("private", app, { remoteIpPrefix: "172.16.0.0/12" }),
                out("metadata", app, { remoteIpPrefix: "169.254.0.0/16" }),
                out("ula", app, { remoteIpPrefix: "fd00:20::/48", ethertype: "IPv6" }),
                out("own-zone", app, { remoteIpPrefix: "2001:db8:20::/64", ethertype: "IPv6" }),
            ],
            { egressProxyCidrs: ["198.51.100.0/24"] },
        );
        expect(f).toEqual([]);
    });
    it("decides a remote group through its dependency while the group id is unknown at preview", async () => {
        const f = await run(sgEgressRestricted, [
            app,
            data,
            out("app-to-data", app, { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }, { remoteGroupId: [data] }),
        ]);
        expect(f).toEqual([]);
    });
    it("judges every other rule beside one it cannot decide at preview", async () => {
        const f = await run(sgEgressRestricted, [
            app,
            out("undecided", app, { remoteIpPrefix: UNKNOWN }),
            out("app-world", app, { remoteIpPrefix: "0.0.0.0/0" }),
        ]);
        expect(f.map((x) => [x.resourceName, x.status, x.enforcementLevel])).toEqual([
            ["app-world", "violation", "mandatory"],
            ["undecided", "cannot-evaluate", "advisory"],
        ]);
    });
    it("cannot evaluate an unknown prefix, or an unknown remote group that no dependency explains", async () => {
        const [a] = await run(sgEgressRestricted, [app, out("r", app, { remoteIpPrefix: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "r",
            message: preview("os-sg-egress-restricted", "remoteIpPrefix"),
        });
        const [b] = await run(sgEgressRestricted, [
            app,
            out("r", app, { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-egress-restricted", "remoteGroupId"),
        });
    });
});

describe("os-sg-mgmt-from-bastion-only", () => {
    const bastion = group("bastion-sg", { tier: "mgmt", role: "bastion" });
    const web = group("web-sg", { tier: "web", role: "web" });
    const app = group("app-sg");
    const ssh = (
        name: string,
        sg: ResourceSnapshot,
        props: Record<string, unknown>,
        deps: Record<string, ResourceSnapshot[]> = {},
    ) =>
        sgr(
            name,
            { portRangeMin: 22, portRangeMax: 22, securityGroupId: UNKNOWN, ...props },
            { deps: { securityGroupId: [sg], ...deps } },
        );
    const platformRef = snap(null, "platform", { name: "organization/watercloud/platform" }, { type: STACK_REFERENCE });
    it("passes SSH from the mgmt network, the bastion's admin VPN and non-admin ports from anywhere", async () => {
        const f = await run(
            sgMgmtFromBastionOnly,
            [
                bastion,
                app,
                ssh("app-ssh-mgmt", app, { remoteIpPrefix: "10.0.2.0/24" }),
                ssh("bastion-ssh-vpn", bastion, { remoteIpPrefix: "172.16.5.0/24" }),
                ssh("app-https", app, { portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "0.0.0.0/0" }),
                ssh("app-ssh-out", app, { direction: "egress", remoteIpPrefix: "0.0.0.0/0" }),
            ],
            { adminAccessCidrs: ["172.16.5.0/24"] },
        );
        expect(f).toEqual([]);
    });
    it("passes SSH/RDP from the bastion's group through the dependency, its id unknown at preview", async () => {
        const f = await run(sgMgmtFromBastionOnly, [
            bastion,
            app,
            ssh("app-ssh", app, { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }, { remoteGroupId: [bastion] }),
            ssh(
                "app-rdp",
                app,
                { portRangeMin: 3389, portRangeMax: 3389, remoteIpPrefix: undefined, remoteGroupId: "bastion-sg-id" },
                { remoteGroupId: [bastion] },
            ),
        ]);
        expect(f).toEqual([]);
    });
    it("passes SSH from the platform stack's bastion group through the StackReference, by either name", async () => {
        const short = snap(null, "plat", { name: "platform" }, { type: STACK_REFERENCE });
        const f = await run(sgMgmtFromBastionOnly, [
            platformRef,
            short,
            app,
            ssh(
                "app-ssh",
                app,
                { remoteIpPrefix: undefined, remoteGroupId: "sg-platform-bastion" },
                { remoteGroupId: [platformRef] },
            ),
            ssh(
                "app-ssh2",
                app,
                { remoteIpPrefix: undefined, remoteGroupId: "sg-platform-bastion" },
                { remoteGroupId: [short] },
            ),
        ]);
        expect(f).toEqual([]);
    });
    it("reports SSH/RDP from outside the mgmt network, from anywhere and from other groups or stacks", async () => {
        const other = snap(null, "other", { name: "organization/watercloud/river-ops" }, { type: STACK_REFERENCE });
        const f = await run(
            sgMgmtFromBastionOnly,
            [
                bastion,
                web,
                app,
                other,
                ssh("app-ssh-lan", app, { remoteIpPrefix: "192.168.0.0/24" }),
                ssh("app-ssh-vpn", app, { remoteIpPrefix: "172.16.5.0/24" }), // the admin VPN reaches the bastion only
                ssh("app-rdp-any", app, {
                    protocol: "tcp",
                    portRangeMin: 3389,
                    portRangeMax: 3389,
                    remoteIpPrefix: undefined,
                }),
                ssh(
                    "app-ssh-web",
                    app,
                    { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN },
                    { remoteGroupId: [web] },
                ),
                ssh(
                    "app-ssh-other",
                    app,
                    { remoteIpPrefix: undefined, remoteGroupId: "sg-x" },
                    { remoteGroupId: [other] },
                ),
                ssh("app-ssh-literal", app, { remoteIpPrefix: undefined, remoteGroupId: "sg-bastion-id" }),
            ],
            { adminAccessCidrs: ["172.16.5.0/24"] },
        );
        const notBastion = "SSH/RDP from a security group that is not the bastion's.";
        expect(brief(f)).toEqual([
            [
                "os-sg-mgmt-from-bastion-only",
                "app-ssh-lan",
                "SSH/RDP from 192.168.0.0/24, outside the mgmt network 10.0.0.0/20.",
            ],
            [
                "os-sg-mgmt-from-bastion-only",
                "app-ssh-vpn",
                "SSH/RDP from 172.16.5.0/24, outside the mgmt network 10.0.0.0/20.",
            ],
            ["os-sg-mgmt-from-bastion-only", "app-rdp-any", "SSH/RDP from any source."],
            ["os-sg-mgmt-from-bastion-only", "app-ssh-web", notBastion],
            ["os-sg-mgmt-from-bastion-only", "app-ssh-other", notBastion],
            ["os-sg-mgmt-from-bastion-only", "app-ssh-literal", notBastion],
        ]);
    });
    it("cannot evaluate an unknown prefix, or an unknown remote group without a dependency", async () => {
        const [a] = await run(sgMgmtFromBastionOnly, [app, ssh("r", app, { remoteIpPrefix: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-mgmt-from-bastion-only", "remoteIpPrefix"),
        });
        const [b] = await run(sgMgmtFromBastionOnly, [
            app,
            ssh("r", app, { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }),
        ]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-sg-mgmt-from-bastion-only", "remoteGroupId"),
        });
    });
    it("at a first preview decides by the end the program set, while the provider's computed other end is unknown", async () => {
        const f = await run(sgMgmtFromBastionOnly, [
            bastion,
            web,
            app,
            ssh("mgmt", app, { remoteIpPrefix: "10.0.0.0/24", remoteGroupId: UNKNOWN }),
            ssh("world", app, { remoteIpPrefix: "0.0.0.0/0", remoteGroupId: UNKNOWN }),
            ssh("via-bastion", app, { remoteIpPrefix: UNKNOWN, remoteGroupId: UNKNOWN }, { remoteGroupId: [bastion] }),
            ssh("via-web", app, { remoteIpPrefix: UNKNOWN, remoteGroupId: UNKNOWN }, { remoteGroupId: [web] }),
            ssh("literal", app, { remoteIpPrefix: UNKNOWN, remoteGroupId: "sg-elsewhere" }),
        ]);
        expect(brief(f)).toEqual([
            ["os-sg-mgmt-from-bastion-only", "world", "SSH/RDP from 0.0.0.0/0, outside the mgmt network 10.0.0.0/20."],
            ["os-sg-mgmt-from-bastion-only", "via-web", "SSH/RDP from a security group that is not the bastion's."],
            ["os-sg-mgmt-from-bastion-only", "literal", "SSH/RDP from a security group that is not the bastion's."],
        ]);
    });
});

describe("os-sg-rule-justified", () => {
    const app = group("app-sg");
    const web = group("web-sg", { tier: "web" });
    const data = group("data-sg", { tier: "data" });
    const inApp = (name: string, props: Record<string, unknown> = {}, deps: Record<string, ResourceSnapshot[]> = {}) =>
        sgr(name, { securityGroupId: UNKNOWN, ...props }, { deps: { securityGroupId: [app], ...deps } });
    it("passes described, distinct rules", async () => {
        const f = await run(sgRuleJustified, [app, inApp("a"), inApp("b", { portRangeMin: 8443, portRangeMax: 8443 })]);
        expect(f).toEqual([]);
    });
    it("reports a missing description, a duplicate and an oversized group", async () => {
        const f = await run(
            sgRuleJustified,
            [app, inApp("a"), inApp("b", { description: "" }), inApp("c", { portRangeMin: 8443, portRangeMax: 8443 })],
            { maxRulesPerGroup: 2 },
        );
        expect(brief(f)).toEqual([
            ["os-sg-rule-justified", "b", "the rule has no description saying why it exists."],
            ["os-sg-rule-justified", "b", "the rule duplicates a."],
            ["os-sg-rule-justified", "app-sg", "the group has 3 rules (at most 2)."],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("counts duplicates per group, also for groups known only by id", async () => {
        const f = await run(sgRuleJustified, [
            app,
            web,
            inApp("a"),
            sgr("w", { securityGroupId: UNKNOWN }, { deps: { securityGroupId: [web] } }),
            sgr("x1", { securityGroupId: "sg-outside" }),
            sgr("x2", { securityGroupId: "sg-outside" }),
        ]);
        expect(brief(f)).toEqual([["os-sg-rule-justified", "x2", "the rule duplicates x1."]]);
    });
    it("compares remote groups through their dependencies while their ids are unknown at preview", async () => {
        const f = await run(sgRuleJustified, [
            app,
            web,
            data,
            inApp("from-web", { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }, { remoteGroupId: [web] }),
            inApp("from-data", { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }, { remoteGroupId: [data] }),
            inApp("from-web-again", { remoteIpPrefix: undefined, remoteGroupId: UNKNOWN }, { remoteGroupId: [web] }),
        ]);
        expect(brief(f)).toEqual([["os-sg-rule-justified", "from-web-again", "the rule duplicates from-web."]]);
    });
    it("cannot evaluate an unknown description", async () => {
        const [f] = await run(sgRuleJustified, [app, inApp("a", { description: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview("os-sg-rule-justified", "description") });
    });
});

describe("os-fip-allowed-targets", () => {
    const lb = snap(loadbalancer.LoadBalancer, "lb", { vipSubnetId: "web-subnet-id" });
    const bastionVm = snap(compute.Instance, "bastion", { tags: tags({ tier: "mgmt", role: "bastion" }) });
    const bastionPort = snap(networking.Port, "bastion-port", { tags: tags({ tier: "mgmt", role: "bastion" }) });
    const appPort = snap(networking.Port, "app-port", { tags: tags() });
    const appVm = snap(
        compute.Instance,
        "app-vm",
        { tags: tags(), networks: [{ port: UNKNOWN }] },
        { deps: { networks: [appPort] } },
    );
    const fip = (name: string, portId: unknown, to: ResourceSnapshot[] = []) =>
        snap(
            networking.FloatingIp,
            name,
            { pool: "provider-public", portId },
            { deps: to.length ? { portId: to } : {} },
        );
    it("passes a FIP on a load-balancer VIP (its port id unknown at preview) and an unattached FIP", async () => {
        expect(await run(fipAllowedTargets, [lb, fip("vip-fip", UNKNOWN, [lb]), fip("spare", undefined)])).toEqual([]);
    });
    it("passes a FIP on a port created first and handed to the load balancer as vipPortId", async () => {
        const vipPort = snap(networking.Port, "vip-port", { tags: tags({ tier: "web" }) });
        const portLb = snap(
            loadbalancer.LoadBalancer,
            "lb2",
            { vipPortId: UNKNOWN },
            { deps: { vipPortId: [vipPort] } },
        );
        const assoc = snap(
            networking.FloatingIpAssociate,
            "assoc",
            { floatingIp: "203.0.113.7", portId: UNKNOWN },
            { deps: { portId: [vipPort] } },
        );
        expect(await run(fipAllowedTargets, [vipPort, portLb, fip("vip-fip", UNKNOWN, [vipPort]), assoc])).toEqual([]);
    });
    it("lets the platform stack give the bastion a FIP, by port or by instance", async () => {
        const bastionHostPort = snap(networking.Port, "bastion-nic", { tags: tags({ tier: "mgmt" }) });
        const host = snap(
            compute.Instance,
            "bastion-host",
            { tags: tags({ tier: "mgmt", role: "bastion" }), networks: [{ port: UNKNOWN }] },
            { deps: { networks: [bastionHostPort] } },
        );
        const f = await run(
            fipAllowedTargets,
            [
                bastionPort,
                bastionVm,
                bastionHostPort,
                host,
                fip("bastion-fip", UNKNOWN, [bastionPort]),
                fip("host-fip", UNKNOWN, [bastionHostPort]),
                snap(
                    compute.FloatingIpAssociate,
                    "assoc",
                    { floatingIp: "203.0.113.8", instanceId: UNKNOWN },
                    { deps: { instanceId: [bastionVm] } },
                ),
            ],
            { stackRole: "platform" },
        );
        expect(f).toEqual([]);
    });
    it("reports FIPs on app ports and instances, on a tenant's bastion, and on ids from outside the stack", async () => {
        const f = await run(fipAllowedTargets, [
            appPort,
            appVm,
            bastionPort,
            fip("app-fip", UNKNOWN, [appPort]),
            fip("bastion-fip", UNKNOWN, [bastionPort]),
            fip("literal-fip", "port-123"),
            snap(
                compute.FloatingIpAssociate,
                "vm-assoc",
                { floatingIp: "203.0.113.9", instanceId: UNKNOWN },
                { deps: { instanceId: [appVm] } },
            ),
            snap(networking.FloatingIpAssociate, "net-assoc", { floatingIp: "203.0.113.10", portId: "port-456" }),
        ]);
        const tail = "; only load-balancer VIPs may be public.";
        expect(brief(f)).toEqual([
            [
                "os-fip-allowed-targets",
                "app-fip",
                `the floating IP is attached to port app-port of instance app-vm${tail}`,
            ],
            [
                "os-fip-allowed-targets",
                "bastion-fip",
                `the floating IP is attached to the bastion (only the platform stack owns the bastion's floating IP)${tail}`,
            ],
            [
                "os-fip-allowed-targets",
                "literal-fip",
                `the floating IP is attached to a resource outside this stack${tail}`,
            ],
            [
                "os-fip-allowed-targets",
                "net-assoc",
                `the floating IP is attached to a resource outside this stack${tail}`,
            ],
            ["os-fip-allowed-targets", "vm-assoc", `the floating IP is attached to instance app-vm${tail}`],
        ]);
    });
    it("cannot evaluate an unknown portId that no dependency explains, or unknown port labels: on that FIP, advisory", async () => {
        const [a] = await run(fipAllowedTargets, [fip("f", UNKNOWN)]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            enforcementLevel: "advisory",
            resourceName: "f",
            message: preview("os-fip-allowed-targets", "portId"),
        });
        const port = snap(networking.Port, "p", { tags: UNKNOWN });
        const [b] = await run(fipAllowedTargets, [port, fip("f", UNKNOWN, [port])]);
        expect(b).toMatchObject({
            status: "cannot-evaluate",
            resourceName: "f",
            message: preview("os-fip-allowed-targets", "tags"),
        });
    });
    it("judges every other FIP while one allocated without a port is unknown at preview", async () => {
        const f = await run(fipAllowedTargets, [
            lb,
            appPort,
            fip("spare", UNKNOWN),
            fip("app-fip", UNKNOWN, [appPort]),
            fip("vip-fip", UNKNOWN, [lb]),
        ]);
        expect(f.map((x) => [x.resourceName, x.status, x.enforcementLevel])).toEqual([
            ["app-fip", "violation", "mandatory"],
            ["spare", "cannot-evaluate", "advisory"],
        ]);
    });
});

describe("os-sg-described", () => {
    it("passes described groups, Neutron's and Nova's", async () => {
        expect(
            await run(sgDescribed, [
                group("web-sg", {}, { description: "web tier: 443 from anywhere" }),
                snap(compute.SecGroup, "nova", { description: "legacy" }),
            ]),
        ).toEqual([]);
    });
    it("reports a group without a description, or a blank one, as advisory", async () => {
        const f = await run(sgDescribed, [group("bare"), group("blank", {}, { description: "  " })]);
        expect(brief(f)).toEqual([
            ["os-sg-described", "bare", "the security group has no description saying what it is for."],
            ["os-sg-described", "blank", "the security group has no description saying what it is for."],
        ]);
        expect(f.map((x) => x.enforcementLevel)).toEqual(["advisory", "advisory"]);
    });
});

describe("os-fwaas-rule-restricted", () => {
    const rule = "os-fwaas-rule-restricted";
    const fw = (name: string, props: Record<string, unknown>, cls: unknown = firewall.RuleV2) =>
        snap(cls, name, { action: "allow", protocol: "tcp", ...props });
    it("passes exact internal rules, public sources to service ports, deny rules and disabled rules", async () => {
        const f = await run(fwaasRuleRestricted, [
            fw("ssh-mgmt", {
                sourceIpAddress: "10.0.0.0/20",
                destinationIpAddress: "10.20.4.0/24",
                destinationPort: "22",
            }),
            fw("https-in", {
                sourceIpAddress: "0.0.0.0/1",
                destinationIpAddress: "10.20.1.10",
                destinationPort: "443",
            }),
            fw(
                "v1",
                { sourceIpAddress: "10.10.10.2", destinationIpAddress: "10.10.10.1", destinationPort: "22" },
                firewall.Rule,
            ),
            fw("deny-all", { action: "deny" }),
            fw("off", { enabled: false }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports any-to-any, a missing or unspecified end, and public sources on risky ports", async () => {
        const f = await run(fwaasRuleRestricted, [
            fw("any-any", {}),
            fw("no-dest", { sourceIpAddress: "10.10.10.2", destinationPort: "22" }),
            fw("zero-dest", { sourceIpAddress: "10.10.10.2", destinationIpAddress: "0.0.0.0" }),
            fw("v6-world", {
                sourceIpAddress: "::/0",
                destinationIpAddress: "fd00::10",
                destinationPort: "443",
                ipVersion: 6,
            }),
            fw("public-db", {
                sourceIpAddress: "203.0.113.0/24",
                destinationIpAddress: "10.20.3.10",
                destinationPort: "5000:5500",
            }),
        ]);
        expect(brief(f)).toEqual([
            [rule, "any-any", "the allow rule admits traffic from any address to any address."],
            [
                rule,
                "no-dest",
                "the allow rule sets no destination (or the whole address space): it admits traffic to every host behind the firewall.",
            ],
            [
                rule,
                "zero-dest",
                "the allow rule sets no destination (or the whole address space): it admits traffic to every host behind the firewall.",
            ],
            [
                rule,
                "v6-world",
                "the allow rule sets no source (or the whole address space): every address on the other side may use it.",
            ],
            [
                rule,
                "public-db",
                "the allow rule lets 203.0.113.0/24 (public) reach port(s) 5236, 5432, 5433: administration, data and high-risk services stay behind the border.",
            ],
        ]);
    });
    it("cannot evaluate an unknown destination", async () => {
        const [f] = await run(fwaasRuleRestricted, [
            fw("r", { sourceIpAddress: "10.0.0.1", destinationIpAddress: UNKNOWN }),
        ]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview(rule, "destinationIpAddress") });
    });
});
