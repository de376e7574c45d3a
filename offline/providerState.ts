/**
 * What the bridged OpenStack provider stores for the inputs it is given: the state the engine hands stack policies
 * (they see a resource's outputs, not its inputs). terraform-provider-openstack v3.4.0 keeps some fields through a
 * StateFunc rather than as sent:
 * - `openstack_compute_instance_v2.user_data`: the SHA-1 of the text, hex ("just stash the hash for state & diff
 *   comparisons"), so no stack policy ever reads a host's cloud-init;
 * - `openstack_networking_secgroup_rule_v2.remote_ip_prefix`: lower-cased.
 */
import { createHash } from "crypto";

type StateFunc = (value: unknown) => unknown;

const sha1Hex: StateFunc = (v) => (typeof v === "string" ? createHash("sha1").update(v, "utf8").digest("hex") : "");
const lower: StateFunc = (v) => (typeof v === "string" ? v.toLowerCase() : v);

export const PROVIDER_STATE_FUNCS: Readonly<Record<string, Readonly<Record<string, StateFunc>>>> = {
    "openstack:compute/instance:Instance": { userData: sha1Hex },
    "openstack:networking/secGroupRule:SecGroupRule": { remoteIpPrefix: lower },
};

/** The inputs as the provider keeps them (unknown values stay unknown: they are not strings yet). */
export function providerState(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const funcs = PROVIDER_STATE_FUNCS[type];
    if (!funcs) return inputs;
    const out = { ...inputs };
    for (const [k, f] of Object.entries(funcs)) {
        if (typeof out[k] === "string") out[k] = f(out[k]);
    }
    return out;
}
