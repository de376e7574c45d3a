/** Every rule of the pack, in RULES.md order. The registry registers them; policies.ts selects from it. */
import type { WatercloudPolicy } from "../rule";
import { instanceApprovedImage } from "./compute/instanceApprovedImage";
import { instanceEncryptedBootVolume } from "./compute/instanceEncryptedBootVolume";
import { instanceExplicitSecurityGroups } from "./compute/instanceExplicitSecurityGroups";
import { instanceKeypairRequired } from "./compute/instanceKeypairRequired";
import { instanceNoAdminPass } from "./compute/instanceNoAdminPass";
import { instanceNoSecretsInUserData } from "./compute/instanceNoSecretsInUserData";
import { instanceNotOnExternalNet } from "./compute/instanceNotOnExternalNet";
import { instanceServerGroup } from "./compute/instanceServerGroup";
import { keypairPublicKeyImported } from "./compute/keypairPublicKeyImported";
import { keypairStrongAlgorithm } from "./compute/keypairStrongAlgorithm";
import { serverGroupNoAffinity } from "./compute/serverGroupNoAffinity";

export const ALL_RULES: readonly WatercloudPolicy[] = [
    instanceNoAdminPass,
    instanceKeypairRequired,
    instanceNoSecretsInUserData,
    instanceApprovedImage,
    instanceExplicitSecurityGroups,
    instanceNotOnExternalNet,
    instanceEncryptedBootVolume,
    instanceServerGroup,
    serverGroupNoAffinity,
    keypairPublicKeyImported,
    keypairStrongAlgorithm,
];
