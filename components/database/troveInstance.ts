import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { getVersion } from "@pulumi/openstack/utilities";

/**
 * `openstack:database/instance:Instance` with the inputs the provider takes and @pulumi/openstack 3.15.2 lacks.
 *
 * terraform-provider-openstack v3.4.0 requires `volume_type` together with `size` on a Trove instance; the 3.15.2
 * SDK class has no `volumeType`, so it could never send one. This registers the same resource token (same URN,
 * same provider resource, same state) with the SDK's inputs plus `volumeType`, so the component says honestly
 * which Cinder type the instance's volume gets instead of relying on a provider-side default. Replace it with
 * the SDK class once the SDK has the input.
 */
export interface TroveInstanceArgs extends openstack.database.InstanceArgs {
    /** Cinder volume type of the instance's data volume (the site's encrypted type for Trove). */
    readonly volumeType: pulumi.Input<string>;
}

export class TroveInstance extends pulumi.CustomResource {
    /** The SDK's token: the policy pack, the provider and the state see an ordinary Trove instance. */
    static readonly __pulumiType = "openstack:database/instance:Instance";

    declare public readonly addresses: pulumi.Output<string[]>;
    declare public readonly name: pulumi.Output<string>;
    declare public readonly flavorId: pulumi.Output<string>;
    declare public readonly size: pulumi.Output<number>;
    declare public readonly volumeType: pulumi.Output<string>;

    constructor(name: string, args: TroveInstanceArgs, opts?: pulumi.CustomResourceOptions) {
        const inputs: pulumi.Inputs = {
            configurationId: args.configurationId,
            databases: args.databases,
            datastore: args.datastore,
            flavorId: args.flavorId,
            name: args.name,
            networks: args.networks,
            region: args.region,
            size: args.size,
            users: args.users,
            volumeType: args.volumeType,
            addresses: undefined,
        };
        super(TroveInstance.__pulumiType, name, inputs, pulumi.mergeOptions({ version: getVersion() }, opts));
    }
}
