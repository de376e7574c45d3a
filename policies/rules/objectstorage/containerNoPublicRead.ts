import { objectstorage } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** Swift ACL elements that grant anonymous or any-account read. */
export function publicReadGrants(acl: string): string[] {
    return acl
        .split(",")
        .map((s) => s.trim())
        .filter((e) => e === ".rlistings" || e.startsWith(".r:") || e === "*:*" || e === "*");
}

export const containerNoPublicRead = resourceRule(
    {
        id: "os-container-no-public-read",
        description: "Object-storage containers are not readable anonymously or by any account.",
        clauses: ["8.1.4.2e", "8.1.4.8b"],
        testIds: ["L3-CES1-09", "L3-CES1-28"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["storage", "exposure"],
        services: ["objectstorage"],
        remediation: "Remove .r:*, .rlistings and *:* from containerRead; grant named project:user pairs or use temp URLs.",
    },
    objectstorage.Container,
    (container, _ctx, report) => {
        const grants = publicReadGrants(container.containerRead ?? "");
        if (grants.length) report(`containerRead grants ${grants.join(", ")}: the container is readable without authorisation.`);
    },
);
