import { identity } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const appCredentialRestricted = resourceRule(
    {
        id: "os-app-credential-restricted",
        description:
            "Application credentials are restricted, expire within 90 days and carry minimal roles or access rules.",
        clauses: ["8.1.4.2c", "8.1.4.2d"],
        testIds: ["L3-CES1-07", "L3-CES1-08"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["identity", "privilege"],
        services: ["identity"],
        remediation: "Drop unrestricted, set expiresAt within maxCredentialDays and list roles or accessRules.",
        config: ["maxCredentialDays"],
    },
    identity.ApplicationCredential,
    (cred, { config }, report) => {
        if (cred.unrestricted === true)
            report("unrestricted is true: the credential can create further credentials and trusts.");
        if (!cred.expiresAt) report("expiresAt is not set: the credential never expires.");
        else {
            const days = (Date.parse(cred.expiresAt) - Date.now()) / 86_400_000;
            if (Number.isNaN(days)) report(`expiresAt "${cred.expiresAt}" is not a date.`);
            else if (days > config.maxCredentialDays)
                report(`expiresAt is ${Math.ceil(days)} days away (at most ${config.maxCredentialDays}).`);
        }
        if ((cred.roles ?? []).length === 0 && (cred.accessRules ?? []).length === 0) {
            report("neither roles nor accessRules are set: the credential carries every role of its creator.");
        }
    },
);
