/**
 * Plausible values for the outputs OpenStack computes (fixed IPs, VIP addresses, Barbican refs ...), so that a
 * stack rendered under mocks wires components together as it would in the cloud: load-balancer members get real
 * host addresses, URLs carry a VIP. Ids are `<name>-id`, so a value can be traced back to the resource that made it.
 */
import type * as pulumi from "@pulumi/pulumi";

type Outputs = Record<string, unknown>;

function ipv4ToInt(ip: string): number {
    return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIpv4(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/**
 * What a data source answers offline: the inputs it was asked for and an id derived from them; the token's scope
 * (identity.getAuthScope) names the deployer user, as the cloud would name the admin provider's.
 */
export function invokeOutputs(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const key = String(inputs.name ?? token.split(":").pop());
    if (token === "openstack:identity/getAuthScope:getAuthScope")
        return { id: `${key}-id`, ...inputs, userId: "deployer-user-id", userName: "offline-deployer" };
    return { id: `${key}-id`, ...inputs };
}

/** Returns a per-capture function that computes the outputs of one mocked resource from its inputs. */
export function computedOutputs(): (args: pulumi.runtime.MockResourceArgs) => Outputs {
    const subnets = new Map<string, { next: number; last: number }>();
    const idOf = (args: pulumi.runtime.MockResourceArgs) => `${args.name}-id`;

    const allocate = (subnetId: unknown): string | undefined => {
        const s = typeof subnetId === "string" ? subnets.get(subnetId) : undefined;
        if (!s || s.next > s.last) return undefined;
        return intToIpv4(s.next++);
    };

    return (args) => {
        const inputs = args.inputs as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        switch (args.type) {
            case "openstack:networking/subnet:Subnet": {
                const [base, bits] = String(inputs.cidr ?? "").split("/");
                if (base && bits) {
                    const start = ipv4ToInt(base);
                    const size = 2 ** (32 - Number(bits));
                    // .1 is the gateway; DHCP and service ports take the next few, hosts start at .10.
                    subnets.set(idOf(args), { next: start + 10, last: start + size - 2 });
                }
                return { gatewayIp: inputs.gatewayIp ?? (base ? intToIpv4(ipv4ToInt(base) + 1) : undefined) };
            }
            case "openstack:networking/port:Port": {
                const fixed = (inputs.fixedIps ?? []) as { subnetId?: string; ipAddress?: string }[];
                const allFixedIps = fixed.map((f) => f.ipAddress ?? allocate(f.subnetId)).filter(Boolean);
                return {
                    allFixedIps,
                    macAddress: "fa:16:3e:00:00:01",
                    allSecurityGroupIds: inputs.securityGroupIds ?? [],
                };
            }
            case "openstack:compute/instance:Instance":
                return { accessIpV4: inputs.accessIpV4 ?? "" };
            case "openstack:loadbalancer/loadBalancer:LoadBalancer":
                return {
                    vipAddress: inputs.vipAddress ?? allocate(inputs.vipSubnetId),
                    vipPortId: `${args.name}-vip-port-id`,
                };
            case "openstack:networking/floatingIp:FloatingIp":
                return { address: inputs.address ?? `203.0.113.${((args.name.length * 7) % 250) + 2}` };
            case "openstack:keymanager/secretV1:SecretV1":
                return { secretRef: `https://key-manager.invalid/v1/secrets/${idOf(args)}` };
            case "openstack:keymanager/containerV1:ContainerV1":
                return { containerRef: `https://key-manager.invalid/v1/containers/${idOf(args)}` };
            case "openstack:keymanager/orderV1:OrderV1":
                return {
                    orderRef: `https://key-manager.invalid/v1/orders/${idOf(args)}`,
                    secretRef: `https://key-manager.invalid/v1/secrets/${idOf(args)}`,
                };
            case "random:index/randomPassword:RandomPassword": {
                // Deterministic and policy-strong: every character class, the requested length.
                const length = Number(inputs.length ?? 24);
                const seed = `Wc9-${args.name}-Aa1#`.replace(/[^A-Za-z0-9#-]/g, "x");
                return { result: seed.repeat(Math.ceil(length / seed.length)).slice(0, length) };
            }
            case "openstack:compute/keypair:Keypair":
                return { fingerprint: "SHA256:mock" };
            case "openstack:identity/project:Project":
                return { domainId: inputs.domainId ?? "default" };
            case "openstack:database/instance:Instance": {
                const net = ((inputs.networks ?? []) as { fixedIpV4?: string }[])[0];
                return { addresses: net?.fixedIpV4 ? [net.fixedIpV4] : [] };
            }
            default:
                return {};
        }
    };
}
