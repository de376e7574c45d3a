import * as pulumi from "@pulumi/pulumi";
import type { PlatformFacts } from "../tenant/context";

export interface ManagementNetworkArgs {
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** Management CIDR, e.g. 10.0.0.0/20. */
    readonly cidr: string;
    /** External (provider) network id for the mgmt router's gateway (SNAT off). */
    readonly externalNetworkId: pulumi.Input<string>;
    readonly dnsNameservers?: readonly string[];
}

export interface BastionArgs {
    readonly owner: string;
    readonly mlpsLevel?: number;
    readonly networkId: pulumi.Input<string>;
    readonly subnetId: pulumi.Input<string>;
    /**
     * The router interface that joins `subnetId` to the management router (ManagementNetwork.routerInterface). The
     * floating IP waits for it: Neutron refuses one on a subnet with no route to the external network yet.
     */
    readonly routerInterface: pulumi.Input<pulumi.Resource>;
    /** Admin source ranges allowed to SSH in (non-empty; never 0.0.0.0/0). */
    readonly adminCidrs: readonly string[];
    readonly flavor: string;
    readonly image?: string;
    readonly bootVolumeGb?: number;
    readonly sshPublicKey: string;
    readonly platform: Pick<
        PlatformFacts,
        | "hardenedImages"
        | "flavors"
        | "encryptedVolumeTypes"
        | "availabilityZones"
        | "externalNetworkName"
        | "auditSyslogEndpoint"
        | "ntpServers"
        | "mgmtCidr"
    >;
}

export interface AuditLogSinkArgs {
    readonly owner: string;
    readonly mlpsLevel?: number;
    /** Container name (default platform-audit). */
    readonly containerName?: string;
    /** Days records are kept (>= 180, 网络安全法 Art. 21). */
    readonly retentionDays?: number;
    /** Approved storage policy (default: the platform's first). */
    readonly storagePolicy?: string;
    /** Keystone project ids of tenants that may write (append) records; they get no read access. */
    readonly writerProjectIds: readonly pulumi.Input<string>[];
    readonly platform: Pick<PlatformFacts, "storagePolicies">;
}
