import * as openstack from "@pulumi/openstack";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * The explicit OpenStack provider a stack's administrative resources go through (default providers are disabled
 * project-wide). Credentials come from the `openstack:*` stack config or the usual OS_* environment, never from
 * the program: `cloud` names a clouds.yaml entry, everything secret stays in the operator's environment.
 */
export function openstackProvider(name: string, region: string): openstack.Provider {
    const cfg = new pulumi.Config("openstack");
    return new openstack.Provider(name, {
        region,
        cloud: cfg.get("cloud"),
        authUrl: cfg.get("authUrl"),
        tenantName: cfg.get("tenantName"),
    });
}

/** How the tenant's project-scoped provider authenticates (see TenantProject). */
export function tenantCloudAuth(region: string): { authUrl: string; region: string; cloud: string } {
    const cfg = new pulumi.Config("openstack");
    return {
        authUrl: cfg.get("authUrl") ?? process.env.OS_AUTH_URL ?? "",
        region,
        cloud: cfg.get("cloud") ?? "watercloud",
    };
}

/** Generated passwords and keys need an explicit provider too (default providers are disabled project-wide). */
export function randomProvider(name: string): random.Provider {
    return new random.Provider(name);
}
