import { compute, networking } from "@pulumi/openstack";
import { gzipSync } from "zlib";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { instanceApprovedImage } from "../../../policies/rules/compute/instanceApprovedImage";
import { instanceEncryptedBootVolume } from "../../../policies/rules/compute/instanceEncryptedBootVolume";
import { instanceExplicitSecurityGroups } from "../../../policies/rules/compute/instanceExplicitSecurityGroups";
import { instanceKeypairRequired } from "../../../policies/rules/compute/instanceKeypairRequired";
import { instanceNoAdminPass } from "../../../policies/rules/compute/instanceNoAdminPass";
import { instanceNoSecretsInUserData } from "../../../policies/rules/compute/instanceNoSecretsInUserData";
import { instanceNotOnExternalNet } from "../../../policies/rules/compute/instanceNotOnExternalNet";
import { instanceServerGroup } from "../../../policies/rules/compute/instanceServerGroup";
import { keypairPublicKeyImported } from "../../../policies/rules/compute/keypairPublicKeyImported";
import { keypairStrongAlgorithm, rsaModulusBits } from "../../../policies/rules/compute/keypairStrongAlgorithm";
import { serverGroupNoAffinity } from "../../../policies/rules/compute/serverGroupNoAffinity";
import { brief, createResourceValidationArgs, runResourcePolicy, run, snap, tags } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const HARDENED = "6f1c2a10-0000-4000-8000-000000000001";
const goodHost = {
    imageId: HARDENED,
    keyPair: "ops",
    tags: tags(),
    networks: [{ port: "p-id" }],
    blockDevices: [
        { sourceType: "image", uuid: HARDENED, destinationType: "volume", bootIndex: 0, volumeType: "encrypted-ssd" },
    ],
    schedulerHints: [{ group: "sg-id" }],
};
const vm = (props: Record<string, unknown>) => snap(compute.Instance, "vm", { ...goodHost, ...props });

