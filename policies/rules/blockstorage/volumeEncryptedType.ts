import { blockstorage } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** The tenant's provider cannot see a type's encryption spec, so the platform publishes the LUKS types. */
export const volumeEncryptedType = resourceRule(
    {
        id: "os-volume-encrypted-type",
        description: "Volumes use a volume type from the platform's encrypted (LUKS) allow-list.",
        clauses: ["8.1.4.8b", "8.2.4.4c"],
        testIds: ["L3-CES1-28", "L3-CES2-09"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["encryption", "storage"],
        services: ["blockstorage"],
        remediation: "Set volumeType to one of the platform's encrypted types.",
        config: ["encryptedVolumeTypes"],
    },
    blockstorage.Volume,
    (volume, { config }, report) => {
        const allowed = config.encryptedVolumeTypes;
        if (!volume.volumeType)
            report(`volumeType is not set: the default type is not encrypted (use ${allowed.join(", ")}).`);
        else if (!allowed.includes(volume.volumeType))
            report(`volumeType "${volume.volumeType}" is not an encrypted type (use ${allowed.join(", ")}).`);
    },
);
