import { keymanager } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const secretNoInlineKey = resourceRule(
    {
        id: "os-secret-no-inline-key",
        description: "Symmetric and private keys are generated in Barbican, never passed in as a payload.",
        clauses: ["8.1.4.8b", "8.2.4.5d"],
        testIds: ["L3-CES1-28", "L3-CES2-13"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["cryptography", "secrets"],
        services: ["keymanager"],
        remediation: "Generate the key with keymanager.OrderV1 (type key or asymmetric) instead of SecretV1.payload.",
    },
    keymanager.SecretV1,
    (secret, _ctx, report) => {
        if ((secret.secretType === "symmetric" || secret.secretType === "private") && secret.payload) {
            report(
                `payload carries a ${secret.secretType} key: the key material is in the program and the Pulumi state.`,
            );
        }
    },
);
