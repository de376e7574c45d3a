/**
 * A scratch program for the pack's parity between the real engine and the offline check (test/pulumi/packParity.test.ts
 * without a cloud, test/acceptance/parity.suite.ts against the deployed platform): it holds what the newer rules
 * and classes judge, and values unknown at a first preview beside findings. It uses no data source, so previewing
 * it calls no cloud API; the external network's id comes in as an expression (a literal of the site facts, or the
 * deployed platform's output through its StackReference).
 */
import { resolve } from "node:path";

const repo = resolve(__dirname, "../..");

/** The program's index.ts; `externalNetworkId` is a TypeScript expression of the external network's id. */
export function packParityProgram(externalNetworkId: string): string {
    return `import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { RedirectPolicy } from "${repo}/components/loadbalancer";

const provider = new openstack.Provider("tenant", { authUrl: "http://127.0.0.1:5/v3", region: "cn-east-1", token: "gAAAAABliteral" });
const opts = { provider };
const labels = (tier: string) => ["tenant=dev", \`tier=\${tier}\`, "owner=scratch-team", "data-class=internal", "mlps-level=3"];

const net = new openstack.networking.Network("app-net", { name: "app-net", tags: labels("app") }, opts);
const subnet = new openstack.networking.Subnet("app-subnet", { networkId: net.id, cidr: "10.20.2.0/24", ipVersion: 4, tags: labels("app") }, opts);
const app = new openstack.networking.SecGroup("app-sg", { name: "app-sg", description: "app tier", deleteDefaultRules: true, tags: labels("app") }, opts);
new openstack.networking.SecGroup("no-desc", { name: "no-desc", deleteDefaultRules: true, tags: labels("app") }, opts);
const rule = (name: string, args: Partial<openstack.networking.SecGroupRuleArgs>) =>
    new openstack.networking.SecGroupRule(name, { securityGroupId: app.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp", description: name, ...args }, opts);
rule("app-out-v6", { direction: "egress", ethertype: "IPv6", portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "::0/0" });
rule("ssh-host-slash-0", { portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: "10.1.2.3/0" });
rule("ssh-no-remote", { portRangeMin: 22, portRangeMax: 22 });
new openstack.firewall.RuleV2("any-any", { action: "allow", protocol: "tcp", destinationPort: "22" }, opts);
new openstack.identity.User("alice", { name: "alice", password: "alice2024", multiFactorAuthEnabled: true, multiFactorAuthRules: [{ rules: ["password", "totp"] }] }, opts);

const bare = new openstack.networking.Port("bare-port", { networkId: net.id, fixedIps: [{ subnetId: subnet.id }], tags: labels("app") }, opts);
new openstack.compute.Instance("edge-vm", { name: "edge-vm", flavorName: "m1.small", imageName: "rocky-9-hardened", keyPair: "ops", networks: [{ uuid: ${externalNetworkId} }], securityGroups: ["app-sg"], tags: labels("app") }, opts);
new openstack.compute.Instance("app-vm", { name: "app-vm",
    flavorName: "m1.small", imageName: "rocky-9-hardened", keyPair: "ops", networks: [{ port: bare.id }], tags: labels("app"),
    userData: Buffer.from("#!/bin/sh\\necho 'root:S3cret-pw' | chpasswd\\n").toString("base64"),
}, opts);
new openstack.networking.FloatingIp("spare-fip", { pool: "provider-public" }, opts);
new openstack.networking.FloatingIp("app-fip", { pool: "provider-public", portId: bare.id }, opts);
new openstack.blockstorage.Volume("scratch-vol", { size: 10, volumeType: "encrypted-ssd" }, opts);

const lb = new openstack.loadbalancer.LoadBalancer("lb", { vipSubnetId: subnet.id, name: "lb" }, opts);
const http = new openstack.loadbalancer.Listener("http", { loadbalancerId: lb.id, protocol: "HTTP", protocolPort: 80 }, opts);
const login = new RedirectPolicy("login-only", { listenerId: http.id, action: "REDIRECT_TO_URL", redirectUrl: "https://portal.example.cn/login" }, opts);
new openstack.loadbalancer.L7RuleV2("login-path", { l7policyId: login.id, type: "PATH", compareType: "STARTS_WITH", value: "/login" }, opts);
`;
}

/** Its Pulumi.yaml; the stack is "dev". */
export const PACK_PARITY_PROJECT = "name: scratch-pack\nruntime: nodejs\nmain: index.ts\n";

/** Findings the program must get on either side, whatever else it gets: the newer rules and classes. */
export const PACK_PARITY_FINDINGS: readonly (readonly [
    rule: string,
    resource: string,
    level: "mandatory" | "advisory",
])[] = [
    ["os-provider-no-inline-credentials", "tenant", "mandatory"],
    ["os-fwaas-rule-restricted", "any-any", "mandatory"],
    ["os-sg-described", "no-desc", "advisory"],
    ["os-user-password-policy", "alice", "mandatory"],
    ["os-sg-egress-restricted", "app-out-v6", "mandatory"],
    ["os-sg-no-admin-ports-open", "ssh-host-slash-0", "mandatory"],
    ["os-instance-explicit-security-groups", "bare-port", "mandatory"],
    ["os-instance-no-secrets-in-user-data", "app-vm", "mandatory"],
    ["os-lb-listener-tls", "http", "mandatory"],
    ["os-fip-allowed-targets", "app-fip", "mandatory"],
    ["os-instance-not-on-external-net", "edge-vm", "mandatory"],
    // Unknown at a first preview: reported on the resource alone, beside the rule's findings on the others.
    ["os-fip-allowed-targets", "spare-fip", "advisory"],
    ["os-sg-mgmt-from-bastion-only", "ssh-no-remote", "advisory"],
];
