import { keymanager } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

/** Presence only: a "≤ 398 days" check against the clock would make a stack's verdict change by itself. */
export const secretExpiration = resourceRuleOfTypes(
    {
        id: "os-secret-expiration",
        description: "Secrets and key orders carry an expiration so keys are rotated.",
        clauses: ["8.1.10.9"],
        severity: "medium",
        enforcementLevel: "advisory",
        topics: ["cryptography", "rotation"],
        services: ["keymanager"],
        remediation:
            "Set expiration (ISO 8601) on SecretV1, or meta.expiration on OrderV1; certificates at most 398 days.",
    },
    [keymanager.SecretV1, keymanager.OrderV1],
    (props, ctx, report) => {
        const order = ctx.args.isType(keymanager.OrderV1);
        const expiration = order ? (props.meta as { expiration?: string } | undefined)?.expiration : props.expiration;
        if (!expiration) report(`${order ? "meta.expiration" : "expiration"} is not set: the key never expires.`);
    },
);
