/**
 * The checks of the peer tools for OpenStack, and the level-3 classes they miss, as Pulumi programs: each case is an
 * insecure program and its compliant twin, written the way a program outside this project would write them (no
 * components, no labels unless the case is about them). Checkov's CKV_OPENSTACK_1-5, Trivy's OPNSTK-0001-0005 and
 * EPAM's ecc-openstack rules for Cloud Custodian, translated from their examples and Terraform fixtures; docs/
 * policies.md maps every one of them to the rule that covers it, or says why none should.
 *
 * A case holds when the insecure program gets a finding of `rule` on `flagged`, and the twin gets no finding of
 * `rule` on `twin` (peers.test.ts). Resource names are the case's own; every program registers through the default
 * provider, as a scratch program does.
 */
import * as openstack from "@pulumi/openstack";
import { RedirectPolicy } from "../../../components/loadbalancer";

export interface PeerCase {
    /** The peer checks (or level-3 class) the case translates. */
    readonly ids: readonly string[];
    readonly title: string;
    /** The pack's rule that must say no. */
    readonly rule: string;
    readonly insecure: () => void;
    readonly flagged: string;
    readonly compliant: () => void;
    readonly twin: string;
    /** Also judge both programs as a first preview sees them (the insecure one must not pass there either). */
    readonly preview?: boolean;
}

const net = openstack.networking;

/** Labels a program outside the project would set to put a group in a tier. */
const tier = (t: string) => [`tier=${t}`, "tenant=peer", "owner=peer-team", "data-class=internal", "mlps-level=3"];

function sgRule(name: string, args: Partial<openstack.networking.SecGroupRuleArgs>): void {
    new net.SecGroupRule(name, {
        securityGroupId: "0a4c8b6e-sg",
        direction: "ingress",
        ethertype: "IPv4",
        protocol: "tcp",
        description: "peer case",
        ...args,
    });
}

function groupWithRule(
    name: string,
    groupTier: string | undefined,
    args: Partial<openstack.networking.SecGroupRuleArgs>,
): void {
    const g = new net.SecGroup(`${name}-sg`, {
        description: "peer case group",
        deleteDefaultRules: true,
        ...(groupTier ? { tags: tier(groupTier) } : {}),
    });
    sgRule(name, { securityGroupId: g.id, ...args });
}

function ingress(
    port: number | [number, number],
    remoteIpPrefix: string | undefined,
    name: string,
    extra: Partial<openstack.networking.SecGroupRuleArgs> = {},
): void {
    const [min, max] = Array.isArray(port) ? port : [port, port];
    sgRule(name, { portRangeMin: min, portRangeMax: max, remoteIpPrefix, ...extra });
}

function instance(name: string, args: Partial<openstack.compute.InstanceArgs>): void {
    new openstack.compute.Instance(name, {
        flavorName: "m1.small",
        imageName: "rocky-9-hardened",
        keyPair: "ops",
        networks: [{ port: "0b7e-port" }],
        ...args,
    });
}

/** Where each kind of port may be reached from: administration from the mgmt network, data from the app zone. */
const TWIN_SOURCE: Record<string, string> = {
    "os-sg-no-admin-ports-open": "10.0.0.0/20",
    "os-sg-no-db-ports-open": "10.20.2.0/24",
    "stack-tier-zoning": "10.20.1.0/24",
};

/**
 * A port case of one peer: that port open to the world; the twin opens it only to whom it serves, or (a high-risk
 * service, which nobody should be offered) replaces it with HTTPS from the web zone.
 */
function portCase(ids: string[], title: string, rule: string, port: number, remote = "0.0.0.0/0"): PeerCase {
    const twinSource = TWIN_SOURCE[rule];
    const compliant = twinSource ? () => ingress(port, twinSource, "good") : () => ingress(443, "10.20.1.0/24", "good");
    return { ids, title, rule, insecure: () => ingress(port, remote, "bad"), flagged: "bad", compliant, twin: "good" };
}

