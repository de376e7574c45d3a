import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { portSchema, tenantCidrSchema } from "../../model";
import type { PlatformFacts } from "../tenant/context";

/**
 * The site admin's provider and the tenant's project, for the two things Neutron's default policy lets only an
 * admin do for a tenant (a tenant-scoped provider gets 403 PolicyNotAuthorized or 404):
 * - the edge router with SNAT off (`create_router:external_gateway_info:enable_snat: rule:admin_only`), created in
 *   the tenant's project;
 * - sharing the platform bastion's security group with the project (an RBAC `access_as_shared` policy), so the
 *   tenant's SSH rules can name it as their remote group (Neutron answers 404 SecurityGroupNotFound for a remote
 *   group of another project that is not shared with the requester's).
 */
export interface SiteAdminScope {
    readonly provider: pulumi.ProviderResource;
    /** The tenant's project (Keystone id). */
    readonly projectId: pulumi.Input<string>;
}

/** The arguments TenantNetwork checks with a schema: the tenant's block bounded as the stack file bounds it, and ports. */
export const tenantNetworkArgsSchema = z.strictObject({
    /** The tenant's block, e.g. 10.20.0.0/16: a /24 or larger (model/cidr.ts), outside the management CIDR and platform data network. */
    cidr: tenantCidrSchema,
    /** TCP ports the app zone serves to the web zone. */
    appPorts: z.array(portSchema).default([8080]),
    /** TCP ports the data zone serves to the app zone. */
    dataPorts: z.array(portSchema).default([5432, 3306, 6379]),
});

export type TenantNetworkArgs = Readonly<z.input<typeof tenantNetworkArgsSchema>> & {
    readonly tenant: string;
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** Platform facts: external network, mgmt CIDR, platform data CIDR, bastion SG. */
    readonly platform: Pick<
        PlatformFacts,
        "externalNetworkId" | "mgmtCidr" | "platformDataCidr" | "bastionSecurityGroupId" | "auditSyslogEndpoint"
    >;
    /** The admin provider and the tenant's project (see SiteAdminScope). */
    readonly siteAdmin: SiteAdminScope;
    /** DNS resolvers handed out by DHCP (default: none, the subnets use the platform's). */
    readonly dnsNameservers?: readonly string[];
};
