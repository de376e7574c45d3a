/** The platform stack file (stacks/Pulumi.platform.yaml) gone wrong: every stack reads it. */
import type { BadCase, Expected } from "../harness";

const PF = "stacks/Pulumi.platform.yaml";

const pf = (name: string, from: string | RegExp, to: string, stderr: Expected): BadCase => ({
    name,
    setup: (p) => p.edit(PF, from, to),
    args: ["check", "flood-control"],
    stderr,
});

export const platformCases: BadCase[] = [
    pf("the platform at mlpsLevel 2", "    mlpsLevel: 3", "    mlpsLevel: 2", [
        "stacks/Pulumi.platform.yaml:5:16: error: mlpsLevel: must be 3: watercloud's rules are the level-3 requirements (got integer 2)",
    ]),
    pf(
        "the platform without availability zones",
        "    availabilityZones: [az1, az2, az3]",
        "    availabilityZones: []",
        ["stacks/Pulumi.platform.yaml:7:24: error: availabilityZones: needs at least 1 item(s)"],
    ),
    pf("the management network not a block", "    mgmtCidr: 10.0.0.0/20", "    mgmtCidr: 10.0.0.0", [
        "stacks/Pulumi.platform.yaml:10:15: error: mgmtCidr: must be an IPv4 CIDR block such as 10.20.0.0/16",
    ]),
    pf(
        "a bastion flavor not in the flavor list",
        "      flavor: m1.small\n      image:",
        "      flavor: m9.tiny\n      image:",
        [
            "stacks/Pulumi.platform.yaml:31:15: error: unknown flavor 'm9.tiny' (flavors: m1.small, m1.medium, m1.large, m1.xlarge)",
        ],
    ),
    pf("an unknown platform field", "    region: cn-east-1", "    region: cn-east-1\n    zone: a", [
        "stacks/Pulumi.platform.yaml:7:5: error: watercloud:platform: unknown field 'zone' (known: mlpsLevel, region, availabilityZones, approvedSites, backupTarget, mgmtCidr, platformDataCidr, externalNetwork, hardenedImages, encryptedVolumeTypes, flavors, storagePolicies, auditSink, ntpServers, bastion, databaseClusters, databaseService, cacheClusters, monitoring)",
    ]),
    {
        name: "no platform stack file",
        setup: (p) => p.remove(PF),
        args: ["check", "flood-control"],
        stderr: ["stacks/Pulumi.platform.yaml:1:1: error: the platform stack file is missing"],
    },
    {
        name: "a stray Pulumi.platform.yml beside the .yaml",
        setup: (p) => p.write("stacks/Pulumi.platform.yml", p.read(PF)),
        args: ["check", "flood-control"],
        stderr: [
            "stacks/Pulumi.platform.yml:1:1: error: both Pulumi.platform.yaml and Pulumi.platform.yml configure stack 'platform'; merge them into Pulumi.platform.yaml and delete Pulumi.platform.yml",
        ],
    },
];
