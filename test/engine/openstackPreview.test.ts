/**
 * The bridged OpenStack plugin under the real engine: `pulumi preview` of a scratch project with the @pulumi/openstack
 * classes the components use, through an explicit provider whose Keystone is a loopback port nothing answers
 * (the provider authenticates lazily; previewing new resources calls no API). Asserts the plan the engine makes
 * from the plugin's Check (inputs with Terraform's defaults), the overrides of overrides.go, and the plugin's own
 * validation of a bad input.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumi, pulumiOk, requireEngine, scratchProject } from "./engine";

const program = `import * as openstack from "@pulumi/openstack";

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
new openstack.loadbalancer.Listener("https", { loadbalancerId: lb.id, protocol: "TERMINATED_HTTPS", protocolPort: 443, defaultTlsContainerRef: "https://barbican/containers/x" }, opts);
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

const inputsOf = (name: string): Record<string, unknown> => steps.find((s) => s.urn.endsWith(`::${name}`) && s.urn.includes("openstack:"))!.newState!.inputs!;

describe("pulumi preview of OpenStack resources through the bridged plugin", () => {
    beforeAll(() => {
        requireEngine("openstack");
        dir = scratchProject("openstack", "scratch-openstack", {
            "Pulumi.yaml": "name: scratch-openstack\nruntime: nodejs\nmain: index.ts\n",
            "index.ts": program,
        });
        pulumiOk(dir, ["stack", "init", "dev", "--non-interactive"]);
        const out = pulumiOk(dir, ["preview", "--json", "--non-interactive"]);
        steps = (JSON.parse(out) as { steps: Step[] }).steps;
    }, 300_000);
    afterAll(() => {
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("plans exactly the resources of the program, all as creates", () => {
        expect(steps.map((s) => `${s.op} ${s.urn.split("::").slice(2).join("::")}`).sort()).toEqual([
            "create openstack:compute/serverGroup:ServerGroup::hosts",
            "create openstack:database/instance:Instance::db",
            "create openstack:loadbalancer/listener:Listener::https",
            "create openstack:loadbalancer/loadBalancer:LoadBalancer::lb",
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
        expect(inputsOf("db")).toMatchObject({ size: 20, flavorId: "m1.medium", datastore: { type: "mysql", version: "8.0" } });
        expect(inputsOf("db")).not.toHaveProperty("volumeType");
    });

    it("returns the inputs with what the provider's Check adds (the provider's region default)", () => {
        expect(inputsOf("net")).toMatchObject({ name: "tenant-a", adminStateUp: true, portSecurityEnabled: true });
        expect(inputsOf("https")).toMatchObject({ direction: "ingress", portRangeMin: 443, remoteIpPrefix: "10.0.0.0/8" });
        expect(inputsOf("bucket")).toMatchObject({ name: "bucket", versioning: true });
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
