import { ComponentArgError, requireOneOf } from "./errors";

/** Allow-list checks against the platform facts; every message names the allowed values. */
export interface AllowLists {
    readonly hardenedImages: Record<string, string>;
    readonly flavors: Record<string, unknown>;
    readonly encryptedVolumeTypes: readonly string[];
}

export function resolveImage(
    component: string,
    name: string,
    lists: Pick<AllowLists, "hardenedImages">,
    image?: string,
): { name: string; id: string } {
    const names = Object.keys(lists.hardenedImages);
    if (names.length === 0) throw new ComponentArgError(component, name, "the platform publishes no hardened images");
    const chosen = requireOneOf(component, name, "image", image ?? names[0], names, "platform hardened image list");
    return { name: chosen, id: lists.hardenedImages[chosen] };
}

export function resolveFlavor(
    component: string,
    name: string,
    lists: Pick<AllowLists, "flavors">,
    flavor: string,
): string {
    return requireOneOf(component, name, "flavor", flavor, Object.keys(lists.flavors), "platform flavor list");
}

export function resolveVolumeType(
    component: string,
    name: string,
    lists: Pick<AllowLists, "encryptedVolumeTypes">,
    arg: string,
    volumeType?: string,
): string {
    const types = lists.encryptedVolumeTypes;
    if (types.length === 0)
        throw new ComponentArgError(component, name, "the platform publishes no encrypted volume types");
    return requireOneOf(component, name, arg, volumeType ?? types[0], types, "platform encrypted volume type list");
}
