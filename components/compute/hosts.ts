import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { Labels, toMetadata, toTags } from "../../model";
import { CloudInitOptions, renderHostCloudInit } from "./cloudInit";

/**
 * The host pattern shared by HostGroup, the bastion and the cache nodes: per ordinal replica a Neutron port in
 * the zone subnet carrying the zone SG, and an instance that boots from an encrypted volume built from a hardened
 * image, joins the server group, spreads over the AZs round-robin and has no password and no floating IP.
 * Children are keyed by ordinal (`<name>-1..N`): scaling from 3 to 4 adds `<name>-4` and touches nothing else.
 */
export interface HostSetSpec {
    readonly name: string;
    readonly count: number;
    readonly flavorName: string;
    readonly imageId: string;
    readonly bootVolumeGb: number;
    readonly bootVolumeType: string;
    readonly networkId: pulumi.Input<string>;
    readonly subnetId: pulumi.Input<string>;
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly keyPairName: pulumi.Input<string>;
    readonly availabilityZones: readonly string[];
    readonly serverGroupId?: pulumi.Input<string>;
    readonly labels: Labels;
    /** The host's cloud-init options; the set renders the user data and the metadata that vouches for it. */
    readonly cloudInit: (hostName: string) => CloudInitOptions;
}

export interface HostSet {
    readonly hostNames: string[];
    readonly availabilityZones: string[];
    readonly ports: openstack.networking.Port[];
    readonly instances: openstack.compute.Instance[];
    readonly addresses: pulumi.Output<string[]>;
}

/**
 * A platform cluster's imported key and hard anti-affinity group (`<name>-key`, `<name>-group`): its few nodes are
 * each on their own hypervisor, so one failure takes one node.
 */
export function clusterPlacement(
    parent: pulumi.Resource,
    name: string,
    publicKey: pulumi.Input<string>,
): { keypair: openstack.compute.Keypair; group: openstack.compute.ServerGroup } {
    const keypair = new openstack.compute.Keypair(`${name}-key`, { name: `${name}-key`, publicKey }, { parent });
    const group = new openstack.compute.ServerGroup(
        `${name}-group`,
        { name: `${name}-group`, policies: ["anti-affinity"] },
        { parent },
    );
    return { keypair, group };
}

export function createHostSet(parent: pulumi.Resource, spec: HostSetSpec): HostSet {
    const hostNames: string[] = [];
    const zones: string[] = [];
    const ports: openstack.networking.Port[] = [];
    const instances: openstack.compute.Instance[] = [];
    const tags = toTags(spec.labels);
    for (let ordinal = 1; ordinal <= spec.count; ordinal++) {
        const hostName = `${spec.name}-${ordinal}`;
        const az = spec.availabilityZones[(ordinal - 1) % spec.availabilityZones.length];
        const cloudInit = renderHostCloudInit(spec.cloudInit(hostName));
        const port = new openstack.networking.Port(
            `${hostName}-port`,
            {
                name: `${hostName}-port`,
                networkId: spec.networkId,
                fixedIps: [{ subnetId: spec.subnetId }],
                securityGroupIds: spec.securityGroupIds,
                portSecurityEnabled: true,
                tags,
            },
            { parent },
        );
        const instance = new openstack.compute.Instance(
            hostName,
            {
                name: hostName,
                flavorName: spec.flavorName,
                availabilityZone: az,
                keyPair: spec.keyPairName,
                networks: [{ port: port.id }],
                blockDevices: [
                    {
                        sourceType: "image",
                        uuid: spec.imageId,
                        destinationType: "volume",
                        volumeType: spec.bootVolumeType,
                        volumeSize: spec.bootVolumeGb,
                        bootIndex: 0,
                        deleteOnTermination: true,
                    },
                ],
                schedulerHints: spec.serverGroupId ? [{ group: spec.serverGroupId }] : undefined,
                metadata: { ...toMetadata(spec.labels), hids: "true", ...cloudInit.metadata },
                tags,
                userData: cloudInit.userData,
            },
            { parent },
        );
        hostNames.push(hostName);
        zones.push(az);
        ports.push(port);
        instances.push(instance);
    }
    const addresses = pulumi.all(ports.map((p) => p.allFixedIps.apply((ips) => ips[0])));
    return { hostNames, availabilityZones: zones, ports, instances, addresses };
}
