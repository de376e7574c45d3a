import { identity } from "@pulumi/openstack";
import { passwordProblems } from "../../lib/passwords";
import { resourceRule } from "../../rule";

/**
 * A Keystone user created with a password: the password meets the same complexity as every other (8.1.4.1 a).
 * Keystone's own security_compliance settings (password_regex) are the platform's; a stack cannot rely on them, and
 * a weak password in a program is weak in state too. A user without a password (federated, or set out of band) is
 * not this rule's business; os-user-mfa-lockout judges its login.
 */
export const userPasswordPolicy = resourceRule(
    {
        id: "os-user-password-policy",
        description:
            "Keystone users created with a password get one of at least 12 characters of 3 classes, without the user name.",
        clauses: ["8.1.4.1a"],
        testIds: ["L3-CES1-01"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["identity", "authentication"],
        services: ["identity"],
        remediation:
            "Generate the password with random.RandomPassword (length ≥ 16, special characters), or leave it to the identity provider.",
    },
    identity.User,
    (user, { args }, report) => {
        if (user.password === undefined) return;
        const name = user.name ?? args.name;
        if (user.password === "") {
            report(`the password of "${name}" is empty.`);
            return;
        }
        const problems = passwordProblems(user.password, name);
        if (problems.length) report(`the password of "${name}" ${problems.join(", ")}.`);
    },
);
