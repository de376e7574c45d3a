import { compute } from "@pulumi/openstack";
import { labelsOf } from "../../lib/labels";
import { resourceRule } from "../../rule";

/**
 * Hypervisor-local disks are neither encrypted nor wiped on release, so app and data hosts boot from a Cinder
 * volume of an encrypted type. RULES.md asks for "mandatory (data), advisory else"; a CrossGuard report carries
 * the policy's one level, so the rule is mandatory and checks the app and data tiers only.
 */
export const instanceEncryptedBootVolume = resourceRule(
    {
        id: "os-instance-encrypted-boot-volume",
        description: "App and data tier instances boot from an encrypted Cinder volume, not a local ephemeral disk.",
        clauses: ["8.1.4.8b", "8.2.4.4c"],
        testIds: ["L3-CES1-28", "L3-CES2-09"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["encryption", "storage"],
        services: ["compute"],
        remediation:
            "Boot from volume: blockDevices [{ sourceType: image, destinationType: volume, bootIndex: 0, volumeType: <encrypted type> }].",
        config: ["encryptedVolumeTypes"],
    },
    compute.Instance,
    (instance, { config }, report) => {
        const tier = labelsOf(instance).tier;
        if (tier !== "app" && tier !== "data") return;
        const devices = instance.blockDevices ?? [];
        const boot = devices.find((d) => d.bootIndex === 0) ?? devices[0];
        if (!boot || boot.destinationType !== "volume") {
            report(`the ${tier}-tier instance boots from a local ephemeral disk; boot from an encrypted volume.`);
            return;
        }
        if (!boot.volumeType || !config.encryptedVolumeTypes.includes(boot.volumeType)) {
            report(
                `the boot volume's volumeType "${boot.volumeType ?? ""}" is not an encrypted type (${config.encryptedVolumeTypes.join(", ")}).`,
            );
        }
    },
);
