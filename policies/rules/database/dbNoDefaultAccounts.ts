import { database } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

export const DEFAULT_ACCOUNTS = ["root", "admin", "sa", "postgres", "mysql", "test"];

export const dbNoDefaultAccounts = resourceRuleOfTypes(
    {
        id: "os-db-no-default-accounts",
        description: "Databases create no accounts with default names.",
        clauses: ["8.1.4.2b"],
        testIds: ["L3-CES1-06"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["database", "accounts"],
        services: ["database"],
        remediation: "Name accounts after the application or person (e.g. portal_app).",
    },
    [database.User, database.Instance],
    (props, ctx, report) => {
        const names: [string, string][] = ctx.args.isType(database.User)
            ? [["name", props.name ?? ctx.args.name]]
            : ((props.users ?? []) as { name: string }[]).map((u, i) => [`users[${i}].name`, u.name]);
        for (const [where, name] of names) {
            if (DEFAULT_ACCOUNTS.includes(String(name).toLowerCase()))
                report(`${where} "${name}" is a default account name.`);
        }
    },
);
