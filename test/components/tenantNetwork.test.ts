import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as openstack from "@pulumi/openstack";
import { TenantNetwork } from "../../components/network/tenantNetwork";
import { PLATFORM, childSet, find, installMocks, ofType, resetRegistry, settle, unwrap } from "./harness";

const RULE = "openstack:networking/secGroupRule:SecGroupRule";
// The admin provider the tenant program passes for the router (Neutron lets only an admin turn SNAT off).
const admin = new openstack.Provider("site-admin", {});
const args = {
    tenant: "flood-control",
    owner: "flood-it",
    cidr: "10.20.0.0/16",
    platform: PLATFORM,
    siteAdmin: { provider: admin, projectId: "fc-project-id" },
};

describe("TenantNetwork", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates the network, four zone subnets, the edge router with three interfaces and four SGs", async () => {
        const net = new TenantNetwork("fc", args);
        await settle();
        expect(childSet((r) => r.type !== RULE)).toEqual(
            [
                "openstack:networking/network:Network::fc-net",
                ...["web", "app", "data", "mgmt"].map((z) => `openstack:networking/subnet:Subnet::fc-${z}`),
                "openstack:networking/router:Router::fc-edge",
                "openstack:networking/rbacPolicyV2:RbacPolicyV2::fc-bastion-sg-share",
                ...["web", "app", "mgmt"].map(
                    (z) => `openstack:networking/routerInterface:RouterInterface::fc-edge-${z}`,
                ),
                ...["web", "app", "data", "mgmt"].map((z) => `openstack:networking/secGroup:SecGroup::fc-${z}-sg`),
            ].sort(),
        );
        expect(find("openstack:networking/network:Network", "fc-net").inputs).toMatchObject({
            portSecurityEnabled: true,
            shared: false,
            external: false,
        });
        expect(net.subnets.web.cidr).toBe("10.20.0.0/18");
        expect(net.subnets.app.cidr).toBe("10.20.64.0/18");
        expect(net.subnets.data.cidr).toBe("10.20.128.0/18");
        expect(net.subnets.mgmt.cidr).toBe("10.20.192.0/18");
        expect(find("openstack:networking/subnet:Subnet", "fc-data").inputs).toMatchObject({
            cidr: "10.20.128.0/18",
            gatewayIp: "10.20.128.1",
            ipVersion: 4,
        });
        const routerRes = find("openstack:networking/router:Router", "fc-edge");
        const router = routerRes.inputs;
        expect(router).toMatchObject({ externalNetworkId: "ext-net-id", enableSnat: false, tenantId: "fc-project-id" });
        // Neutron refuses enable_snat from a tenant-scoped token (403 PolicyNotAuthorized): the admin provider makes it.
        expect(routerRes.provider).toMatch(/::site-admin::/);
        // The tenant's SSH rules name the platform's bastion group: Neutron needs it shared with the project (RBAC).
        const share = find("openstack:networking/rbacPolicyV2:RbacPolicyV2", "fc-bastion-sg-share");
        expect(share.inputs).toEqual({
            action: "access_as_shared",
            objectType: "security_group",
            objectId: PLATFORM.bastionSecurityGroupId,
            targetTenant: "fc-project-id",
        });
        expect(share.provider).toMatch(/::site-admin::/);
        expect(router.tags).toContain("tier=edge");
        const ifaces = ofType("openstack:networking/routerInterface:RouterInterface")
            .map((r) => r.inputs.subnetId)
            .sort();
        expect(ifaces).toEqual(["fc-app-id", "fc-mgmt-id", "fc-web-id"]);
        for (const z of ["web", "app", "data", "mgmt"]) {
            expect(find("openstack:networking/secGroup:SecGroup", `fc-${z}-sg`).inputs.deleteDefaultRules).toBe(true);
        }
        expect(await unwrap(net.securityGroupIds.data)).toBe("fc-data-sg-id");
    });

    it("opens only explicit, described rules; SSH only from the bastion; no 0.0.0.0/0 anywhere", async () => {
        new TenantNetwork("fc", args);
        await settle();
        const rules = ofType(RULE);
        for (const r of rules) {
            expect(r.inputs.description).toBeTruthy();
            expect(r.inputs.protocol).toMatch(/^(tcp|udp)$/);
            expect(r.inputs.portRangeMin).toBeGreaterThanOrEqual(0);
            expect(r.inputs.remoteIpPrefix ?? r.inputs.remoteGroupId).toBeTruthy();
            expect(r.inputs.remoteIpPrefix).not.toBe("0.0.0.0/0");
            expect(r.inputs.ethertype).toBe("IPv4");
        }
        const ingress = rules
            .filter((r) => r.inputs.direction === "ingress")
            .map((r) => {
                const i = r.inputs;
                return `${r.name} ${i.protocol}/${i.portRangeMin}-${i.portRangeMax} from ${i.remoteIpPrefix ?? i.remoteGroupId}`;
            });
        expect(ingress.sort()).toEqual(
            [
                "fc-web-in-443-from-lb tcp/443-443 from 10.20.0.0/18",
                "fc-web-in-80-from-lb tcp/80-80 from 10.20.0.0/18",
                "fc-app-in-8080-from-web tcp/8080-8080 from fc-web-sg-id",
                "fc-data-in-3306-from-app tcp/3306-3306 from fc-app-sg-id",
                "fc-data-in-5432-from-app tcp/5432-5432 from fc-app-sg-id",
                "fc-data-in-6379-from-app tcp/6379-6379 from fc-app-sg-id",
                ...["web", "app", "data", "mgmt"].map((z) => `fc-${z}-in-22-from-bastion tcp/22-22 from bastion-sg-id`),
                ...["web", "app", "data", "mgmt"].map(
                    (z) => `fc-${z}-in-9100-from-mgmt tcp/9100-9100 from 10.0.0.0/20`,
                ),
            ].sort(),
        );
        const egressOf = (zone: string) =>
            rules
                .filter((r) => r.inputs.direction === "egress" && r.name.startsWith(`fc-${zone}-`))
                .map(
                    (r) =>
                        `${r.inputs.protocol}/${r.inputs.portRangeMin}-${r.inputs.portRangeMax} to ${r.inputs.remoteIpPrefix}`,
                )
                .sort();
        expect(egressOf("data")).toEqual(
            [
                "tcp/6514-6514 to 10.0.0.0/20",
                "udp/123-123 to 10.0.0.0/20",
                "tcp/443-443 to 10.0.0.0/20",
                "tcp/0-0 to 10.20.0.0/16",
            ].sort(),
        );
        expect(egressOf("app")).toEqual(
            [
                "tcp/6514-6514 to 10.0.0.0/20",
                "udp/123-123 to 10.0.0.0/20",
                "tcp/443-443 to 10.0.0.0/20",
                "tcp/0-0 to 10.20.0.0/16",
                "tcp/5432-5432 to 10.1.0.0/20",
                "tcp/3306-3306 to 10.1.0.0/20",
                "tcp/6380-6380 to 10.1.0.0/20",
            ].sort(),
        );
    });

    it("sends the whole tcp range as Neutron stores it (0/0), so a read-back finds no diff", async () => {
        new TenantNetwork("fc", args);
        await settle();
        const wide = ofType(RULE).filter((r) => r.name.endsWith("-out-tcp-tenant"));
        expect(wide.map((r) => r.name).sort()).toEqual(
            ["web", "app", "data", "mgmt"].map((z) => `fc-${z}-out-tcp-tenant`).sort(),
        );
        for (const r of wide)
            expect(r.inputs).toMatchObject({
                protocol: "tcp",
                portRangeMin: 0,
                portRangeMax: 0,
                remoteIpPrefix: "10.20.0.0/16",
            });
        // Neutron keeps 1-65535 as no range and the provider reads back 0: no rule may send that pair.
        expect(ofType(RULE).filter((r) => r.inputs.portRangeMin === 1 && r.inputs.portRangeMax === 65535)).toEqual([]);
    });

    it("names rules from ports, so reordering appPorts changes nothing", async () => {
        new TenantNetwork("fc", { ...args, appPorts: [9000, 8080] });
        await settle();
        const first = childSet();
        resetRegistry();
        new TenantNetwork("fc", { ...args, appPorts: [8080, 9000] });
        await settle();
        expect(childSet()).toEqual(first);
        expect(first).toContain(`${RULE}::fc-app-in-9000-from-web`);
    });

    it.each([
        ["10.20.0.0", 'TenantNetwork "fc": cidr "10.20.0.0" must be an IPv4 CIDR block such as 10.20.0.0/16'],
        [
            "10.20.1.0/16",
            'TenantNetwork "fc": cidr "10.20.1.0/16" has host bits set (the network address is 10.20.0.0/16)',
        ],
        [
            "10.20.0.0/25",
            'TenantNetwork "fc": cidr "10.20.0.0/25" is too small: the four network zones need a /24 or larger',
        ],
        ["10.0.0.0/16", 'TenantNetwork "fc": cidr "10.0.0.0/16" overlaps the management CIDR 10.0.0.0/20'],
        ["10.1.0.0/24", 'TenantNetwork "fc": cidr "10.1.0.0/24" overlaps the platform data CIDR 10.1.0.0/20'],
    ])("rejects cidr %s", (cidr, message) => {
        expect(() => new TenantNetwork("fc", { ...args, cidr })).toThrow(message);
    });
});