const HTTP_LISTENER = { loadbalancerId: "lb-id", protocol: "HTTP", protocolPort: 80 };

/** An HTTP listener with an L7 policy and the given rules. */
function redirected(
    name: string,
    policy: Record<string, unknown>,
    rules: Partial<openstack.loadbalancer.L7RuleV2Args>[],
): void {
    const listener = new openstack.loadbalancer.Listener(name, HTTP_LISTENER);
    const p = new RedirectPolicy(`${name}-policy`, { listenerId: listener.id, action: "REDIRECT_TO_URL", ...policy });
    rules.forEach(
        (r, i) =>
            new openstack.loadbalancer.L7RuleV2(`${name}-rule-${i}`, {
                l7policyId: p.id,
                type: "PATH",
                compareType: "STARTS_WITH",
                value: "/",
                ...r,
            }),
    );
}

function userData(name: string, data: string): void {
    instance(name, { userData: data });
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

export const PEER_CASES: readonly PeerCase[] = [
    // Checkov
    {
        ids: ["CKV_OPENSTACK_1"],
        title: "a password written into the provider's arguments",
        rule: "os-provider-no-inline-credentials",
        insecure: () =>
            void new openstack.Provider("bad", {
                authUrl: "https://keystone.example:5000/v3",
                userName: "admin",
                password: "s3cr3t-Passw0rd",
                tenantName: "demo",
            }),
        flagged: "bad",
        compliant: () => void new openstack.Provider("good", { cloud: "watercloud" }),
        twin: "good",
    },
    {
        ids: ["CKV_OPENSTACK_1"],
        title: "a token or application-credential secret in the provider's arguments",
        rule: "os-provider-no-inline-credentials",
        insecure: () =>
            void new openstack.Provider("bad", {
                authUrl: "https://keystone.example:5000/v3",
                applicationCredentialId: "ac-1",
                applicationCredentialSecret: "hunter2-hunter2",
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.Provider("good", {
                authUrl: "https://keystone.example:5000/v3",
                applicationCredentialId: "ac-1",
            }),
        twin: "good",
    },
    portCase(["CKV_OPENSTACK_2", "ecc-openstack-013"], "SSH open to the world", "os-sg-no-admin-ports-open", 22),
    portCase(["CKV_OPENSTACK_3", "ecc-openstack-016"], "RDP open to the world", "os-sg-no-admin-ports-open", 3389),
    {
        ids: ["CKV_OPENSTACK_2", "CKV_OPENSTACK_3"],
        title: "SSH and RDP open to the world in a legacy Nova security group",
        rule: "os-sg-no-admin-ports-open",
        insecure: () =>
            void new openstack.compute.SecGroup("bad", {
                description: "legacy",
                rules: [
                    { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
                    { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidr: "0.0.0.0/0" },
                ],
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.compute.SecGroup("good", {
                description: "legacy",
                rules: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidr: "10.0.0.0/20" }],
            }),
        twin: "good",
    },
    {
        ids: ["CKV_OPENSTACK_4", "OPNSTK-0001"],
        title: "an instance with an admin password",
        rule: "os-instance-no-admin-pass",
        insecure: () => instance("bad", { adminPass: "N0t-so-secret" }),
        flagged: "bad",
        compliant: () => instance("good", {}),
        twin: "good",
    },
    {
        ids: ["CKV_OPENSTACK_5", "OPNSTK-0002"],
        title: "a FWaaS allow rule without a destination",
        rule: "os-fwaas-rule-restricted",
        insecure: () =>
            void new openstack.firewall.RuleV2("bad", {
                action: "allow",
                protocol: "tcp",
                destinationPort: "22",
                sourceIpAddress: "10.10.10.2",
                enabled: true,
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.firewall.RuleV2("good", {
                action: "allow",
                protocol: "tcp",
                destinationPort: "22",
                sourceIpAddress: "10.10.10.2",
                destinationIpAddress: "10.10.10.1",
                enabled: true,
            }),
        twin: "good",
    },
    {
        ids: ["CKV_OPENSTACK_5", "OPNSTK-0002"],
        title: "a FWaaS v1 rule from anywhere to anywhere",
        rule: "os-fwaas-rule-restricted",
        insecure: () =>
            void new openstack.firewall.Rule("bad", {
                action: "allow",
                protocol: "tcp",
                destinationPort: "22",
                enabled: true,
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.firewall.Rule("good", {
                action: "allow",
                protocol: "tcp",
                destinationPort: "22",
                sourceIpAddress: "10.10.10.2",
                destinationIpAddress: "10.10.10.1",
            }),
        twin: "good",
    },
    {
        ids: ["OPNSTK-0002"],
        title: "a FWaaS rule letting a public source reach a database",
        rule: "os-fwaas-rule-restricted",
        insecure: () =>
            void new openstack.firewall.RuleV2("bad", {
                action: "allow",
                protocol: "tcp",
                destinationPort: "5432",
                sourceIpAddress: "203.0.113.0/24",
                destinationIpAddress: "10.20.3.10",
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.firewall.RuleV2("good", {
                action: "allow",
                protocol: "tcp",
                destinationPort: "443",
                sourceIpAddress: "203.0.113.0/24",
                destinationIpAddress: "10.20.1.10",
            }),
        twin: "good",
    },
    // Trivy / tfsec
    portCase(["OPNSTK-0003"], "ingress from public addresses to SSH", "os-sg-no-admin-ports-open", 22),
    {
        ids: ["OPNSTK-0003", "ecc-openstack-014"],
        title: "a group the stack does not label as the DMZ open to the world on 443",
        rule: "stack-tier-zoning",
        insecure: () =>
            groupWithRule("bad", undefined, { portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "0.0.0.0/0" }),
        flagged: "bad",
        compliant: () =>
            groupWithRule("good", "web", { portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "0.0.0.0/0" }),
        twin: "good",
    },
    {
        ids: ["OPNSTK-0004", "ecc-openstack-023"],
        title: "egress to the world",
        rule: "os-sg-egress-restricted",
        insecure: () => ingress(22, "0.0.0.0/0", "bad", { direction: "egress" }),
        flagged: "bad",
        compliant: () => ingress(22, "10.0.0.0/20", "good", { direction: "egress" }),
        twin: "good",
    },
    {
        ids: ["OPNSTK-0005"],
        title: "a security group without a description",
        rule: "os-sg-described",
        insecure: () => void new net.SecGroup("bad", { deleteDefaultRules: true }),
        flagged: "bad",
        compliant: () =>
            void new net.SecGroup("good", {
                description: "app tier: 8080 from the web zone",
                deleteDefaultRules: true,
            }),
        twin: "good",
    },
    // EPAM ecc-openstack (Cloud Custodian)
    {
        ids: ["ecc-openstack-001"],
        title: "an instance in the default security group",
        rule: "os-instance-explicit-security-groups",
        insecure: () => instance("bad", { networks: [{ name: "app-net" }], securityGroups: ["default"] }),
        flagged: "bad",
        compliant: () => instance("good", { networks: [{ name: "app-net" }], securityGroups: ["app"] }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-003"],
        title: "the admin role assigned on a domain",
        rule: "os-role-no-admin-in-tenant",
        insecure: () =>
            void new openstack.identity.RoleAssignment("bad", { domainId: "default", userId: "u-1", roleId: "admin" }),
        flagged: "bad",
        compliant: () =>
            void new openstack.identity.RoleAssignment("good", {
                domainId: "default",
                userId: "u-1",
                roleId: "reader",
            }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-005"],
        title: "a volume of an unencrypted type",
        rule: "os-volume-encrypted-type",
        insecure: () => void new openstack.blockstorage.Volume("bad", { size: 10, volumeType: "ssd" }),
        flagged: "bad",
        compliant: () => void new openstack.blockstorage.Volume("good", { size: 10, volumeType: "encrypted-ssd" }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-007"],
        title: "a floating IP on an instance",
        rule: "os-fip-allowed-targets",
        insecure: () => {
            const port = new net.Port("app-port", { networkId: "app-net-id", securityGroupIds: ["app-sg-id"] });
            new net.FloatingIp("bad", { pool: "provider-public", portId: port.id });
        },
        flagged: "bad",
        compliant: () => {
            const lb = new openstack.loadbalancer.LoadBalancer("lb", { vipSubnetId: "web-subnet-id" });
            new net.FloatingIp("good", { pool: "provider-public", portId: lb.vipPortId });
        },
        twin: "good",
    },
    {
        ids: ["ecc-openstack-009"],
        title: "a project without tags",
        rule: "os-resource-required-tags",
        insecure: () => void new openstack.identity.Project("bad", { name: "peer" }),
        flagged: "bad",
        compliant: () => void new openstack.identity.Project("good", { name: "peer", tags: tier("mgmt") }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-010"],
        title: "an instance without tags or metadata",
        rule: "os-resource-required-tags",
        insecure: () => instance("bad", {}),
        flagged: "bad",
        compliant: () => instance("good", { tags: tier("app") }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-011"],
        title: "a volume without metadata",
        rule: "os-resource-required-tags",
        insecure: () => void new openstack.blockstorage.Volume("bad", { size: 10, volumeType: "encrypted-ssd" }),
        flagged: "bad",
        compliant: () =>
            void new openstack.blockstorage.Volume("good", {
                size: 10,
                volumeType: "encrypted-ssd",
                metadata: {
                    tenant: "peer",
                    tier: "data",
                    "data-class": "internal",
                    owner: "peer-team",
                    "mlps-level": "3",
                },
            }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-012"],
        title: "every port open to the world",
        rule: "os-sg-no-any-any-ingress",
        insecure: () => ingress([1, 65535], "0.0.0.0/0", "bad"),
        flagged: "bad",
        compliant: () => ingress(443, "10.20.1.0/24", "good"),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-012"],
        title: "an ingress rule without ports or a remote",
        rule: "os-sg-no-any-any-ingress",
        insecure: () => sgRule("bad", { protocol: undefined }),
        flagged: "bad",
        compliant: () => sgRule("good", { protocol: "icmp", remoteIpPrefix: "10.0.0.0/20" }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-015"],
        title: "a rule added to the project's default security group",
        rule: "os-instance-explicit-security-groups",
        insecure: () => {
            const def = net.getSecGroupOutput({ name: "default" });
            sgRule("bad", {
                securityGroupId: def.id,
                portRangeMin: 80,
                portRangeMax: 80,
                remoteIpPrefix: "10.0.0.0/8",
            });
        },
        flagged: "bad",
        compliant: () => {
            const own = net.getSecGroupOutput({ name: "peer-app" });
            sgRule("good", {
                securityGroupId: own.id,
                portRangeMin: 80,
                portRangeMax: 80,
                remoteIpPrefix: "10.0.0.0/8",
            });
        },
        twin: "good",
    },
    portCase(["ecc-openstack-017"], "MongoDB open to the world", "os-sg-no-db-ports-open", 27017),
    portCase(["ecc-openstack-018"], "MySQL open to the world", "os-sg-no-db-ports-open", 3306),
    portCase(["ecc-openstack-019"], "Oracle open to the world", "os-sg-no-db-ports-open", 1521),
    portCase(["ecc-openstack-020"], "SQL Server open to the world", "os-sg-no-db-ports-open", 1433),
    portCase(["ecc-openstack-020"], "the SQL Server browser open to the world", "os-sg-no-db-ports-open", 1434),
    portCase(["ecc-openstack-021"], "PostgreSQL open to the world", "os-sg-no-db-ports-open", 5432),
    portCase(["ecc-openstack-022"], "Telnet open to the world", "os-sg-no-admin-ports-open", 23),
    {
        ids: ["ecc-openstack-024"],
        title: "a security group without tags",
        rule: "os-resource-required-tags",
        insecure: () => void new net.SecGroup("bad", { description: "peer", deleteDefaultRules: true }),
        flagged: "bad",
        compliant: () =>
            void new net.SecGroup("good", { description: "peer", deleteDefaultRules: true, tags: tier("app") }),
        twin: "good",
    },
    portCase(["ecc-openstack-025"], "SMB open to the world", "os-sg-no-high-risk-ports", 445),
    portCase(["ecc-openstack-025"], "FTP open to the world", "os-sg-no-high-risk-ports", 21),
    portCase(["ecc-openstack-025"], "SMTP open to the world outside the DMZ", "stack-tier-zoning", 25),
    portCase(["ecc-openstack-026"], "Kibana open to the world outside the DMZ", "stack-tier-zoning", 5601),
    portCase(["ecc-openstack-026"], "Elasticsearch transport open to the world", "os-sg-no-db-ports-open", 9300),
    {
        ids: ["ecc-openstack-027"],
        title: "a user without MFA",
        rule: "os-user-mfa-lockout",
        insecure: () => void new openstack.identity.User("bad", { name: "alice" }),
        flagged: "bad",
        compliant: () =>
            void new openstack.identity.User("good", {
                name: "alice",
                multiFactorAuthEnabled: true,
                multiFactorAuthRules: [{ rules: ["password", "totp"] }],
            }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-027"],
        title: "MFA on with a password-only rule",
        rule: "os-user-mfa-lockout",
        insecure: () =>
            void new openstack.identity.User("bad", {
                name: "alice",
                multiFactorAuthEnabled: true,
                multiFactorAuthRules: [{ rules: ["password"] }],
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.identity.User("good", {
                name: "alice",
                multiFactorAuthEnabled: true,
                multiFactorAuthRules: [{ rules: ["password", "totp"] }],
            }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-028", "ecc-openstack-029"],
        title: "lockout and password expiry switched off",
        rule: "os-user-mfa-lockout",
        insecure: () =>
            void new openstack.identity.User("bad", {
                name: "alice",
                multiFactorAuthEnabled: true,
                multiFactorAuthRules: [{ rules: ["password", "totp"] }],
                ignoreLockoutFailureAttempts: true,
                ignorePasswordExpiry: true,
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.identity.User("good", {
                name: "alice",
                multiFactorAuthEnabled: true,
                multiFactorAuthRules: [{ rules: ["password", "totp"] }],
            }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-031"],
        title: "a Barbican secret without expiration",
        rule: "os-secret-expiration",
        insecure: () => void new openstack.keymanager.SecretV1("bad", { name: "api-token", secretType: "opaque" }),
        flagged: "bad",
        compliant: () =>
            void new openstack.keymanager.SecretV1("good", {
                name: "api-token",
                secretType: "opaque",
                expiration: "2027-01-31T00:00:00Z",
            }),
        twin: "good",
    },
    {
        ids: ["ecc-openstack-032"],
        title: "an image that is not signed",
        rule: "os-image-signed",
        insecure: () =>
            void new openstack.images.Image("bad", {
                name: "golden",
                containerFormat: "bare",
                diskFormat: "qcow2",
                visibility: "private",
                imageSourceUrl: "https://repo.watercloud.internal/golden.qcow2",
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.images.Image("good", {
                name: "golden",
                containerFormat: "bare",
                diskFormat: "qcow2",
                visibility: "private",
                imageSourceUrl: "https://repo.watercloud.internal/golden.qcow2",
                properties: {
                    img_signature: "c2ln",
                    img_signature_hash_method: "SHA-256",
                    img_signature_key_type: "RSA-PSS",
                    img_signature_certificate_uuid: "cert-1",
                },
            }),
        twin: "good",
    },
    // Level 3, in the ways the peers do not try
    ...["::/0", "::0/0", "0:0:0:0:0:0:0:0/0", "10.1.2.3/0", "::ffff:0.0.0.0/96"].map((prefix): PeerCase => ({
        ids: ["level-3: anywhere"],
        title: `SSH from ${prefix}`,
        rule: "os-sg-no-admin-ports-open",
        insecure: () =>
            ingress(22, prefix, "bad", {
                ethertype: prefix.includes(":") && !prefix.startsWith("::ffff") ? "IPv6" : "IPv4",
            }),
        flagged: "bad",
        compliant: () => ingress(22, "10.0.0.0/20", "good"),
        twin: "good",
    })),
    {
        ids: ["level-3: anywhere"],
        title: "app-tier egress to the world in IPv6",
        rule: "os-sg-egress-restricted",
        insecure: () =>
            groupWithRule("bad", "app", {
                direction: "egress",
                ethertype: "IPv6",
                portRangeMin: 443,
                portRangeMax: 443,
                remoteIpPrefix: "::0/0",
            }),
        flagged: "bad",
        compliant: () =>
            groupWithRule("good", "app", {
                direction: "egress",
                ethertype: "IPv6",
                portRangeMin: 443,
                portRangeMax: 443,
                remoteIpPrefix: "fd00:30::10/128",
            }),
        twin: "good",
        preview: true,
    },
    ...["0.0.0.0/1", "2000::/3", "8.8.8.0/24"].map((prefix): PeerCase => ({
        ids: ["OPNSTK-0004", "level-3: anywhere"],
        title: `app-tier egress to the public range ${prefix}`,
        rule: "os-sg-egress-restricted",
        insecure: () =>
            groupWithRule("bad", "app", {
                direction: "egress",
                ethertype: prefix.includes(":") ? "IPv6" : "IPv4",
                portRangeMin: 443,
                portRangeMax: 443,
                remoteIpPrefix: prefix,
            }),
        flagged: "bad",
        compliant: () =>
            groupWithRule("good", "app", {
                direction: "egress",
                ethertype: "IPv4",
                portRangeMin: 443,
                portRangeMax: 443,
                remoteIpPrefix: "203.0.113.7/32",
            }),
        twin: "good",
    })),
    {
        ids: ["level-3: identities looked up by name"],
        title: "the admin role found with getRoleOutput",
        rule: "os-role-no-admin-in-tenant",
        insecure: () =>
            void new openstack.identity.RoleAssignment("bad", {
                projectId: "p-1",
                groupId: "g-1",
                roleId: openstack.identity.getRoleOutput({ name: "admin" }).id,
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.identity.RoleAssignment("good", {
                projectId: "p-1",
                groupId: "g-1",
                roleId: openstack.identity.getRoleOutput({ name: "member" }).id,
            }),
        twin: "good",
        preview: true,
    },
    {
        ids: ["level-3: external network by id"],
        title: "an instance on the external network by its uuid",
        rule: "os-instance-not-on-external-net",
        insecure: () => instance("bad", { networks: [{ uuid: net.getNetworkOutput({ name: "provider-public" }).id }] }),
        flagged: "bad",
        compliant: () => instance("good", { networks: [{ uuid: net.getNetworkOutput({ name: "app-net" }).id }] }),
        twin: "good",
        preview: true,
    },
    {
        ids: ["level-3: external network through a port"],
        title: "an instance attached through a port on the external network",
        rule: "os-instance-not-on-external-net",
        insecure: () => {
            const port = new net.Port("bad", {
                networkId: net.getNetworkOutput({ name: "provider-public" }).id,
                securityGroupIds: ["sg-1"],
            });
            instance("vm", { networks: [{ port: port.id }] });
        },
        flagged: "bad",
        compliant: () => {
            const port = new net.Port("good", { networkId: "app-net-id", securityGroupIds: ["sg-1"] });
            instance("vm", { networks: [{ port: port.id }] });
        },
        twin: "good",
    },
    {
        ids: ["level-3: external network through a port"],
        title: "an interface on the external network attached to an instance afterwards",
        rule: "os-instance-not-on-external-net",
        insecure: () =>
            void new openstack.compute.InterfaceAttach("bad", {
                instanceId: "vm-id",
                networkId: net.getNetworkOutput({ name: "provider-public" }).id,
            }),
        flagged: "bad",
        compliant: () =>
            void new openstack.compute.InterfaceAttach("good", {
                instanceId: "vm-id",
                networkId: net.getNetworkOutput({ name: "app-net" }).id,
            }),
        twin: "good",
        preview: true,
    },
    {
        ids: ["level-3: groups a host really gets"],
        title: "a port without groups (Neutron's default)",
        rule: "os-instance-explicit-security-groups",
        insecure: () => {
            const port = new net.Port("bad", { networkId: "app-net-id" });
            instance("vm", { networks: [{ port: port.id }] });
        },
        flagged: "bad",
        compliant: () => {
            const port = new net.Port("good", { networkId: "app-net-id", securityGroupIds: ["app-sg-id"] });
            instance("vm", { networks: [{ port: port.id }] });
        },
        twin: "good",
    },
    {
        ids: ["level-3: groups a host really gets"],
        title: "default beside the host's own group",
        rule: "os-instance-explicit-security-groups",
        insecure: () => instance("bad", { networks: [{ name: "app-net" }], securityGroups: ["default", "app"] }),
        flagged: "bad",
        compliant: () => instance("good", { networks: [{ name: "app-net" }], securityGroups: ["app"] }),
        twin: "good",
    },
    {
        ids: ["level-3: groups a host really gets"],
        title: "the app tier open to the world on 80",
        rule: "stack-tier-zoning",
        insecure: () =>
            groupWithRule("bad", "app", { portRangeMin: 80, portRangeMax: 80, remoteIpPrefix: "0.0.0.0/0" }),
        flagged: "bad",
        compliant: () =>
            groupWithRule("good", "app", { portRangeMin: 80, portRangeMax: 80, remoteIpPrefix: "10.20.1.0/24" }),
        twin: "good",
        preview: true,
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "a root password piped into chpasswd",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () => userData("bad", "#!/bin/bash\necho 'root:Sup3r-secret' | chpasswd\n"),
        flagged: "bad",
        compliant: () => userData("good", "#!/bin/bash\npasswd -l root\n"),
        twin: "good",
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "a root password piped into passwd --stdin (the RHEL family's way)",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () => userData("bad", "#!/bin/bash\necho 'Sup3r-secret' | passwd --stdin root\n"),
        flagged: "bad",
        compliant: () => userData("good", "#!/bin/bash\npasswd -l root\n"),
        twin: "good",
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "a password fed to chpasswd from a here-document",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () => userData("bad", "#!/bin/bash\nchpasswd <<EOF\nops:Sup3r-secret\nEOF\n"),
        flagged: "bad",
        compliant: () => userData("good", "#!/bin/bash\nchpasswd -e <<EOF\nops:$6$salt$hash\nEOF\n"),
        twin: "good",
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "DB_PASS in a shell assignment",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () => userData("bad", "#!/bin/sh\nDB_PASS=hunter22 /opt/app/start\n"),
        flagged: "bad",
        compliant: () => userData("good", '#!/bin/sh\nDB_PASS="$(cat /run/secrets/db)" /opt/app/start\n'),
        twin: "good",
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "base64-encoded user data with a password",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () => userData("bad", b64("#cloud-config\nchpasswd:\n  list: |\n    root:toor\n  expire: false\n")),
        flagged: "bad",
        compliant: () => userData("good", b64("#cloud-config\nchpasswd:\n  expire: true\n")),
        twin: "good",
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "a password injected as a file (personalities)",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () =>
            instance("bad", { personalities: [{ file: "/etc/app.env", content: "DB_PASSWORD=hunter22\n" }] }),
        flagged: "bad",
        compliant: () => instance("good", { personalities: [{ file: "/etc/motd", content: "authorised use only\n" }] }),
        twin: "good",
    },
    {
        ids: ["level-3: secrets in user data"],
        title: "cloud-init's lock_passwd: true is the secure setting, and no secret",
        rule: "os-instance-no-secrets-in-user-data",
        insecure: () =>
            userData(
                "bad",
                "#cloud-config\nusers:\n  - name: ops\n    lock_passwd: false\n    plain_text_passwd: changeme\n",
            ),
        flagged: "bad",
        compliant: () =>
            userData(
                "good",
                "#cloud-config\nusers:\n  - name: ops\n    lock_passwd: true\n    ssh_authorized_keys: [ssh-ed25519 AAAAC3 ops]\n",
            ),
        twin: "good",
    },
    {
        ids: ["level-3: HTTP listeners"],
        title: "a redirect to https limited to one path",
        rule: "os-lb-listener-tls",
        insecure: () => redirected("bad", { redirectUrl: "https://portal.example.cn/login" }, [{ value: "/login" }]),
        flagged: "bad",
        compliant: () => redirected("good", { redirectUrl: "https://portal.example.cn/" }, [{}]),
        twin: "good",
    },
    {
        ids: ["level-3: HTTP listeners"],
        title: "REDIRECT_PREFIX to https:// is a redirect",
        rule: "os-lb-listener-tls",
        insecure: () =>
            redirected("bad", { action: "REDIRECT_PREFIX", redirectPrefix: "http://portal.example.cn" }, [{}]),
        flagged: "bad",
        compliant: () =>
            redirected(
                "good",
                { action: "REDIRECT_PREFIX", redirectPrefix: "https://portal.example.cn", redirectHttpCode: 301 },
                [{}],
            ),
        twin: "good",
    },
    {
        ids: ["level-3: no rule before"],
        title: "a weak Keystone user password",
        rule: "os-user-password-policy",
        insecure: () => void new openstack.identity.User("bad", { name: "alice", password: "alice2024" }),
        flagged: "bad",
        compliant: () => void new openstack.identity.User("good", { name: "alice", password: "Vq7#mL2!xR9@kT4w" }),
        twin: "good",
    },
    portCase(["level-3: no rule before"], "the Dameng database open to the world", "os-sg-no-db-ports-open", 5236),
    portCase(["level-3: no rule before"], "Redis Sentinel open to the world", "os-sg-no-db-ports-open", 26379),
    {
        ids: ["level-3: one unknown does not blind a stack rule"],
        title: "a floating IP on an app port beside one allocated without a port",
        rule: "os-fip-allowed-targets",
        insecure: () => {
            new net.FloatingIp("spare", { pool: "provider-public" });
            const port = new net.Port("app-port", { networkId: "app-net-id", securityGroupIds: ["app-sg-id"] });
            new net.FloatingIp("bad", { pool: "provider-public", portId: port.id });
        },
        flagged: "bad",
        compliant: () => {
            new net.FloatingIp("spare", { pool: "provider-public" });
            const lb = new openstack.loadbalancer.LoadBalancer("lb", { vipSubnetId: "web-subnet-id" });
            new net.FloatingIp("good", { pool: "provider-public", portId: lb.vipPortId });
        },
        twin: "good",
        preview: true,
    },
    {
        ids: ["level-3: one unknown does not blind a stack rule"],
        title: "SSH from the world beside a rule whose remote is unknown",
        rule: "os-sg-mgmt-from-bastion-only",
        insecure: () => {
            // No remote at all: at a first preview the provider has not said yet what Neutron will hold.
            sgRule("undecided", { portRangeMin: 22, portRangeMax: 22 });
            ingress(22, "0.0.0.0/0", "bad");
        },
        flagged: "bad",
        compliant: () => ingress(22, "10.0.0.0/20", "good"),
        twin: "good",
        preview: true,
    },
];
