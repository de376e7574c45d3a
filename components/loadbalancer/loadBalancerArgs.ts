import * as pulumi from "@pulumi/pulumi";
import type { TenantContext } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";

export const LISTENER_PROTOCOLS = ["HTTPS", "HTTP", "TCP"] as const;
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];

export interface ListenerSpec {
    /** HTTPS terminates TLS at the LB; HTTP only redirects to HTTPS; TCP passes through (e.g. TLS to the hosts). */
    readonly protocol: ListenerProtocol;
    readonly port: number;
    /** Port on the member hosts (ignored for HTTP, which never reaches the hosts). */
    readonly backendPort?: number;
}

export interface LoadBalancerArgs {
    readonly context: TenantContext;
    readonly listeners: readonly ListenerSpec[];
    /** The hosts behind every pool. */
    readonly members: HostGroup;
    /** A floating IP on the VIP (default false). */
    readonly public?: boolean;
    /** HTTP health check path (default /healthz). */
    readonly healthCheckPath?: string;
    /** Barbican certificate container ref (default: the tenant's). */
    readonly certificateRef?: pulumi.Input<string>;
    /**
     * HTTPS listeners re-encrypt to the members (pool `tlsEnabled`, TLSv1.2+): the hosts serve TLS on the backend
     * port. Default false: the LB speaks HTTP to them, which os-lb-pool-backend-tls reports when they are in
     * another zone.
     */
    readonly backendTls?: boolean;
}
