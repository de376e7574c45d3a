import * as openstack from "@pulumi/openstack";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { TenantCloudAuth } from "../components";
import type { DeployerIdentity } from "./deployerIdentity";

/**
 * The explicit OpenStack provider a stack's administrative resources go through (default providers are disabled
 * project-wide). Credentials come from the `openstack:*` stack config or the usual OS_* environment, never from
 * the program: `cloud` names a clouds.yaml entry, everything secret stays in the operator's environment.
 */
export function openstackProvider(name: string, region: string, cloud?: string): openstack.Provider {
    const cfg = new pulumi.Config("openstack");
    return new openstack.Provider(name, {
        region,
        cloud: cloud ?? cfg.get("cloud"),
        authUrl: cfg.get("authUrl"),
        tenantName: cfg.get("tenantName"),
    });
}

/**
 * The clouds.yaml entry the admin provider and the deployer identity are read from: stack config openstack:cloud,
 * else the entry the engine was told to use (WATERCLOUD_OPENSTACK_CLOUD, which `watercloud` sets from the operator's
 * OS_CLOUD and then removes OS_CLOUD, which would override a tenant provider's project), else `watercloud`.
 */
export function configuredCloud(env: NodeJS.ProcessEnv = process.env): string {
    return new pulumi.Config("openstack").get("cloud") ?? (env.WATERCLOUD_OPENSTACK_CLOUD || undefined) ?? "watercloud";
}

/** What a tenant's project-scoped provider authenticates with (see TenantProject and deployerIdentity.ts). */
export function tenantCloudAuth(identity: DeployerIdentity, region: string): TenantCloudAuth {
    return {
        authUrl: identity.authUrl,
        region,
        userName: identity.userName,
        userDomainName: identity.userDomainName,
        userDomainId: identity.userDomainId,
        password: pulumi.secret(identity.password),
        cacertFile: identity.cacertFile,
    };
}

/** Generated passwords and keys need an explicit provider too (default providers are disabled project-wide). */
export function randomProvider(name: string): random.Provider {
    return new random.Provider(name);
}
