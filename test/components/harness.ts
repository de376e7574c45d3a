import * as pulumi from "@pulumi/pulumi";
import type { PlatformOutputs } from "../../model";
import { buildTenantContext, TenantContext } from "../../components/tenant/context";

/**
 * Pulumi mocks for component tests: records every registered resource (custom and component) with its inputs,
 * echoes inputs as state, and fills in the computed outputs components read (port fixed IPs, LB VIP, Trove
 * addresses, FIP address) so that derived outputs resolve.
 */
export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly custom: boolean;
    readonly provider?: string;
}

export const registered: Registered[] = [];
let portCounter = 0;

function computed(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    switch (type) {
        case "openstack:networking/port:Port":
            portCounter += 1;
            return { allFixedIps: [`10.99.${Math.floor(portCounter / 250)}.${(portCounter % 250) + 2}`] };
        case "openstack:loadbalancer/loadBalancer:LoadBalancer":
            return { vipAddress: "10.20.0.50", vipPortId: `${name}-vip-port` };
        case "openstack:networking/floatingIp:FloatingIp":
            return { address: "203.0.113.10" };
        case "openstack:database/instance:Instance":
            return { addresses: ["10.1.0.30"] };
        case "openstack:keymanager/secretV1:SecretV1":
            return { secretRef: `https://barbican.example/v1/secrets/${name}` };
        case "random:index/randomPassword:RandomPassword":
            return { result: `Mock-${name}-Pw_0123456789abcdefXYZ` };
        case "openstack:compute/keypair:Keypair":
            return { name: inputs.name ?? name };
        default:
            return {};
    }
}

export async function installMocks(): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs,
                    custom: args.custom ?? true,
                    provider: args.provider,
                });
                return {
                    id: `${args.name}-id`,
                    state: { ...args.inputs, ...computed(args.type, args.name, args.inputs) },
                };
            },
            call(args) {
                if (args.token === "openstack:identity/getRole:getRole")
                    return { ...args.inputs, id: `role-${args.inputs.name}` };
                if (args.token === "openstack:identity/getAuthScope:getAuthScope")
                    return { ...args.inputs, id: args.inputs.name, userId: "deployer-user-id" };
                return args.inputs;
            },
        },
        "watercloud",
        "test",
    );
}

export function resetRegistry(): void {
    registered.length = 0;
    portCounter = 0;
}

/** Resolves an Output (known values only: the mocks run without preview). */
export function unwrap<T>(o: pulumi.Input<T> | pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

/** Lets the mock engine register everything a constructor started (children are registered asynchronously). */
export async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** Registered custom resources as sorted `type::name` strings. */
export function childSet(filter?: (r: Registered) => boolean): string[] {
    return registered
        .filter((r) => r.custom && (!filter || filter(r)))
        .map((r) => `${r.type}::${r.name}`)
        .sort();
}

export function find(type: string, name: string): Registered {
    const found = registered.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
}

export function ofType(type: string): Registered[] {
    return registered.filter((r) => r.type === type);
}

export const ED25519_KEY =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ops@watercloud";

/** The sample site facts the platform config holds. */
export const PLATFORM: PlatformOutputs = {
    mlpsLevel: 3,
    region: "cn-east-1",
    availabilityZones: ["az1", "az2", "az3"],
    approvedSites: ["cn-east-1", "cn-east-2"],
    mgmtCidr: "10.0.0.0/20",
    mgmtNetworkId: "mgmt-net-id",
    mgmtSubnetId: "mgmt-subnet-id",
    bastionSecurityGroupId: "bastion-sg-id",
    bastionAddress: "203.0.113.5",
    externalNetworkId: "ext-net-id",
    externalNetworkName: "provider-public",
    auditSyslogEndpoint: "10.0.0.20:6514",
    auditContainer: "platform-audit",
    auditRetentionDays: 180,
    ntpServers: ["10.0.0.5", "10.0.0.6"],
    hardenedImages: {
        "kylin-v10-sp3-hardened": "6f1c2a10-0000-4000-8000-000000000001",
        "openeuler-22.03-hardened": "6f1c2a10-0000-4000-8000-000000000002",
        "rocky-9-hardened": "6f1c2a10-0000-4000-8000-000000000003",
    },
    encryptedVolumeTypes: ["encrypted-ssd", "encrypted-hdd"],
    flavors: {
        "m1.small": { vcpus: 1, ramGb: 2 },
        "m1.medium": { vcpus: 2, ramGb: 4 },
        "m1.large": { vcpus: 4, ramGb: 8 },
        "m1.xlarge": { vcpus: 8, ramGb: 16 },
    },
    storagePolicies: ["cn-3replica", "cn-ec-2site"],
    backupTarget: "cn-east-2",
    databaseClusters: {
        "pg-main": { engine: "postgresql", version: "14", instanceId: "pg-main-id", host: "10.1.0.10", port: 5432 },
        "mysql-main": { engine: "mysql", version: "8.0", instanceId: "mysql-main-id", host: "10.1.0.11", port: 3306 },
    },
    cacheClusters: { "redis-main": { engine: "redis", version: "7.2", host: "10.1.0.20", port: 6380 } },
    platformDataCidr: "10.1.0.0/20",
    deployerUserId: "deployer-user-id",
};

/** A flood-control context with plain ids, as TenantNetwork would produce for 10.20.0.0/16. */
export function floodControlContext(overrides: Partial<TenantContext> = {}): TenantContext {
    const ctx = buildTenantContext({
        tenant: "flood-control",
        owner: "flood-it",
        projectId: "fc-project-id",
        platform: PLATFORM,
        sshPublicKey: ED25519_KEY,
        certificateRef: "https://barbican.example/v1/containers/fc-cert",
        service: "portal",
        blueprint: "web-app@1.0.0",
        network: {
            cidr: "10.20.0.0/16",
            networkId: "fc-net-id",
            subnets: {
                web: { id: "fc-web-subnet", cidr: "10.20.0.0/18" },
                app: { id: "fc-app-subnet", cidr: "10.20.64.0/18" },
                data: { id: "fc-data-subnet", cidr: "10.20.128.0/18" },
                mgmt: { id: "fc-mgmt-subnet", cidr: "10.20.192.0/18" },
            },
            securityGroupIds: { web: "fc-web-sg", app: "fc-app-sg", data: "fc-data-sg", mgmt: "fc-mgmt-sg" },
        },
    });
    return { ...ctx, ...overrides };
}
