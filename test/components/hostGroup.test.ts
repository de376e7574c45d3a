import { createHash } from "crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HostGroup } from "../../components/compute/hostGroup";
import {
    ED25519_KEY,
    childSet,
    find,
    floodControlContext,
    installMocks,
    ofType,
    resetRegistry,
    settle,
    unwrap,
} from "./harness";

const INSTANCE = "openstack:compute/instance:Instance";
const PORT = "openstack:networking/port:Port";

describe("HostGroup", () => {
    beforeAll(installMocks);
    beforeEach(resetRegistry);

    it("creates a keypair, an anti-affinity group and a port plus instance per ordinal", async () => {
        const hg = new HostGroup("portal-app", {
            context: floodControlContext(),
            tier: "app",
            count: 3,
            flavor: "m1.medium",
        });
        await settle();
        expect(childSet()).toEqual(
            [
                "openstack:compute/keypair:Keypair::portal-app-key",
                "openstack:compute/serverGroup:ServerGroup::portal-app-group",
                `${INSTANCE}::portal-app-1`,
                `${INSTANCE}::portal-app-2`,
                `${INSTANCE}::portal-app-3`,
                `${PORT}::portal-app-1-port`,
                `${PORT}::portal-app-2-port`,
                `${PORT}::portal-app-3-port`,
            ].sort(),
        );
        expect(find("openstack:compute/serverGroup:ServerGroup", "portal-app-group").inputs.policies).toEqual([
            "anti-affinity",
        ]);
        expect(find("openstack:compute/keypair:Keypair", "portal-app-key").inputs.publicKey).toBe(ED25519_KEY);
        expect(hg.hostNames).toEqual(["portal-app-1", "portal-app-2", "portal-app-3"]);
        expect(await unwrap(hg.addresses)).toEqual(["10.99.0.3", "10.99.0.4", "10.99.0.5"]);
    });

    it("boots from an encrypted volume of a hardened image, with key, no password and full labels", async () => {
        new HostGroup("portal-app", {
            context: floodControlContext(),
            tier: "app",
            count: 2,
            flavor: "m1.large",
            dataClass: "sensitive",
        });
        await settle();
        const vm = find(INSTANCE, "portal-app-2").inputs;
        expect(vm.adminPass).toBeUndefined();
        expect(vm.keyPair).toBe("portal-app-key");
        expect(vm.flavorName).toBe("m1.large");
        expect(vm.availabilityZone).toBe("az2");
        expect(vm.imageId).toBeUndefined();
        expect(vm.blockDevices).toEqual([
            {
                sourceType: "image",
                uuid: "6f1c2a10-0000-4000-8000-000000000001",
                destinationType: "volume",
                volumeType: "encrypted-ssd",
                volumeSize: 40,
                bootIndex: 0,
                deleteOnTermination: true,
            },
        ]);
        expect(vm.networks).toEqual([{ port: "portal-app-2-port-id" }]);
        expect(vm.schedulerHints).toEqual([{ group: "portal-app-group-id" }]);
        expect(vm.metadata).toEqual({
            blueprint: "web-app@1.0.0",
            component: "portal-app",
            "data-class": "sensitive",
            hids: "true",
            "mlps-level": "3",
            owner: "flood-it",
            role: "app",
            service: "portal",
            tenant: "flood-control",
            tier: "app",
            // What the policy pack sees of the cloud-init under the engine, which stores user data as its SHA-1.
            "cloud-init-sha1": createHash("sha1").update(vm.userData, "utf8").digest("hex"),
            "audit-sink": "10.0.0.20:6514",
            "ntp-servers": "10.0.0.5,10.0.0.6",
            "hids-agent": "wazuh-agent",
            "node-exporter": "9100",
        });
        expect(vm.tags).toContain("tier=app");
        expect(vm.tags).toContain("mlps-level=3");
        const port = find(PORT, "portal-app-2-port").inputs;
        expect(port).toMatchObject({
            networkId: "fc-net-id",
            fixedIps: [{ subnetId: "fc-app-subnet" }],
            securityGroupIds: ["fc-app-sg"],
            portSecurityEnabled: true,
        });
        expect(ofType("openstack:networking/floatingIp:FloatingIp")).toHaveLength(0);
    });

    it("writes cloud-init that forwards logs over TLS, uses platform NTP, installs HIDS and carries no secrets", async () => {
        new HostGroup("portal-web", { context: floodControlContext(), tier: "web", count: 1, flavor: "m1.small" });
        await settle();
        const ud: string = find(INSTANCE, "portal-web-1").inputs.userData;
        expect(ud.startsWith("#cloud-config\n")).toBe(true);
        expect(ud).toContain('target="10.0.0.20" port="6514" protocol="tcp"');
        expect(ud).toContain('StreamDriver="gtls" StreamDriverMode="1"');
        expect(ud).toContain("server 10.0.0.5 iburst");
        expect(ud).toContain("server 10.0.0.6 iburst");
        expect(ud).toContain("systemctl enable --now wazuh-agent");
        expect(ud).toContain("ssh_pwauth: false");
        expect(ud).not.toMatch(/password=|PRIVATE KEY|token/i);
    });

    it("switches to soft-anti-affinity when there are more hosts than AZs, spreading round-robin", async () => {
        const hg = new HostGroup("portal-app", {
            context: floodControlContext(),
            tier: "app",
            count: 4,
            flavor: "m1.medium",
        });
        await settle();
        expect(find("openstack:compute/serverGroup:ServerGroup", "portal-app-group").inputs.policies).toEqual([
            "soft-anti-affinity",
        ]);
        expect(hg.availabilityZones).toEqual(["az1", "az2", "az3", "az1"]);
    });

    it("parents every child to the component and names the component type in their URNs", async () => {
        const hg = new HostGroup("portal-app", {
            context: floodControlContext(),
            tier: "app",
            count: 1,
            flavor: "m1.medium",
        });
        const urn = await unwrap(hg.urn);
        expect(urn).toBe("urn:pulumi:test::watercloud::watercloud:compute:HostGroup::portal-app");
        expect(await unwrap(hg.instances[0].urn)).toBe(
            "urn:pulumi:test::watercloud::watercloud:compute:HostGroup$openstack:compute/instance:Instance::portal-app-1",
        );
        expect(await unwrap(hg.ports[0].urn)).toBe(
            "urn:pulumi:test::watercloud::watercloud:compute:HostGroup$openstack:networking/port:Port::portal-app-1-port",
        );
    });

    it.each([
        [
            { flavor: "m9.huge" },
            'HostGroup "portal-app": flavor "m9.huge" is not in the platform flavor list (m1.small, m1.medium, m1.large, m1.xlarge)',
        ],
        [
            { image: "ubuntu-22.04" },
            'HostGroup "portal-app": image "ubuntu-22.04" is not in the platform hardened image list (kylin-v10-sp3-hardened, openeuler-22.03-hardened, rocky-9-hardened)',
        ],
        [{ tier: "mgmt" }, 'HostGroup "portal-app": tier "mgmt" is not one of the allowed values (web, app, data)'],
        [{ count: 0 }, 'HostGroup "portal-app": count must be an integer from 1 to 100, got 0'],
        [{ count: 1.5 }, 'HostGroup "portal-app": count must be an integer from 1 to 100, got 1.5'],
        [
            { bootVolumeType: "standard" },
            'HostGroup "portal-app": bootVolumeType "standard" is not in the platform encrypted volume type list (encrypted-ssd, encrypted-hdd)',
        ],
        [
            { dataClass: "secret" },
            'HostGroup "portal-app": dataClass "secret" is not one of the allowed values (public, internal, sensitive, critical)',
        ],
        [
            { sshPublicKey: "ssh-dss AAAAB3NzaC1kc3MAAAAA" },
            'HostGroup "portal-app": sshPublicKey uses ssh-dss (allowed: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa >= 3072 bits)',
        ],
        [
            { sshPublicKey: "ssh-ed25519 AAAAB3NzaC1kc3MAAAAA" },
            'HostGroup "portal-app": sshPublicKey is not an OpenSSH public key (the key blob does not match its type)',
        ],
    ])("rejects %o", (bad, message) => {
        expect(
            () =>
                new HostGroup("portal-app", {
                    context: floodControlContext(),
                    tier: "app",
                    count: 2,
                    flavor: "m1.medium",
                    ...(bad as object),
                }),
        ).toThrow(message);
    });

    it("requires a key when the context has none", () => {
        expect(
            () =>
                new HostGroup("portal-app", {
                    context: floodControlContext({ sshPublicKey: undefined }),
                    tier: "app",
                    count: 1,
                    flavor: "m1.small",
                }),
        ).toThrow(
            'HostGroup "portal-app": sshPublicKey is required (neither the args nor the tenant context carry one)',
        );
    });
});
