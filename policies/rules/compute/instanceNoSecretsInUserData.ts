import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** What a secret in user data looks like; only the kind is reported, never the value. */
export const USER_DATA_SECRET_PATTERNS: readonly (readonly [string, RegExp])[] = [
    ["a private key", /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/],
    ["a password assignment", /\b[\w-]*(?:password|passwd|pwd)\b\s*[=:]\s*["']?[^\s"'$]/i],
    ["a token or secret assignment", /\b[\w-]*(?:token|secret|api[_-]?key|access[_-]?key)\b\s*[=:]\s*["']?[^\s"'$]/i],
];

export const instanceNoSecretsInUserData = resourceRule(
    {
        id: "os-instance-no-secrets-in-user-data",
        description: "Instance user data carries no passwords, private keys or tokens.",
        clauses: ["8.1.4.8b"],
        testIds: ["L3-CES1-28"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["secrets"],
        services: ["compute"],
        remediation: "Fetch secrets at boot from Barbican (keymanager) instead of writing them into userData.",
    },
    compute.Instance,
    (instance, _ctx, report) => {
        const data = instance.userData;
        if (typeof data !== "string" || !data) return;
        const found = USER_DATA_SECRET_PATTERNS.filter(([, re]) => re.test(data)).map(([what]) => what);
        if (found.length) {
            report(`userData contains ${found.join(" and ")}: user data is readable through the metadata API and stored unencrypted.`);
        }
    },
);
