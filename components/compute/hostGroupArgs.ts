import type { DataClass } from "../common/labels";
import type { TenantContext } from "../tenant/context";

export const HOST_TIERS = ["web", "app", "data"] as const;
export type HostTier = (typeof HOST_TIERS)[number];

export interface HostGroupArgs {
    readonly context: TenantContext;
    /** Zone the hosts live in; they get a port in that zone's subnet carrying that zone's SG. */
    readonly tier: HostTier;
    /** Number of hosts (>= 1); names are `<name>-1..N`. */
    readonly count: number;
    /** Flavor name from the platform flavor list. */
    readonly flavor: string;
    /** Hardened image name from the platform allow-list (default: the first one). */
    readonly image?: string;
    /** Boot volume size in GB (default 40). */
    readonly bootVolumeGb?: number;
    /** Encrypted volume type of the boot volume (default: the platform's first encrypted type). */
    readonly bootVolumeType?: string;
    /** Data classification label (default internal). */
    readonly dataClass?: DataClass;
    /** Role label (default: the tier). */
    readonly role?: string;
    /** Ports of metrics endpoints the platform's Prometheus scrapes (opened to the mgmt CIDR; metadata `metrics-ports`). */
    readonly metricsPorts?: readonly number[];
    /** OpenSSH public key to import (default: the context's key). ed25519/ecdsa, or RSA >= 3072 bits. */
    readonly sshPublicKey?: string;
}
