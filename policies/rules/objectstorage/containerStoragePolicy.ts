import { objectstorage } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const containerStoragePolicy = resourceRule(
    {
        id: "os-container-storage-policy",
        description: "Containers use an approved in-country replicated or erasure-coded storage policy.",
        clauses: ["8.2.4.6c", "8.2.4.5a"],
        testIds: ["L3-CES2-16", "L3-CES2-10"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["storage", "residency", "backup"],
        services: ["objectstorage"],
        remediation: "Set storagePolicy to an approved policy.",
        config: ["approvedStoragePolicies"],
    },
    objectstorage.Container,
    (container, { config }, report) => {
        const allowed = config.approvedStoragePolicies.join(", ");
        if (!container.storagePolicy)
            report(`storagePolicy is not set: the cluster default may not be replicated in country (use ${allowed}).`);
        else if (!config.approvedStoragePolicies.includes(container.storagePolicy)) {
            report(`storagePolicy "${container.storagePolicy}" is not approved (use ${allowed}).`);
        }
    },
);
