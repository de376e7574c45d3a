import { compute } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

/** The SSH key is the cryptographic factor; the bastion adds the second one (stack-bastion-required). */
export const instanceKeypairRequired = resourceRule(
    {
        id: "os-instance-keypair-required",
        description: "Linux instances are provisioned with an SSH key pair.",
        clauses: ["8.1.4.1d"],
        testIds: ["L3-CES1-04"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["authentication"],
        services: ["compute"],
        remediation: "Set keyPair to an imported compute.Keypair (Windows hosts: label os=windows).",
    },
    compute.Instance,
    (instance, _ctx, report) => {
        if (labelsOf(instance).os === "windows") return;
        if (!instance.keyPair) report("keyPair is not set: the host has no cryptographic login factor.");
    },
);
