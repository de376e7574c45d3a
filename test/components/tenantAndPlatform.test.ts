import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { TenantProject } from "../../components/tenant/project";
import { AuditLogSink, Bastion, ManagementNetwork } from "../../components/platform";
import { HostGroup } from "../../components/compute/hostGroup";
import {
    ED25519_KEY,
    PLATFORM,
    childSet,
    find,
    floodControlContext,
    installMocks,
    ofType,
    resetRegistry,
    settle,
    unwrap,
} from "./harness";

const auth = {
    authUrl: "https://keystone.cn-east-1.example:5000/v3",
    region: "cn-east-1",
    userName: "platform-deployer",
    userDomainName: "Default",
    password: pulumi.secret("deployer-pw"),
};
const quota = { instances: 20, cores: 80, ramGb: 160, volumeGb: 2000 };
const deployerUserId = "deployer-user-id";

describe("TenantProject", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates project, four bounded quotas, three groups with disjoint roles and a project-scoped provider", async () => {
        const tp = new TenantProject("fc", { tenant: "flood-control", owner: "flood-it", quota, auth, deployerUserId });
        await settle();
        expect(childSet()).toEqual(
            [
                "openstack:identity/project:Project::fc-project",
                "openstack:compute/quotaSetV2:QuotaSetV2::fc-compute-quota",
                "openstack:networking/quotaV2:QuotaV2::fc-network-quota",
                "openstack:blockstorage/quoteSetV3:QuoteSetV3::fc-volume-quota",
                "openstack:loadbalancer/quota:Quota::fc-lb-quota",
                "openstack:identity/groupV3:GroupV3::fc-sysadmin",
                "openstack:identity/groupV3:GroupV3::fc-secadmin",
                "openstack:identity/groupV3:GroupV3::fc-auditor",
                "openstack:identity/roleAssignment:RoleAssignment::fc-sysadmin-member",
                "openstack:identity/roleAssignment:RoleAssignment::fc-secadmin-creator",
                "openstack:identity/roleAssignment:RoleAssignment::fc-auditor-reader",
                "openstack:identity/roleAssignment:RoleAssignment::fc-deployer-creator",
                "openstack:identity/roleAssignment:RoleAssignment::fc-deployer-load-balancer_member",
                "openstack:identity/roleAssignment:RoleAssignment::fc-deployer-member",
                "pulumi:providers:openstack::fc-provider",
            ].sort(),
        );
        for (const q of ofType("openstack:compute/quotaSetV2:QuotaSetV2").concat(
            ofType("openstack:networking/quotaV2:QuotaV2"),
            ofType("openstack:blockstorage/quoteSetV3:QuoteSetV3"),
            ofType("openstack:loadbalancer/quota:Quota"),
        )) {
            for (const [k, v] of Object.entries(q.inputs))
                if (typeof v === "number") expect(v, k).toBeGreaterThanOrEqual(0);
        }
        expect(find("openstack:compute/quotaSetV2:QuotaSetV2", "fc-compute-quota").inputs).toMatchObject({
            instances: 20,
            cores: 80,
            ram: 163840,
        });
        expect(find("openstack:identity/groupV3:GroupV3", "fc-auditor").inputs.name).toBe("flood-control-auditor");
        expect(find("openstack:identity/roleAssignment:RoleAssignment", "fc-auditor-reader").inputs).toMatchObject({
            roleId: "role-reader",
            projectId: "fc-project-id",
            groupId: "fc-auditor-id",
        });
        expect(find("openstack:identity/project:Project", "fc-project").inputs).toMatchObject({
            name: "flood-control",
            domainId: "default",
        });
        for (const role of ["creator", "load-balancer_member", "member"]) {
            expect(find("openstack:identity/roleAssignment:RoleAssignment", `fc-deployer-${role}`).inputs).toEqual({
                userId: "deployer-user-id",
                projectId: "fc-project-id",
                roleId: `role-${role}`,
            });
        }
        // Scoped by what a first preview already knows: the project's name and domain. No cloud entry, no project
        // id (either would let clouds.yaml or OS_PROJECT_* decide the project, see stacks/deployerIdentity.ts).
        const prov = find("pulumi:providers:openstack", "fc-provider").inputs;
        const { password, ...plain } = prov;
        expect(plain).toEqual({
            authUrl: "https://keystone.cn-east-1.example:5000/v3",
            region: "cn-east-1",
            userName: "platform-deployer",
            userDomainName: "Default",
            tenantName: "flood-control",
            projectDomainId: "default",
            insecure: "false",
        });
        // Credentials reach the engine as secret values, never plain strings.
        expect(password).toHaveProperty("value", "deployer-pw");
        expect(typeof password).toBe("object");
        expect(await unwrap(tp.projectId)).toBe("fc-project-id");
    });

    it("passes the tenant provider to children of tenant components", async () => {
        const tp = new TenantProject("fc", { tenant: "flood-control", owner: "flood-it", quota, auth, deployerUserId });
        new HostGroup(
            "portal-app",
            { context: floodControlContext(), tier: "app", count: 1, flavor: "m1.small" },
            { providers: [tp.provider] },
        );
        await settle();
        const vm = find("openstack:compute/instance:Instance", "portal-app-1");
        expect(vm.provider).toMatch(
            /^urn:pulumi:test::watercloud::watercloud:tenant:TenantProject\$pulumi:providers:openstack::fc-provider::/,
        );
    });

    it.each([
        [
            { quota: { ...quota, cores: -1 } },
            'TenantProject "fc": quota.cores must be an integer from 1 to 2147483647, got -1',
        ],
        [
            { adminRoles: { sysadmin: ["admin"], secadmin: ["creator"], auditor: ["reader"] } },
            'TenantProject "fc": adminRoles.sysadmin must not contain "admin" (forbidden: admin, cloud-admin, service)',
        ],
        [
            { adminRoles: { sysadmin: ["member"], secadmin: ["member"], auditor: ["reader"] } },
            'TenantProject "fc": adminRoles must be disjoint: "member" is given to both sysadmin and secadmin',
        ],
        [
            { auth: { ...auth, userName: "" } },
            'TenantProject "fc": auth needs an authUrl and a userName (the deployer identity the tenant provider scopes to the project)',
        ],
        [
            { auth: { ...auth, userDomainId: "default" } },
            'TenantProject "fc": auth needs exactly one of userDomainName and userDomainId',
        ],
        [
            { deployerRoles: ["member", "Admin"] },
            'TenantProject "fc": deployerRoles must not contain "Admin" (forbidden: admin, cloud-admin, service)',
        ],
    ])("rejects %o", (bad, message) => {
        expect(
            () =>
                new TenantProject("fc", {
                    tenant: "flood-control",
                    owner: "flood-it",
                    quota,
                    auth,
                    deployerUserId,
                    ...(bad as object),
                }),
        ).toThrow(message);
    });
});

