import { compute } from "@pulumi/openstack";
import { secretsIn } from "../../lib/secretText";
import { resourceRule } from "../../rule";

/**
 * User data and files injected through Nova (`personalities`) are both readable through the metadata API and kept
 * unencrypted by Nova; a secret in either, however encoded, is a secret at rest in the clear.
 */
export const instanceNoSecretsInUserData = resourceRule(
    {
        id: "os-instance-no-secrets-in-user-data",
        description:
            "Instance user data and injected files carry no passwords, private keys or tokens, in any encoding.",
        clauses: ["8.1.4.8b"],
        testIds: ["L3-CES1-28"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["secrets"],
        services: ["compute"],
        remediation:
            "Fetch secrets at boot from Barbican (keymanager) instead of writing them into userData or injected files.",
    },
    compute.Instance,
    (instance, _ctx, report) => {
        const data = instance.userData;
        if (typeof data === "string" && data) {
            const found = secretsIn(data);
            if (found.length)
                report(
                    `userData contains ${found.join(" and ")}: user data is readable through the metadata API and stored unencrypted.`,
                );
        }
        (instance.personalities ?? []).forEach((p, i) => {
            const found = typeof p.content === "string" ? secretsIn(p.content) : [];
            if (found.length)
                report(
                    `personalities[${i}] (${p.file}) injects ${found.join(" and ")}: injected files are readable through the metadata API and stored unencrypted.`,
                );
        });
    },
);
