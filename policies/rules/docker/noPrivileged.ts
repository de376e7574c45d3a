import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

/** A privileged container holds every capability and every device of the host: isolation is gone. */
export const noPrivileged = resourceRule(
    {
        id: "docker-no-privileged",
        description: "Containers do not run privileged.",
        clauses: ["8.1.4.2d", "8.2.4.3a"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["isolation"],
        services: ["docker"],
        remediation: "Remove privileged: true; add the one capability the role needs instead.",
    },
    Container,
    (c, _ctx, report) => {
        if (c.privileged === true) report("privileged is true: the container can take over the host.");
    },
);