describe("platform pieces", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("ManagementNetwork: network, subnet, SNAT-less edge router and interface", async () => {
        new ManagementNetwork("mgmt", { owner: "platform-team", cidr: "10.0.0.0/20", externalNetworkId: "ext-net-id" });
        await settle();
        expect(childSet()).toEqual(
            [
                "openstack:networking/network:Network::mgmt-net",
                "openstack:networking/subnet:Subnet::mgmt-subnet",
                "openstack:networking/router:Router::mgmt-router",
                "openstack:networking/routerInterface:RouterInterface::mgmt-router-mgmt",
            ].sort(),
        );
        expect(find("openstack:networking/router:Router", "mgmt-router").inputs).toMatchObject({
            enableSnat: false,
            externalNetworkId: "ext-net-id",
        });
    });

    it("Bastion: SSH only from admin ranges, FIP on its port, role=bastion tier=mgmt, session recording", async () => {
        const routerInterface = new pulumi.ComponentResource("test:index:RouterInterface", "mgmt-router-mgmt");
        const b = new Bastion("bastion", {
            owner: "platform-team",
            networkId: "mgmt-net",
            subnetId: "mgmt-subnet",
            routerInterface,
            adminCidrs: ["192.0.2.0/24"],
            flavor: "m1.small",
            sshPublicKey: ED25519_KEY,
            platform: PLATFORM,
        });
        await settle();
        const ingress = ofType("openstack:networking/secGroupRule:SecGroupRule").filter(
            (r) => r.inputs.direction === "ingress",
        );
        expect(ingress.map((r) => [r.name, r.inputs.portRangeMin, r.inputs.remoteIpPrefix])).toEqual([
            ["bastion-in-22-192-0-2-0-24", 22, "192.0.2.0/24"],
        ]);
        const vm = find("openstack:compute/instance:Instance", "bastion-1").inputs;
        expect(vm.metadata).toMatchObject({ role: "bastion", tier: "mgmt", hids: "true" });
        expect(vm.adminPass).toBeUndefined();
        expect(vm.userData).toContain("with-tlog");
        expect(find("openstack:networking/floatingIp:FloatingIp", "bastion-fip").inputs).toMatchObject({
            pool: "provider-public",
            portId: "bastion-1-port-id",
        });
        expect(await unwrap(b.address)).toBe("203.0.113.10");
        expect(
            () =>
                new Bastion("b2", {
                    owner: "x",
                    networkId: "n",
                    subnetId: "s",
                    routerInterface,
                    adminCidrs: ["0.0.0.0/0"],
                    flavor: "m1.small",
                    sshPublicKey: ED25519_KEY,
                    platform: PLATFORM,
                }),
        ).toThrow('Bastion "b2": adminCidrs "0.0.0.0/0" is too wide (at most a /8)');
    });

    it("AuditLogSink: versioned, write-only for named projects, no read ACL, retention >= 180 days", async () => {
        new AuditLogSink("audit", { owner: "platform-team", writerProjectIds: ["p2", "p1"], platform: PLATFORM });
        await settle();
        const c = find("openstack:objectstorage/container:Container", "audit-container").inputs;
        expect(c).toMatchObject({
            name: "platform-audit",
            versioning: true,
            storagePolicy: "cn-3replica",
            containerWrite: "p1:*,p2:*",
        });
        expect(c.containerRead).toBeUndefined();
        expect(c.metadata).toMatchObject({ role: "audit-sink", "retention-days": "180" });
        expect(
            () => new AuditLogSink("a2", { owner: "x", writerProjectIds: [], retentionDays: 90, platform: PLATFORM }),
        ).toThrow('AuditLogSink "a2": retentionDays must be an integer from 180 to 3650, got 90');
    });
});
