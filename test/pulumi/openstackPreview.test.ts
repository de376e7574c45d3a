/**
 * The bridged OpenStack plugin under the real engine: `pulumi preview` of a scratch project with the @pulumi/openstack
 * classes the components use, through an explicit provider whose Keystone is a loopback port nothing answers
 * (the provider authenticates lazily; previewing new resources calls no API). Asserts the plan the engine makes
 * from the plugin's Check (inputs with Terraform's defaults), the overrides of overrides.go, and the plugin's own
 * validation of a bad input.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TLS_CIPHERS } from "../../components/loadbalancer";
import { pulumi, pulumiOk, repo, requirePulumi, scratchProject } from "./pulumi";

/** A pack with the project's own TLS rule, to see what the engine hands it. */
const pack = `import { PolicyPack } from "@pulumi/policy";
import { listenerTlsVersions } from "${repo}/policies/rules/loadbalancer/listenerTlsVersions";
new PolicyPack("scratch-tls", { policies: [listenerTlsVersions] });
`;

const program = `import * as openstack from "@pulumi/openstack";
import { TlsListener, TlsPool } from "${repo}/components/loadbalancer/octaviaTls";
import { TLS_CIPHERS as CIPHERS } from "${repo}/components/loadbalancer";

const provider = new openstack.Provider("tenant", { authUrl: "http://127.0.0.1:5/v3", region: "cn-east-1" });
const opts = { provider };
const net = new openstack.networking.Network("net", { name: "tenant-a", adminStateUp: true, portSecurityEnabled: true }, opts);
const subnet = new openstack.networking.Subnet("subnet", { networkId: net.id, cidr: "10.20.0.0/24", ipVersion: 4, dnsNameservers: ["10.0.0.2"] }, opts);
const sg = new openstack.networking.SecGroup("web", { name: "web", deleteDefaultRules: true }, opts);
new openstack.networking.SecGroupRule("https", {
    securityGroupId: sg.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp", portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: "10.0.0.0/8",
}, opts);
new openstack.compute.ServerGroup("hosts", { name: "hosts", policies: ["anti-affinity"] }, opts);
new openstack.database.Instance("db", {
    name: "db", size: 20, flavorId: "m1.medium", datastore: { type: "mysql", version: "8.0" }, networks: [{ uuid: net.id }],
}, opts);
const lb = new openstack.loadbalancer.LoadBalancer("lb", { vipSubnetId: subnet.id, name: "lb" }, opts);
const https = new TlsListener("tls-443", {
    loadbalancerId: lb.id, protocol: "TERMINATED_HTTPS", protocolPort: 443, defaultTlsContainerRef: "https://barbican/containers/x",
    tlsVersions: ["TLSv1.2", "TLSv1.3"], tlsCiphers: CIPHERS,
}, opts);
new TlsPool("reencrypt", { listenerId: https.id, protocol: "HTTP", lbMethod: "ROUND_ROBIN", tlsEnabled: true, tlsVersions: ["TLSv1.2"] }, opts);
new TlsListener("legacy", {
    loadbalancerId: lb.id, protocol: "TERMINATED_HTTPS", protocolPort: 8443, defaultTlsContainerRef: "https://barbican/containers/x",
    tlsVersions: ["TLSv1.1", "TLSv1.2"], tlsCiphers: "ECDHE-RSA-AES128-SHA",
}, opts);
new openstack.objectstorage.Container("bucket", { name: "bucket", versioning: true }, opts);
if (process.env.SCRATCH_BAD === "1") {
    new openstack.networking.SecGroupRule("bad", { securityGroupId: sg.id, direction: "sideways", ethertype: "IPv4" }, opts);
}
`;

interface Step {
    op: string;
    urn: string;
    newState?: { inputs?: Record<string, unknown> };
}

let dir = "";
let steps: Step[] = [];
let packOutput = "";
let packStatus: number | null = null;

const inputsOf = (name: string): Record<string, unknown> =>
    steps.find((s) => s.urn.endsWith(`::${name}`) && s.urn.includes("openstack:"))!.newState!.inputs!;

