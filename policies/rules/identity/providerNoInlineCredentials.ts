import type { PolicyResourceOptions } from "@pulumi/policy";
import { resourceRuleOfTypes } from "../../rule";

/** The OpenStack provider's resource type (its class's own token is just "openstack"). */
export const OPENSTACK_PROVIDER = "pulumi:providers:openstack";

/** Provider arguments that authenticate by themselves. */
const CREDENTIALS = ["password", "token", "applicationCredentialSecret"] as const;

/**
 * The one provider whose password a reviewed component hands over: TenantProject scopes the deployer identity to a
 * tenant's project by explicit fields (stacks/deployerIdentity.ts says why `cloud` cannot do it), reading the password
 * from the deployer's clouds.yaml entry at run time and sending it as a Pulumi secret. No program writes it.
 */
const READ_AT_RUN_TIME_BY = "watercloud:tenant:TenantProject";

function parentType(opts: PolicyResourceOptions): string | undefined {
    return opts.parent?.split("::")[2];
}

/**
 * A credential written into a program's provider arguments sits in the source and in every copy of the stack's
 * state; a token or application-credential secret is not even marked secret by the SDK. Credentials come from the
 * clouds.yaml entry (`cloud`) or the environment the engine runs in.
 */
export const providerNoInlineCredentials = resourceRuleOfTypes(
    {
        id: "os-provider-no-inline-credentials",
        description: "OpenStack providers take no password, token or application-credential secret in their arguments.",
        clauses: ["8.1.4.8b", "8.1.4.1a"],
        testIds: ["L3-CES1-28", "L3-CES1-01"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["secrets", "identity"],
        services: ["identity"],
        remediation:
            "Authenticate the provider from a clouds.yaml entry (cloud) or the OS_* environment; never write the secret into the program.",
    },
    [OPENSTACK_PROVIDER],
    (provider, { args }, report) => {
        const given = CREDENTIALS.filter((k) => provider[k] !== undefined && provider[k] !== "");
        const handed = parentType(args.opts) === READ_AT_RUN_TIME_BY ? given.filter((k) => k !== "password") : given;
        if (handed.length)
            report(
                `the provider is given ${handed.join(", ")} in its arguments: the credential is in the program and in the stack's state.`,
            );
    },
);
