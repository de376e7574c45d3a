import type { z } from "zod";
import type { hostGroupPropertiesSchema } from "../../model";
import type { TenantContext } from "../tenant/context";

export type { HostTier } from "../../model";

/**
 * A HostGroup's arguments: the catalogue's HostGroup properties, described once with their bounds and defaults in
 * model/componentTypes.ts (the component checks them with that schema), and what only a program passes.
 */
export type HostGroupArgs = Readonly<z.input<typeof hostGroupPropertiesSchema>> & {
    readonly context: TenantContext;
    /** Encrypted volume type of the boot volume (default: the platform's first encrypted type). */
    readonly bootVolumeType?: string;
    /** OpenSSH public key to import (default: the context's key). ed25519/ecdsa, or RSA >= 3072 bits. */
    readonly sshPublicKey?: string;
};
