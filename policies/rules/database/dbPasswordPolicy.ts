import { database } from "@pulumi/openstack";
import { passwordProblems } from "../../lib/passwords";
import { resourceRuleOfTypes } from "../../rule";

/**
 * Complexity only: the engine hands policies secrets already unwrapped, so whether a password was a Pulumi secret
 * is not visible here (database.User marks it secret itself; Instance.users[].password is not, see the report).
 */
export const dbPasswordPolicy = resourceRuleOfTypes(
    {
        id: "os-db-password-policy",
        description: "Database passwords are at least 12 characters of 3 classes and do not contain the user name.",
        clauses: ["8.1.4.1a"],
        testIds: ["L3-CES1-01"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["database", "authentication"],
        services: ["database"],
        remediation:
            "Generate the password with random.RandomPassword (length ≥ 16, special characters) and pass it as a secret.",
    },
    [database.User, database.Instance],
    (props, ctx, report) => {
        const users: [string, string, string | undefined][] = ctx.args.isType(database.User)
            ? [["password", props.name ?? ctx.args.name, props.password]]
            : ((props.users ?? []) as { name: string; password?: string }[]).map((u, i) => [
                  `users[${i}].password`,
                  u.name,
                  u.password,
              ]);
        for (const [where, user, password] of users) {
            // An empty password is the weakest of all, on a User as on an inline user.
            if (password === undefined || password === "") {
                report(`${where} of "${user}" is ${password === undefined ? "not set" : "empty"}.`);
                continue;
            }
            const problems = passwordProblems(password, user);
            if (problems.length) report(`${where} of "${user}" ${problems.join(", ")}.`);
        }
    },
);
