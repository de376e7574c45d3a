import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { loadBalancerPropertiesSchema } from "../../model";
import type { TenantContext } from "../tenant/context";
import type { HostGroup } from "../compute/hostGroup";

export type { ListenerSpec } from "../../model";

/** LoadBalancer's checked arguments: the catalogue's properties (model/componentTypes.ts) but the members and the certificate, which may be known only at deployment. */
export const loadBalancerArgsSchema = loadBalancerPropertiesSchema.omit({ members: true, certificateRef: true });

/**
 * A LoadBalancer's arguments: the catalogue's LoadBalancer properties, described once with their bounds and
 * defaults in model/componentTypes.ts, the hosts behind it, and what only a program passes.
 */
export type LoadBalancerArgs = Readonly<z.input<typeof loadBalancerArgsSchema>> & {
    readonly context: TenantContext;
    /** The hosts behind every pool. */
    readonly members: HostGroup;
    /** Barbican certificate container ref (default: the tenant's). */
    readonly certificateRef?: pulumi.Input<string>;
    /**
     * HTTPS listeners re-encrypt to the members (pool `tlsEnabled`, TLSv1.2+): the hosts serve TLS on the backend
     * port. Default false: the LB speaks HTTP to them, which os-lb-pool-backend-tls reports when they are in
     * another zone.
     */
    readonly backendTls?: boolean;
};
