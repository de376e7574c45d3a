import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const keypairPublicKeyImported = resourceRule(
    {
        id: "os-keypair-public-key-imported",
        description: "Key pairs import a public key; Nova never generates the private key.",
        clauses: ["8.1.4.1a", "8.1.4.8b"],
        testIds: ["L3-CES1-01", "L3-CES1-28"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["authentication", "secrets"],
        services: ["compute"],
        remediation: "Set publicKey to a key generated and held outside the cloud.",
    },
    compute.Keypair,
    (keypair, _ctx, report) => {
        if (!keypair.publicKey)
            report(
                "publicKey is not set: Nova generates the key pair and the private key is stored in the Pulumi state.",
            );
    },
);
