/**
 * The identity tenant providers authenticate as, and the environment check that keeps them in their project.
 *
 * How the bridged OpenStack provider (terraform-provider-openstack v3.4.0 with gophercloud/utils) resolves its
 * settings, read from its sources:
 * - every provider field left empty takes its OS_* variable (`cloud` <- OS_CLOUD, `tenant_id` <- OS_PROJECT_ID or
 *   OS_TENANT_ID, `tenant_name` <- OS_PROJECT_NAME, ...), and gophercloud's clientconfig fills any still-empty field
 *   from the same variables once more;
 * - when `cloud` is set (or OS_CLOUD is), the clouds.yaml entry is the whole authentication: the explicit
 *   `tenant_id`, `tenant_name`, `user_name`, `password` ... are not consulted at all. That is why a tenant provider
 *   with `cloud` and `tenantId` got the entry's (or OS_PROJECT_NAME's) project, or an unscoped token;
 * - a project id (explicit or from the environment) wins over a project name; an application credential (also from
 *   the environment) drops the requested scope for its own project.
 *
 * So the tenant provider is given explicit fields only (never `cloud`), read here from the same clouds.yaml entry
 * the admin provider uses, and a tenant stack refuses to run while the environment holds a variable that would
 * override them. The program and the provider plugin are both started by the Pulumi CLI and see one environment.
 */
import { findCloudsYaml, InputError, readCloudEntry, type CloudsYamlSearch } from "../model";

/** Platform-admin credentials for a tenant provider; scope is added by TenantProject. */
export interface DeployerIdentity {
    /** Where the credentials came from, for messages. */
    readonly source: string;
    /** The clouds.yaml entry they came from: the admin provider uses the same entry, so both are one user. */
    readonly cloud?: string;
    readonly authUrl: string;
    readonly userName: string;
    readonly userDomainName?: string;
    readonly userDomainId?: string;
    /** Plain here; TenantProject sends it as a Pulumi secret. */
    readonly password: string;
    readonly cacertFile?: string;
}

/**
 * OS_* variables that would move a tenant provider out of its project (or authenticate it as someone else)
 * whatever its explicit fields say, with the reason.
 */
export const SCOPE_OVERRIDING_VARIABLES: Readonly<Record<string, string>> = {
    OS_CLOUD: "names a clouds.yaml entry, and with one the provider ignores every explicit field, the project included",
    OS_PROJECT_ID: "a project id wins over the tenant provider's project name",
    OS_TENANT_ID: "a project id wins over the tenant provider's project name",
    OS_APPLICATION_CREDENTIAL_ID: "an application credential authenticates into its own project, not the tenant's",
    OS_APPLICATION_CREDENTIAL_NAME: "an application credential authenticates into its own project, not the tenant's",
    OS_APPLICATION_CREDENTIAL_SECRET: "an application credential authenticates into its own project, not the tenant's",
    OS_TOKEN: "a token replaces the deployer's password authentication",
    OS_AUTH_TOKEN: "a token replaces the deployer's password authentication",
    OS_USER_ID: "a user id next to the deployer's user name makes authentication fail",
};

/** The environment and where clouds.yaml is searched (model/cloudsYaml.ts), and the entry to read. */
export interface ResolveOptions extends CloudsYamlSearch {
    /** clouds.yaml entry (stack config `openstack:cloud`, default `watercloud`). */
    readonly cloud?: string;
}

const ENVIRONMENT = "(environment)";

function fail(file: string, message: string): never {
    throw new InputError([{ file, line: 1, col: 1, severity: "error", message }]);
}

