import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

const ROOT_USERS = ["root", "0"];

/** A container process should hold no capability, gain none, and not be root. */
export const leastPrivilege = resourceRule(
    {
        id: "docker-least-privilege",
        description: "Containers drop all capabilities, forbid new privileges and run as a non-root user.",
        clauses: ["8.1.4.2d"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["least-privilege"],
        services: ["docker"],
        remediation:
            'Set capabilities.drops ["ALL"] (add back only what the role needs), securityOpts ["no-new-privileges:true"] and user to an unprivileged uid.',
    },
    Container,
    (c, _ctx, report) => {
        const problems: string[] = [];
        const drops = c.capabilities?.drops ?? [];
        if (!drops.map((d) => d.toUpperCase()).includes("ALL"))
            problems.push('capabilities.drops does not contain "ALL"');
        const opts = c.securityOpts ?? [];
        if (!opts.some((o) => o === "no-new-privileges:true" || o === "no-new-privileges"))
            problems.push("securityOpts lacks no-new-privileges:true");
        const user = c.user;
        if (typeof user !== "string" || user === "" || ROOT_USERS.includes(user.split(":")[0]))
            problems.push(`user is ${user ? `"${user}"` : "unset"} (root)`);
        if (problems.length) report(`${problems.join("; ")}.`);
    },
);