describe("pulumi preview of OpenStack resources through the bridged plugin", () => {
    beforeAll(() => {
        requirePulumi("openstack");
        dir = scratchProject("openstack", "scratch-openstack", {
            "Pulumi.yaml": "name: scratch-openstack\nruntime: nodejs\nmain: index.ts\n",
            "index.ts": program,
            "policy/PulumiPolicy.yaml": "runtime: nodejs\nname: scratch-tls\n",
            "policy/package.json": JSON.stringify({ name: "scratch-tls", version: "0.0.1" }),
            "policy/index.ts": pack,
        });
        pulumiOk(dir, ["stack", "init", "dev", "--non-interactive"]);
        const out = pulumiOk(dir, ["preview", "--json", "--non-interactive"]);
        steps = (JSON.parse(out) as { steps: Step[] }).steps;
        const withPack = pulumi(dir, ["preview", "--non-interactive", "--policy-pack", "policy"]);
        packOutput = withPack.stdout + withPack.stderr;
        packStatus = withPack.status;
    }, 300_000);
    afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("plans exactly the resources of the program, all as creates", () => {
        expect(steps.map((s) => `${s.op} ${s.urn.split("::").slice(2).join("::")}`).sort()).toEqual([
            "create openstack:compute/serverGroup:ServerGroup::hosts",
            "create openstack:database/instance:Instance::db",
            "create openstack:loadbalancer/listener:Listener::legacy",
            "create openstack:loadbalancer/listener:Listener::tls-443",
            "create openstack:loadbalancer/loadBalancer:LoadBalancer::lb",
            "create openstack:loadbalancer/pool:Pool::reencrypt",
            "create openstack:networking/network:Network::net",
            "create openstack:networking/secGroup:SecGroup::web",
            "create openstack:networking/secGroupRule:SecGroupRule::https",
            "create openstack:networking/subnet:Subnet::subnet",
            "create openstack:objectstorage/container:Container::bucket",
            "create pulumi:providers:openstack::tenant",
            "create pulumi:pulumi:Stack::scratch-openstack-dev",
        ]);
    });

    it("keeps ServerGroup.policies an array (overrides.go: MaxItemsOne off)", () => {
        expect(inputsOf("hosts").policies).toEqual(["anti-affinity"]);
    });

    it("accepts a Trove instance without a volume type (overrides.go: RequiredWith dropped)", () => {
        expect(inputsOf("db")).toMatchObject({
            size: 20,
            flavorId: "m1.medium",
            datastore: { type: "mysql", version: "8.0" },
        });
        expect(inputsOf("db")).not.toHaveProperty("volumeType");
    });

    it("returns the inputs with what the provider's Check adds (the provider's region default)", () => {
        expect(inputsOf("net")).toMatchObject({ name: "tenant-a", adminStateUp: true, portSecurityEnabled: true });
        expect(inputsOf("https")).toMatchObject({
            direction: "ingress",
            portRangeMin: 443,
            remoteIpPrefix: "10.0.0.0/8",
        });
        expect(inputsOf("bucket")).toMatchObject({ name: "bucket", versioning: true });
    });

    it("sends the TLS inputs the SDK classes lack through TlsListener/TlsPool, and the plugin accepts them", () => {
        expect(inputsOf("tls-443")).toMatchObject({
            protocol: "TERMINATED_HTTPS",
            tlsVersions: ["TLSv1.2", "TLSv1.3"],
            tlsCiphers: TLS_CIPHERS,
        });
        expect(inputsOf("reencrypt")).toMatchObject({ protocol: "HTTP", tlsEnabled: true, tlsVersions: ["TLSv1.2"] });
    });

    it("hands the TLS inputs to the project's policy: the weak listener fails, the strong one passes", () => {
        expect(packStatus, packOutput).toBe(1);
        expect(packOutput).toContain(
            "[mandatory] [severity: high]  os-lb-listener-tls-versions  (openstack:loadbalancer:Listener: legacy)",
        );
        expect(packOutput).toContain(
            "the TERMINATED_HTTPS listener on port 8443 accepts TLSv1.1 (only TLSv1.2 and TLSv1.3 are allowed).",
        );
        expect(packOutput).toContain(
            "the TERMINATED_HTTPS listener on port 8443 offers weak ciphers: ECDHE-RSA-AES128-SHA.",
        );
        expect(packOutput).not.toContain("(openstack:loadbalancer:Listener: tls-443)");
    });

    it("reports the Terraform provider's own validation of a bad input, naming the property", () => {
        const r = pulumi(dir, ["preview", "--non-interactive"], { SCRATCH_BAD: "1" });
        expect(r.status).toBe(1);
        expect(r.stdout + r.stderr).toContain(
            "error: openstack:networking/secGroupRule:SecGroupRule resource 'bad' has a problem: unknown \"sideways\" direction " +
                "for openstack_networking_secgroup_rule_v2. Examine values at 'bad.direction'.",
        );
    }, 300_000);
});