describe("os-instance-no-admin-pass", () => {
    it("passes without adminPass", async () => {
        expect(await run(instanceNoAdminPass, [vm({})])).toEqual([]);
    });
    it("reports adminPass", async () => {
        expect(brief(await run(instanceNoAdminPass, [vm({ adminPass: "Secret123!" })]))).toEqual([
            [
                "os-instance-no-admin-pass",
                "vm",
                "adminPass is set: the password is stored by Nova and in the Pulumi state.",
            ],
        ]);
    });
    it("cannot evaluate an unknown adminPass", async () => {
        const [f] = await run(instanceNoAdminPass, [vm({ adminPass: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            enforcementLevel: "advisory",
            message: preview("os-instance-no-admin-pass", "adminPass"),
        });
    });
    it("declines other types like the typed helper does (unit args)", async () => {
        const args = createResourceValidationArgs(compute.Keypair, {});
        await expect(runResourcePolicy(instanceNoAdminPass, args)).rejects.toThrow(
            "Policy only applies to resources of type 'openstack:compute/instance:Instance'",
        );
    });
});

describe("os-instance-keypair-required", () => {
    it("passes with a keyPair, and for Windows hosts", async () => {
        expect(
            await run(instanceKeypairRequired, [vm({}), vm({ keyPair: undefined, tags: tags({ os: "windows" }) })]),
        ).toEqual([]);
    });
    it("reports a Linux host without keyPair", async () => {
        expect(brief(await run(instanceKeypairRequired, [vm({ keyPair: undefined })]))).toEqual([
            ["os-instance-keypair-required", "vm", "keyPair is not set: the host has no cryptographic login factor."],
        ]);
    });
    it("cannot evaluate unknown tags", async () => {
        const [f] = await run(instanceKeypairRequired, [vm({ tags: UNKNOWN })]);
        expect(f.message).toBe(preview("os-instance-keypair-required", "tags"));
    });
});

describe("os-instance-no-secrets-in-user-data", () => {
    const rule = "os-instance-no-secrets-in-user-data";
    const tail = ": user data is readable through the metadata API and stored unencrypted.";
    const b64 = (t: string) => Buffer.from(t, "utf8").toString("base64");
    const kinds = async (userData: string) => {
        const [f] = await run(instanceNoSecretsInUserData, [vm({ userData })]);
        return f ? f.message.replace(/^userData contains /, "").replace(tail, "") : "nothing";
    };
    it("passes plain cloud-init, cloud-init's secure settings and values resolved at run time", async () => {
        const secure = [
            "#cloud-config",
            "packages: [chrony]",
            "password_policy: strict_from_vault ${PW}",
            "ssh_pwauth: false",
            "users:",
            "  - name: ops",
            "    lock_passwd: true",
            "    passwd: $6$rounds=4096$salt$hash",
            "chpasswd: { expire: true }",
            "chpasswd:",
            "  expire: false",
            "  list: |",
            "    root:RANDOM",
            "runcmd:",
            "  - export DB_PASS=$(openstack secret get -p $REF)",
            "  - echo DB_PASSWORD_FILE=/run/secrets/db >> /etc/app.env",
            "  - mkdir -p /srv/bypass; echo bypass=1 >> /etc/app.env",
            "  - echo token: {{ vault_token }} > /etc/app.yaml",
            "",
        ].join("\n");
        expect(
            await run(instanceNoSecretsInUserData, [vm({ userData: secure }), vm({ userData: b64(secure) })]),
        ).toEqual([]);
    });
    it("reports a private key and a password", async () => {
        const userData =
            "#cloud-config\nwrite_files:\n- content: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    abc\nchpasswd: { list: 'root:x' }\nDB_PASSWORD=hunter22\n";
        expect(brief(await run(instanceNoSecretsInUserData, [vm({ userData })]))).toEqual([
            [
                rule,
                "vm",
                `userData contains a private key and a password assignment and a password set through chpasswd${tail}`,
            ],
        ]);
    });
    it("finds a password set through chpasswd, in shell and in cloud-init", async () => {
        expect(await kinds("#!/bin/sh\necho 'root:S3cure!pw' | chpasswd\n")).toBe("a password set through chpasswd");
        expect(await kinds('#!/bin/bash\necho "admin:Passw0rd" | sudo chpasswd\n')).toBe(
            "a password set through chpasswd",
        );
        expect(await kinds("#!/bin/bash\nchpasswd <<< 'root:toor'\n")).toBe("a password set through chpasswd");
        expect(
            await kinds("#cloud-config\nchpasswd:\n  list: |\n    root:toor\n    ops:RANDOM\n  expire: false\n"),
        ).toBe("a password set through chpasswd");
        expect(
            await kinds(
                "#cloud-config\nchpasswd:\n  users:\n    - name: root\n      password: toor\n      type: text\n",
            ),
        ).toBe("a password assignment and a password set through chpasswd");
    });
    it("finds a password fed to chpasswd from a here-document", async () => {
        expect(await kinds("#!/bin/bash\nchpasswd <<'EOF'\nroot:S3cure!pw\nEOF\n")).toBe(
            "a password set through chpasswd",
        );
        expect(await kinds("#!/bin/bash\ncat <<EOF | chpasswd\nops:S3cure!pw\nEOF\n")).toBe(
            "a password set through chpasswd",
        );
        expect(await kinds("#!/bin/bash\nchpasswd -e <<EOF\nroot:$6$salt$hash\nEOF\n")).toBe("nothing");
        expect(await kinds("#!/bin/bash\nchpasswd <<EOF\nroot:${ROOT_PW}\nEOF\n")).toBe("nothing");
    });
    it("finds a password set through passwd --stdin or hashed by openssl passwd in the script", async () => {
        expect(await kinds("#!/bin/bash\necho 'S3cure!pw' | passwd --stdin root\n")).toBe(
            "a password set through passwd",
        );
        expect(await kinds('#!/bin/bash\npasswd --stdin ops <<< "S3cure!pw"\n')).toBe("a password set through passwd");
        expect(await kinds('#!/bin/bash\nusermod -p "$(openssl passwd -6 -salt xyz S3cure!pw)" root\n')).toBe(
            "a password set through passwd",
        );
        expect(await kinds('#!/bin/bash\necho "$ROOT_PW" | passwd --stdin root\npasswd -l ops\n')).toBe("nothing");
        expect(await kinds('#!/bin/bash\nuseradd -p "$(openssl passwd -6 -stdin < /run/pw)" ops\n')).toBe("nothing");
    });
    it("finds assignments of every shape: shell variables, YAML, JSON, options", async () => {
        expect(await kinds("#!/bin/sh\nDB_PASS=s3cr3t ./start\n")).toBe("a password assignment");
        expect(await kinds("#!/bin/sh\nexport PGPASSWORD='pg-Secret9'\n")).toBe("a password assignment");
        expect(await kinds('{"db": {"password": "Hunter2!"}}')).toBe("a password assignment");
        expect(await kinds("#!/bin/sh\nmysql --password=Root123 -e 'select 1'\n")).toBe("a password assignment");
        expect(await kinds("#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: changeme\n")).toBe(
            "a password assignment",
        );
        expect(await kinds("#!/bin/sh\nK3S_TOKEN=K10abcdef::server:1234\n")).toBe("a token or secret assignment");
    });
    it("decodes base64 user data, gzip inside base64 and base64 files cloud-init writes", async () => {
        expect(await kinds(b64("#!/bin/sh\necho 'root:S3cure!pw' | chpasswd\n"))).toBe(
            "a password set through chpasswd",
        );
        expect(await kinds(gzipSync(Buffer.from("DB_PASS=s3cr3t\n")).toString("base64"))).toBe("a password assignment");
        const writeFiles = `#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    encoding: b64\n    content: ${b64("API_KEY=abcd1234efgh5678\n")}\n`;
        expect(await kinds(writeFiles)).toBe("a token or secret assignment");
    });
    it("reads files injected through Nova (personalities)", async () => {
        const f = await run(instanceNoSecretsInUserData, [
            vm({
                personalities: [
                    { file: "/etc/motd", content: "welcome" },
                    { file: "/etc/app.env", content: "DB_PASS=s3cr3t\n" },
                ],
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "vm",
                "personalities[1] (/etc/app.env) injects a password assignment: injected files are readable through the metadata API and stored unencrypted.",
            ],
        ]);
    });
    it("cannot evaluate unknown user data", async () => {
        const [f] = await run(instanceNoSecretsInUserData, [vm({ userData: UNKNOWN })]);
        expect(f.message).toBe(preview(rule, "userData"));
    });
});

describe("os-instance-approved-image", () => {
    it("passes hardened images by id and by name", async () => {
        expect(
            await run(instanceApprovedImage, [vm({}), vm({ imageId: undefined, imageName: "rocky-9-hardened" })]),
        ).toEqual([]);
    });
    it("reports an image that is not hardened, also in block devices", async () => {
        const allowed = "kylin-v10-sp3-hardened, openeuler-22.03-hardened, rocky-9-hardened";
        const f = await run(instanceApprovedImage, [
            vm({
                imageId: undefined,
                imageName: "ubuntu-22.04",
                blockDevices: [{ sourceType: "image", uuid: "img-1", destinationType: "volume" }],
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-instance-approved-image",
                "vm",
                `imageName "ubuntu-22.04" is not a hardened image (allowed: ${allowed}).`,
            ],
            [
                "os-instance-approved-image",
                "vm",
                `blockDevices[0] boots image "img-1", which is not a hardened image (allowed: ${allowed}).`,
            ],
        ]);
    });
    it("reads the allow-list from config", async () => {
        const f = await run(instanceApprovedImage, [vm({ imageId: "x", blockDevices: [] })], {
            hardenedImages: [{ name: "custom", id: "x" }],
        });
        expect(f).toEqual([]);
    });
    it("cannot evaluate an unknown image id", async () => {
        const [f] = await run(instanceApprovedImage, [vm({ imageId: UNKNOWN })]);
        expect(f.message).toBe(preview("os-instance-approved-image", "imageId"));
    });
});

describe("os-instance-explicit-security-groups", () => {
    const rule = "os-instance-explicit-security-groups";
    const DEFAULTS = { defaultSecurityGroupIds: ["default-sg-id"] };
    it("passes port attachments and explicit groups", async () => {
        expect(
            await run(instanceExplicitSecurityGroups, [
                vm({}),
                vm({ networks: [{ uuid: "n" }], securityGroups: ["web"] }),
            ]),
        ).toEqual([]);
    });
    it("reports the default group, alone or beside the host's own, and no group", async () => {
        const f = await run(instanceExplicitSecurityGroups, [
            snap(compute.Instance, "a", { networks: [{ uuid: "n" }], securityGroups: ["default"] }),
            snap(compute.Instance, "b", { networks: [{ uuid: "n" }] }),
            snap(compute.Instance, "c", { networks: [{ uuid: "n" }], securityGroups: ["default", "app"] }),
        ]);
        expect(brief(f)).toEqual([
            [
                rule,
                "a",
                'securityGroups is ["default"]: the default group admits all traffic from its members and all egress.',
            ],
            [
                rule,
                "b",
                'securityGroups is empty and not every network attaches through a port: the instance falls into the "default" security group.',
            ],
            [
                rule,
                "c",
                'securityGroups ["default","app"] includes "default": its rules admit all traffic from its members and all egress, whatever the other groups allow.',
            ],
        ]);
    });
    it("judges the ports a host attaches through: a port without groups lands in default", async () => {
        const f = await run(
            instanceExplicitSecurityGroups,
            [
                snap(networking.Port, "bare", { networkId: "n" }),
                snap(networking.Port, "own", { networkId: "n", securityGroupIds: [UNKNOWN] }),
                snap(networking.Port, "with-default", {
                    networkId: "n",
                    securityGroupIds: ["app-sg-id", "default-sg-id"],
                }),
                // No groups apply at all: os-port-security-on's finding, not this one's.
                snap(networking.Port, "unsecured", { networkId: "n", portSecurityEnabled: false }),
                snap(networking.Port, "opted-out", { networkId: "n", noSecurityGroups: true }),
            ],
            DEFAULTS,
        );
        expect(brief(f)).toEqual([
            [
                rule,
                "bare",
                "the port names no securityGroupIds: Neutron puts it in the project's default security group.",
            ],
            [
                rule,
                "with-default",
                "securityGroupIds includes the project's default security group: its rules admit all traffic from its members and all egress.",
            ],
        ]);
    });
    it("judges rules added to the project's default group (found by a lookup by name), not rules of the stack's own groups", async () => {
        const f = await run(
            instanceExplicitSecurityGroups,
            [
                snap(networking.SecGroupRule, "opens-default", {
                    securityGroupId: "default-sg-id",
                    direction: "ingress",
                    protocol: "tcp",
                    portRangeMin: 80,
                    portRangeMax: 80,
                    remoteIpPrefix: "10.0.0.0/8",
                }),
                snap(networking.SecGroupRule, "own-group", {
                    securityGroupId: UNKNOWN,
                    direction: "ingress",
                    protocol: "tcp",
                    portRangeMin: 80,
                    portRangeMax: 80,
                    remoteIpPrefix: "10.0.0.0/8",
                }),
            ],
            DEFAULTS,
        );
        expect(brief(f)).toEqual([
            [
                rule,
                "opens-default",
                "the rule is added to the project's default security group, which every port without a group of its own lands in: keep default closed.",
            ],
        ]);
    });
    it("decides at preview when the port ids are unknown: every network attaches through a port", async () => {
        expect(
            await run(instanceExplicitSecurityGroups, [vm({ networks: [{ port: UNKNOWN }], securityGroups: [] })]),
        ).toEqual([]);
    });
    it("cannot evaluate unknown networks", async () => {
        const [f] = await run(instanceExplicitSecurityGroups, [vm({ networks: UNKNOWN })]);
        expect(f.message).toBe(preview(rule, "networks"));
    });
});

describe("os-instance-not-on-external-net", () => {
    const rule = "os-instance-not-on-external-net";
    const EXTERNAL = { externalNetworks: [{ name: "provider-public", id: "ext-1" }] };
    it("passes tenant networks, ports on them, and ids unknown at preview (networks this stack creates)", async () => {
        const f = await run(
            instanceNotOnExternalNet,
            [
                vm({ networks: [{ name: "app-net" }, { uuid: "app-net-id" }, { uuid: UNKNOWN }] }),
                snap(networking.Port, "p", { networkId: UNKNOWN }),
                snap(networking.Port, "q", { networkId: "app-net-id" }),
            ],
            EXTERNAL,
        );
        expect(f).toEqual([]);
    });
    it("reports the provider network by name and by its id, directly or through a port on it", async () => {
        const f = await run(
            instanceNotOnExternalNet,
            [
                vm({ networks: [{ port: "p" }, { name: "provider-public" }, { uuid: "ext-1" }] }),
                snap(networking.Port, "ext-port", { networkId: "ext-1" }),
            ],
            EXTERNAL,
        );
        expect(brief(f)).toEqual([
            [rule, "vm", 'networks[1] attaches to the external network "provider-public".'],
            [rule, "vm", 'networks[2] attaches to the external network "provider-public" by its id.'],
            [
                rule,
                "ext-port",
                'the port is on the external network "provider-public": whatever attaches through it sits on the border.',
            ],
        ]);
    });
    it("reports an interface on the provider network attached afterwards, and passes one on a tenant network or port", async () => {
        const f = await run(
            instanceNotOnExternalNet,
            [
                snap(compute.InterfaceAttach, "ext-nic", { instanceId: "vm-id", networkId: "ext-1" }),
                snap(compute.InterfaceAttach, "app-nic", { instanceId: "vm-id", networkId: "app-net-id" }),
                snap(compute.InterfaceAttach, "port-nic", { instanceId: "vm-id", portId: "p-1" }),
                snap(compute.InterfaceAttach, "new-net-nic", { instanceId: "vm-id", networkId: UNKNOWN }),
            ],
            EXTERNAL,
        );
        expect(brief(f)).toEqual([
            [
                rule,
                "ext-nic",
                'the interface attaches the instance to the external network "provider-public": the host sits on the border.',
            ],
        ]);
    });
    it("cannot evaluate an unknown network name", async () => {
        const [f] = await run(instanceNotOnExternalNet, [vm({ networks: [{ name: UNKNOWN }] })]);
        expect(f.message).toBe(preview(rule, "networks.0.name"));
    });
});

describe("os-instance-encrypted-boot-volume", () => {
    it("passes an encrypted boot volume, and ignores web hosts", async () => {
        expect(
            await run(instanceEncryptedBootVolume, [
                vm({}),
                vm({ blockDevices: undefined, tags: tags({ tier: "web" }) }),
            ]),
        ).toEqual([]);
    });
    it("reports local root disks and plain volume types", async () => {
        const f = await run(instanceEncryptedBootVolume, [
            snap(compute.Instance, "local", { tags: tags({ tier: "data" }) }),
            snap(compute.Instance, "plain", {
                tags: tags(),
                blockDevices: [{ sourceType: "image", destinationType: "volume", bootIndex: 0, volumeType: "ssd" }],
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-instance-encrypted-boot-volume",
                "local",
                "the data-tier instance boots from a local ephemeral disk; boot from an encrypted volume.",
            ],
            [
                "os-instance-encrypted-boot-volume",
                "plain",
                'the boot volume\'s volumeType "ssd" is not an encrypted type (encrypted-ssd, encrypted-hdd).',
            ],
        ]);
    });
    it("cannot evaluate an unknown volume type", async () => {
        const [f] = await run(instanceEncryptedBootVolume, [
            vm({
                blockDevices: [{ sourceType: "image", destinationType: "volume", bootIndex: 0, volumeType: UNKNOWN }],
            }),
        ]);
        expect(f.message).toBe(preview("os-instance-encrypted-boot-volume", "blockDevices.0.volumeType"));
    });
});

describe("os-instance-server-group", () => {
    it("passes grouped app hosts and ungrouped mgmt hosts", async () => {
        expect(
            await run(instanceServerGroup, [vm({}), vm({ schedulerHints: undefined, tags: tags({ tier: "mgmt" }) })]),
        ).toEqual([]);
    });
    it("reports an ungrouped web host as advisory", async () => {
        const f = await run(instanceServerGroup, [vm({ schedulerHints: [], tags: tags({ tier: "web" }) })]);
        expect(brief(f)).toEqual([
            [
                "os-instance-server-group",
                "vm",
                "the web-tier instance has no schedulerHints group: replicas may land on one hypervisor.",
            ],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("decides at preview when the group id is unknown: a group is set", async () => {
        expect(
            await run(instanceServerGroup, [vm({ schedulerHints: [{ group: UNKNOWN }], tags: tags({ tier: "app" }) })]),
        ).toEqual([]);
    });
    it("cannot evaluate unknown hints", async () => {
        const [f] = await run(instanceServerGroup, [vm({ schedulerHints: UNKNOWN })]);
        expect(f.message).toBe(preview("os-instance-server-group", "schedulerHints"));
    });
});

describe("os-servergroup-no-affinity", () => {
    const g = (policies: unknown) => snap(compute.ServerGroup, "grp", { policies });
    it("passes anti-affinity", async () => {
        expect(await run(serverGroupNoAffinity, [g(["anti-affinity"]), g(["soft-anti-affinity"])])).toEqual([]);
    });
    it("reports affinity and empty policies", async () => {
        expect(brief(await run(serverGroupNoAffinity, [g(["affinity"]), g([])]))).toEqual([
            [
                "os-servergroup-no-affinity",
                "grp",
                'policies ["affinity"] do not spread members over hosts (use anti-affinity or soft-anti-affinity).',
            ],
            [
                "os-servergroup-no-affinity",
                "grp",
                "policies is empty: the group does not spread its members over hosts.",
            ],
        ]);
    });
    it("cannot evaluate unknown policies", async () => {
        const [f] = await run(serverGroupNoAffinity, [g(UNKNOWN)]);
        expect(f.message).toBe(preview("os-servergroup-no-affinity", "policies"));
    });
});

// ssh-keygen output, shortened bodies are built from the wire format.
function rsaKey(bits: number): string {
    const str = lenPrefixed;
    const modulus = Buffer.alloc(bits / 8 + 1, 0xff);
    modulus[0] = 0;
    return `ssh-rsa ${Buffer.concat([str(Buffer.from("ssh-rsa")), str(Buffer.from([1, 0, 1])), str(modulus)]).toString("base64")} ops@host`;
}
function lenPrefixed(b: Buffer): Buffer {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
}

describe("os-keypair-public-key-imported / os-keypair-strong-algorithm", () => {
    const kp = (publicKey: unknown) => snap(compute.Keypair, "ops", { publicKey });
    it("decodes RSA modulus sizes", () => {
        expect(rsaModulusBits(rsaKey(2048).split(" ")[1])).toBe(2048);
        expect(rsaModulusBits(rsaKey(4096).split(" ")[1])).toBe(4096);
    });
    it("passes imported ed25519 and 4096-bit RSA keys", async () => {
        const keys = [kp("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG ops@host"), kp(rsaKey(4096))];
        expect(await run(keypairPublicKeyImported, keys)).toEqual([]);
        expect(await run(keypairStrongAlgorithm, keys)).toEqual([]);
    });
    it("reports a generated key pair", async () => {
        expect(brief(await run(keypairPublicKeyImported, [kp(undefined)]))).toEqual([
            [
                "os-keypair-public-key-imported",
                "ops",
                "publicKey is not set: Nova generates the key pair and the private key is stored in the Pulumi state.",
            ],
        ]);
    });
    it("reports weak keys", async () => {
        expect(brief(await run(keypairStrongAlgorithm, [kp(rsaKey(2048)), kp("ssh-dss AAAAB3NzaC1kc3M= x")]))).toEqual([
            [
                "os-keypair-strong-algorithm",
                "ops",
                "publicKey is a 2048-bit RSA key; use at least 3072 bits or ed25519.",
            ],
            [
                "os-keypair-strong-algorithm",
                "ops",
                'publicKey uses the weak or unknown algorithm "ssh-dss"; use ed25519, ECDSA or RSA of at least 3072 bits.',
            ],
        ]);
    });
    it("cannot evaluate an unknown key", async () => {
        expect((await run(keypairPublicKeyImported, [kp(UNKNOWN)]))[0].message).toBe(
            preview("os-keypair-public-key-imported", "publicKey"),
        );
        expect((await run(keypairStrongAlgorithm, [kp(UNKNOWN)]))[0].message).toBe(
            preview("os-keypair-strong-algorithm", "publicKey"),
        );
    });
});
