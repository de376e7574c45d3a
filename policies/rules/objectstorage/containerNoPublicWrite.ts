import { objectstorage } from "@pulumi/openstack";
import { resourceRule } from "../../rule";
import { isReferrerGrant } from "./containerNoPublicRead";

export const containerNoPublicWrite = resourceRule(
    {
        id: "os-container-no-public-write",
        description: "Object-storage containers are writable only by the owning project.",
        clauses: ["8.1.4.2e", "8.1.4.7b"],
        testIds: ["L3-CES1-09", "L3-CES1-26"],
        severity: "critical",
        enforcementLevel: "mandatory",
        topics: ["storage", "integrity"],
        services: ["objectstorage"],
        remediation: "Remove wildcard, referrer and other-project entries from containerWrite.",
    },
    objectstorage.Container,
    (container, ctx, report) => {
        const acl = container.containerWrite ?? "";
        if (!acl) return;
        // The owning project, where the tenant provider names it.
        const p = ctx.args.provider?.props as { tenantId?: string; projectId?: string } | undefined;
        const own = p?.tenantId ?? p?.projectId;
        const bad = acl
            .split(",")
            .map((s) => s.trim())
            .filter((e) => {
                if (e === "*" || isReferrerGrant(e) || e.startsWith("*:")) return true;
                const [project] = e.split(":");
                return e.includes(":") && own !== undefined && project !== own;
            });
        if (bad.length) report(`containerWrite grants ${bad.join(", ")}: others can change or delete the stored data.`);
    },
);