/** The variables of {@link SCOPE_OVERRIDING_VARIABLES} that are set (non-empty), sorted. */
export function scopeOverrides(env: ResolveOptions["env"]): string[] {
    return Object.keys(SCOPE_OVERRIDING_VARIABLES)
        .filter((k) => (env[k] ?? "") !== "")
        .sort();
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The first [name, id] pair that names a domain, as one of the two (a name when both are given). */
function userDomain(...pairs: [string | undefined, string | undefined][]): {
    userDomainName?: string;
    userDomainId?: string;
} {
    for (const [name, id] of pairs) {
        if (name) return { userDomainName: name };
        if (id) return { userDomainId: id };
    }
    return {};
}

/**
 * The clouds.yaml entry an admin provider authenticates with: `cloud` when clouds.yaml (in gophercloud's search
 * order) has that entry, else undefined, and the provider takes the operator's OS_* variables as before.
 */
export function adminCloudEntry(opts: ResolveOptions): string | undefined {
    const cloud = opts.cloud ?? "watercloud";
    const file = findCloudsYaml(opts);
    return file && readCloudEntry(file, cloud) ? cloud : undefined;
}

/**
 * Reads the deployer's credentials: the clouds.yaml entry when there is one (its password may also sit in
 * secure.yaml or OS_PASSWORD, as the provider allows), else OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and
 * OS_USER_DOMAIN_NAME/ID. Refuses, as an input error, an environment that would override the tenant scope and a
 * user-domain variable of the other form than the one sent (the provider would send both and Keystone refuses).
 */
export function resolveDeployerIdentity(opts: ResolveOptions): DeployerIdentity {
    const env = opts.env;
    const overrides = scopeOverrides(env);
    if (overrides.length > 0) {
        fail(
            ENVIRONMENT,
            `${overrides.join(", ")} ${overrides.length > 1 ? "are" : "is"} set: the OpenStack provider reads ${overrides.length > 1 ? "them" : "it"} whatever a tenant provider sends (` +
                overrides.map((k) => `${k} ${SCOPE_OVERRIDING_VARIABLES[k]}`).join("; ") +
                `), so tenant resources could land outside the tenant's project. Unset ${overrides.length > 1 ? "them" : "it"}; the deployer's credentials come from the clouds.yaml entry named by stack config openstack:cloud (default watercloud).`,
        );
    }
    const cloud = opts.cloud ?? "watercloud";
    const file = findCloudsYaml(opts);
    const entry = file ? readCloudEntry(file, cloud) : undefined;
    let identity: DeployerIdentity;
    if (file && entry) {
        const auth = entry.auth ?? {};
        const secureFile = findCloudsYaml(opts, "secure");
        const secure = secureFile ? readCloudEntry(secureFile, cloud)?.auth : undefined;
        const authUrl = str(auth.auth_url) ?? str(env.OS_AUTH_URL);
        const userName = str(auth.username);
        const password = str(auth.password) ?? str(secure?.password) ?? str(env.OS_PASSWORD);
        if (!authUrl || !userName || !password) {
            const missing = [!authUrl && "auth.auth_url", !userName && "auth.username", !password && "auth.password"]
                .filter(Boolean)
                .join(", ");
            fail(
                file,
                `clouds.yaml entry "${cloud}" has no ${missing}: tenant providers authenticate with a user name and password and scope themselves to the tenant's project`,
            );
        }
        identity = {
            source: `clouds.yaml entry "${cloud}" (${file})`,
            cloud,
            authUrl,
            userName,
            password,
            ...userDomain(
                [str(auth.user_domain_name), str(auth.user_domain_id)],
                [str(auth.domain_name), str(auth.domain_id)],
                [str(env.OS_USER_DOMAIN_NAME), str(env.OS_USER_DOMAIN_ID)],
            ),
            cacertFile: str(entry.cacert) ?? str(env.OS_CACERT),
        };
    } else {
        const authUrl = str(env.OS_AUTH_URL);
        const userName = str(env.OS_USERNAME);
        const password = str(env.OS_PASSWORD);
        if (!authUrl || !userName || !password) {
            const where = file
                ? `${file} has no entry "${cloud}" and`
                : `no clouds.yaml was found (OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack, /etc/openstack) and`;
            const missing = [!authUrl && "OS_AUTH_URL", !userName && "OS_USERNAME", !password && "OS_PASSWORD"]
                .filter(Boolean)
                .join(", ");
            fail(
                file ?? ENVIRONMENT,
                `${where} ${missing} ${missing.includes(",") ? "are" : "is"} not set: a tenant provider needs the deployer's auth URL, user name and password (set stack config openstack:cloud to the clouds.yaml entry that holds them)`,
            );
        }
        identity = {
            source: "OS_* environment",
            authUrl,
            userName,
            password,
            ...userDomain([str(env.OS_USER_DOMAIN_NAME), str(env.OS_USER_DOMAIN_ID)]),
            cacertFile: str(env.OS_CACERT),
        };
    }
    if (!identity.userDomainName && !identity.userDomainId) {
        fail(
            file && entry ? file : ENVIRONMENT,
            `${identity.source} names no user domain (user_domain_name or user_domain_id): Keystone needs one with a user name`,
        );
    }
    // The provider fills an empty field from its variable: the other form of the user domain would be sent too.
    const other = identity.userDomainName ? "OS_USER_DOMAIN_ID" : "OS_USER_DOMAIN_NAME";
    if (str(env[other])) {
        fail(
            ENVIRONMENT,
            `${other} is set while ${identity.source} gives the user domain as ${identity.userDomainName ? "a name" : "an id"}: the provider would send both and Keystone refuses the login. Unset ${other}.`,
        );
    }
    return identity;
}
