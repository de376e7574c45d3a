import { objectstorage } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** Swift's spellings of a referrer designation (swift/common/middleware/acl.py: .r, .ref, .referer, .referrer). */
const REFERRER_PREFIXES = [".r:", ".ref:", ".referer:", ".referrer:"];

/** True for an ACL element that admits requests by HTTP referrer; a `-` value (".r:-host") denies instead. */
export function isReferrerGrant(element: string): boolean {
    const prefix = REFERRER_PREFIXES.find((p) => element.startsWith(p));
    return prefix !== undefined && !element.slice(prefix.length).startsWith("-");
}

/** Swift ACL elements that grant anonymous or any-account read. */
export function publicReadGrants(acl: string): string[] {
    return acl
        .split(",")
        .map((s) => s.trim())
        .filter((e) => e === ".rlistings" || isReferrerGrant(e) || e === "*:*" || e === "*");
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
        remediation:
            "Remove .r:*, .rlistings and *:* from containerRead; grant named project:user pairs or use temp URLs.",
    },
    objectstorage.Container,
    (container, _ctx, report) => {
        const grants = publicReadGrants(container.containerRead ?? "");
        if (grants.length)
            report(`containerRead grants ${grants.join(", ")}: the container is readable without authorisation.`);
    },
);
