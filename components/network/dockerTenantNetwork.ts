import * as crypto from "crypto";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels } from "../common/dockerContainer";
import { contextLabels, Zone, ZONES } from "../tenant/context";
import type { DockerZoneNetwork } from "../tenant/dockerContext";

export interface DockerTenantNetworkArgs {
    readonly tenant: string;
    readonly owner: string;
    readonly mlpsLevel?: number;
}

/** Zones whose network has no gateway: nothing in them can reach out of the machine. */
export const INTERNAL_ZONES: readonly Zone[] = ["data"];

/**
 * Bridge interfaces of internal zones start with this prefix. Docker drops what an internal network forwards, but
 * not what it sends to the host itself; scripts/docker/daemon.sh drops that too, for every `wcd+` interface.
 */
export const INTERNAL_BRIDGE_PREFIX = "wcd";

/** The data zone's bridge name: the prefix and a hash of the tenant (Linux allows 15 characters). */
export function internalBridgeName(tenant: string): string {
    return INTERNAL_BRIDGE_PREFIX + crypto.createHash("sha256").update(tenant).digest("hex").slice(0, 12);
}

/**
 * A tenant's four zones on the local Docker target: one bridge network per zone (web, app, data, mgmt), named
 * `<tenant>-<zone>`. The data zone's network is `internal` (Docker gives it no gateway and no masquerade), so the
 * database, cache and object store have no route out, as stack-data-tier-no-internet asks of the cloud; its bridge
 * is named `wcd<hash>` so that the host drops what the zone sends to the host itself (scripts/docker/daemon.sh). Inter-zone
 * reach follows from which networks a container joins (see DockerHostGroup): web hosts join only the web zone,
 * app hosts the app and data zones, the load balancer the web and app zones.
 *
 * Creates `<name>-<zone>` (docker.Network) for each zone.
 */
export class DockerTenantNetwork extends pulumi.ComponentResource {
    public readonly networks: Readonly<Record<Zone, DockerZoneNetwork>>;
    public readonly resources: Readonly<Record<Zone, docker.Network>>;

    constructor(name: string, args: DockerTenantNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("watercloud:network:DockerTenantNetwork", name, {}, opts);
        const level = args.mlpsLevel ?? 3;
        const resources = {} as Record<Zone, docker.Network>;
        const networks = {} as Record<Zone, DockerZoneNetwork>;
        for (const zone of ZONES) {
            const internal = INTERNAL_ZONES.includes(zone);
            const labels = contextLabels(
                { tenant: args.tenant, owner: args.owner, mlpsLevel: level },
                { tier: zone, role: "zone", "data-class": "internal" },
            );
            resources[zone] = new docker.Network(
                `${name}-${zone}`,
                {
                    name: `${args.tenant}-${zone}`,
                    driver: "bridge",
                    internal,
                    attachable: false,
                    labels: dockerLabels(labels),
                    options: internal
                        ? { "com.docker.network.bridge.name": internalBridgeName(args.tenant) }
                        : undefined,
                },
                { parent: this },
            );
            networks[zone] = { name: resources[zone].name, internal };
        }
        this.resources = resources;
        this.networks = networks;
        this.registerOutputs({ networks: Object.fromEntries(ZONES.map((z) => [z, resources[z].name])) });
    }
}
