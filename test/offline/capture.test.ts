import * as openstack from "@pulumi/openstack";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { createHash } from "crypto";
import { captureProgram } from "../../offline/capture";
import { evaluatePolicies, UNKNOWN } from "../../policies/evaluate";
import { sgEgressRestricted } from "../../policies/rules/networking/sgEgressRestricted";

describe("captureProgram", () => {
    const program = () => {
        const provider = new openstack.Provider("tenant", { authUrl: "http://127.0.0.1:5/v3", tenantName: "t" });
        const platform = new pulumi.StackReference("platform");
        const group = new openstack.networking.SecGroup("web", { deleteDefaultRules: true }, { provider });
        new openstack.networking.SecGroupRule(
            "web-https",
            {
                securityGroupId: group.id,
                direction: "ingress",
                ethertype: "IPv4",
                protocol: "tcp",
                portRangeMin: 443,
                portRangeMax: 443,
                remoteIpPrefix: platform.requireOutput("mgmtCidr") as pulumi.Output<string>,
                description: "https",
            },
            { provider, parent: group },
        );
        const net = new openstack.networking.Network("net", {}, { provider });
        const subnet = new openstack.networking.Subnet(
            "app",
            { networkId: net.id, cidr: "10.20.1.0/24" },
            { provider },
        );
        const port = new openstack.networking.Port(
            "host-1",
            { networkId: net.id, fixedIps: [{ subnetId: subnet.id }] },
            { provider },
        );
        new openstack.database.User(
            "u",
            { instanceId: "db", name: "app", password: pulumi.secret("S3cure-pass-word!") },
            { provider },
        );
        return { address: port.allFixedIps.apply((ips) => ips[0]), secret: pulumi.secret("x") };
    };

    it("records type, name, parent, property dependencies, provider and secrets of every registration", async () => {
        const { resources, outputs } = await captureProgram(program, {
            stack: "flood-control",
            stackReferences: { platform: { mgmtCidr: "10.0.0.0/20" } },
        });
        const rule = resources.find((r) => r.name === "web-https")!;
        const group = resources.find((r) => r.name === "web")!;
        expect(rule.urn).toBe(
            "urn:pulumi:flood-control::watercloud::openstack:networking/secGroup:SecGroup$openstack:networking/secGroupRule:SecGroupRule::web-https",
        );
        expect(rule.parent).toBe(group.urn);
        expect(rule.propertyDependencies.securityGroupId).toEqual([group.urn]);
        expect(rule.props.remoteIpPrefix).toBe("10.0.0.0/20");
        expect(rule.props.securityGroupId).toBe("web-id");
        expect(rule.provider).toMatch(
            /^urn:pulumi:flood-control::watercloud::pulumi:providers:openstack::tenant::tenant-id$/,
        );
        const user = resources.find((r) => r.name === "u")!;
        expect(user.props.password).toBe("S3cure-pass-word!");
        expect(user.secretProps).toEqual(["password"]);
        expect(resources.map((r) => r.type)).toContain("pulumi:pulumi:Stack");
        // Stack outputs keep secrets out of sight; inputs stay plain for the policies.
        expect(outputs).toEqual({ address: "10.20.1.10", secret: "[secret]" });
    });

    it("in a preview leaves what the cloud computes unknown, and keeps the dependency edges", async () => {
        const { resources, outputs } = await captureProgram(program, {
            stack: "flood-control",
            preview: true,
            stackReferences: { platform: { mgmtCidr: "10.0.0.0/20" } },
        });
        const rule = resources.find((r) => r.name === "web-https")!;
        expect(rule.props.securityGroupId).toEqual({ __pulumiUnknown: true });
        expect(rule.propertyDependencies.securityGroupId).toEqual([resources.find((r) => r.name === "web")!.urn]);
        // The port's fixed IP is the cloud's to choose: the program's output built from it is not known yet.
        expect((outputs as Record<string, unknown>).address).toEqual({ __pulumiUnknown: true });
    });

    it("keeps stacks apart when several are captured in one process", async () => {
        const a = await captureProgram(program, {
            stack: "a",
            stackReferences: { platform: { mgmtCidr: "10.0.0.0/20" } },
        });
        const b = await captureProgram(program, {
            stack: "b",
            stackReferences: { platform: { mgmtCidr: "10.0.0.0/20" } },
        });
        expect(a.resources.length).toBe(b.resources.length);
        expect(b.resources.every((r) => r.urn.startsWith("urn:pulumi:b::"))).toBe(true);
    });

    it("names the missing stack reference", async () => {
        await expect(captureProgram(program, { stack: "x" })).rejects.toThrow(
            'stack reference "platform" has no rendered outputs (known: none)',
        );
    });

    describe("what stack policies see: outputs as the provider returns them", () => {
        const userData = "#cloud-config\nruncmd: [systemctl enable --now wazuh-agent]\n";
        const hosts = (tenantId: pulumi.Input<string>) => () => {
            const provider = new openstack.Provider("tenant", { authUrl: "http://127.0.0.1:5/v3", tenantId });
            const port = new openstack.networking.Port("host-1-port", { networkId: "net" }, { provider });
            new openstack.compute.Instance(
                "host-1",
                { flavorName: "m1.small", userData, networks: [{ port: port.id }] },
                { provider },
            );
            new openstack.networking.SecGroup("web", { deleteDefaultRules: true }, { provider });
        };

        it("stores user data as its SHA-1, as terraform-provider-openstack does, and fills computed outputs", async () => {
            const { resources } = await captureProgram(hosts("project-id"), { stack: "t" });
            const vm = resources.find((r) => r.name === "host-1")!;
            expect(vm.props.userData).toBe(userData);
            expect(vm.outputs!.userData).toBe(createHash("sha1").update(userData).digest("hex"));
            expect(resources.find((r) => r.name === "host-1-port")!.outputs!.allFixedIps).toEqual([]);
            // A provider's outputs are its inputs; stack policies read them as props.
            expect(resources.find((r) => r.type === "pulumi:providers:openstack")!.outputs).toBeUndefined();
        });

        it("in a preview leaves computed outputs unknown", async () => {
            const { resources } = await captureProgram(hosts("project-id"), { stack: "t", preview: true });
            const port = resources.find((r) => r.name === "host-1-port")!;
            expect(port.outputs!.allFixedIps).toBe(UNKNOWN);
            expect(port.outputs!.networkId).toBe("net");
        });

        it("in a preview shows nothing of resources whose provider's configuration is still unknown (the trial's empty properties)", async () => {
            const { resources } = await captureProgram(
                () => {
                    const project = new openstack.identity.Project("p", { name: "t" });
                    hosts(project.id)();
                },
                { stack: "t", preview: true },
            );
            expect(resources.find((r) => r.name === "web")!.props).toEqual({ deleteDefaultRules: true });
            expect(resources.find((r) => r.name === "web")!.outputs).toEqual({});
            const findings = await evaluatePolicies(resources, { stack: "t", policies: [sgEgressRestricted] });
            expect(findings.map((f) => `${f.resourceName}: ${f.message}`)).toEqual([
                "web: deleteDefaultRules is not true: Neutron's default rules allow all egress.",
            ]);
        });
    });
});
