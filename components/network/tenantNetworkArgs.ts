import type { PlatformFacts } from "../tenant/context";

export interface TenantNetworkArgs {
    readonly tenant: string;
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** The tenant's block, e.g. 10.20.0.0/16: a /24 or larger, outside the management CIDR and platform data network. */
    readonly cidr: string;
    /** Platform facts: external network, mgmt CIDR, platform data CIDR, bastion SG. */
    readonly platform: Pick<
        PlatformFacts,
        "externalNetworkId" | "mgmtCidr" | "platformDataCidr" | "bastionSecurityGroupId" | "auditSyslogEndpoint"
    >;
    /** TCP ports the app zone serves to the web zone (default [8080]). */
    readonly appPorts?: readonly number[];
    /** TCP ports the data zone serves to the app zone (default [5432, 3306, 6379]). */
    readonly dataPorts?: readonly number[];
    /** DNS resolvers handed out by DHCP (default: none, the subnets use the platform's). */
    readonly dnsNameservers?: readonly string[];
}
