/**
 * Every rule of the pack, in RULES.md order (section 2 resource rules, then section 3 stack rules); rules beyond
 * RULES.md sit beside the rules of their service (docs/policies.md lists them).
 */
import type { WatercloudPolicy } from "../rule";
import { volumeBackupDeclared } from "./blockstorage/volumeBackupDeclared";
import { volumeEncryptedType } from "./blockstorage/volumeEncryptedType";
import { quotaDefined } from "./common/quotaDefined";
import { resourceRequiredTags } from "./common/resourceRequiredTags";
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
import { dbConfigTlsAudit } from "./database/dbConfigTlsAudit";
import { dbNoDefaultAccounts } from "./database/dbNoDefaultAccounts";
import { dbPasswordPolicy } from "./database/dbPasswordPolicy";
import { dbPrivateNetwork } from "./database/dbPrivateNetwork";
import { dbUserHostRestricted } from "./database/dbUserHostRestricted";
import { appCredentialRestricted } from "./identity/appCredentialRestricted";
import { providerNoInlineCredentials } from "./identity/providerNoInlineCredentials";
import { roleNoAdminInTenant } from "./identity/roleNoAdminInTenant";
import { userMfaLockout } from "./identity/userMfaLockout";
import { userPasswordPolicy } from "./identity/userPasswordPolicy";
import { imageNotPublic } from "./images/imageNotPublic";
import { imageSigned } from "./images/imageSigned";
import { imageSourceTrusted } from "./images/imageSourceTrusted";
import { secretAclProjectOnly } from "./keymanager/secretAclProjectOnly";
import { secretExpiration } from "./keymanager/secretExpiration";
import { secretNoInlineKey } from "./keymanager/secretNoInlineKey";
import { secretStrength } from "./keymanager/secretStrength";
import { lbCertInBarbican } from "./loadbalancer/lbCertInBarbican";
import { lbVipInDmz } from "./loadbalancer/lbVipInDmz";
import { listenerAllowedCidrs } from "./loadbalancer/listenerAllowedCidrs";
import { listenerTls } from "./loadbalancer/listenerTls";
import { listenerTlsVersions } from "./loadbalancer/listenerTlsVersions";
import { listenerXffHeader } from "./loadbalancer/listenerXffHeader";
import { poolBackendTls } from "./loadbalancer/poolBackendTls";
import { poolHealthMonitor } from "./loadbalancer/poolHealthMonitor";
import { edgeBandwidthQos } from "./networking/edgeBandwidthQos";
import { fipAllowedTargets } from "./networking/fipAllowedTargets";
import { fwaasRuleRestricted } from "./networking/fwaasRuleRestricted";
import { networkNotExternal } from "./networking/networkNotExternal";
import { networkNotShared } from "./networking/networkNotShared";
import { portSecurityOn } from "./networking/portSecurityOn";
import { routerGatewayEdgeOnly } from "./networking/routerGatewayEdgeOnly";
import { sgDescribed } from "./networking/sgDescribed";
import { sgEgressRestricted } from "./networking/sgEgressRestricted";
import { sgMgmtFromBastionOnly } from "./networking/sgMgmtFromBastionOnly";
import { sgNoAdminPortsOpen } from "./networking/sgNoAdminPortsOpen";
import { sgNoAnyAnyIngress } from "./networking/sgNoAnyAnyIngress";
import { sgNoDbPortsOpen } from "./networking/sgNoDbPortsOpen";
import { sgNoHighRiskPorts } from "./networking/sgNoHighRiskPorts";
import { sgRuleExplicit5tuple } from "./networking/sgRuleExplicit5tuple";
import { sgRuleJustified } from "./networking/sgRuleJustified";
import { subnetInTenantBlock } from "./networking/subnetInTenantBlock";
import { containerNoPublicRead } from "./objectstorage/containerNoPublicRead";
import { containerNoPublicWrite } from "./objectstorage/containerNoPublicWrite";
import { containerOffsiteSync } from "./objectstorage/containerOffsiteSync";
import { containerStoragePolicy } from "./objectstorage/containerStoragePolicy";
import { containerVersioning } from "./objectstorage/containerVersioning";
import { assetInventory } from "./stack/assetInventory";
import { backupCoverage } from "./stack/backupCoverage";
import { bastionRequired } from "./stack/bastionRequired";
import { boundaryInspection } from "./stack/boundaryInspection";
import { centralAuditSink } from "./stack/centralAuditSink";
import { dataResidency } from "./stack/dataResidency";
import { dataTierNoInternet } from "./stack/dataTierNoInternet";
import { haAntiAffinity } from "./stack/haAntiAffinity";
import { lbMinTwoMembers } from "./stack/lbMinTwoMembers";
import { levelConsistency } from "./stack/levelConsistency";
import { mgmtPlaneSeparated } from "./stack/mgmtPlaneSeparated";
import { noCrossTenantRefs } from "./stack/noCrossTenantRefs";
import { quotasPresent } from "./stack/quotasPresent";
import { securityAgents } from "./stack/securityAgents";
import { tenantKeyOwnership } from "./stack/tenantKeyOwnership";
import { threeAdminSeparation } from "./stack/threeAdminSeparation";
import { tierZoning } from "./stack/tierZoning";
import { timeSync } from "./stack/timeSync";
import * as docker from "./docker";

export const ALL_RULES: readonly WatercloudPolicy[] = [
    instanceNoAdminPass,
    instanceKeypairRequired,
    instanceNoSecretsInUserData,
    instanceApprovedImage,
    instanceExplicitSecurityGroups,
    instanceNotOnExternalNet,
    instanceEncryptedBootVolume,
    instanceServerGroup,
    resourceRequiredTags,
    serverGroupNoAffinity,
    keypairPublicKeyImported,
    keypairStrongAlgorithm,
    volumeEncryptedType,
    volumeBackupDeclared,
    containerNoPublicRead,
    containerNoPublicWrite,
    containerVersioning,
    containerStoragePolicy,
    containerOffsiteSync,
    sgNoAnyAnyIngress,
    sgNoAdminPortsOpen,
    sgNoDbPortsOpen,
    sgNoHighRiskPorts,
    sgRuleExplicit5tuple,
    sgRuleJustified,
    sgDescribed,
    sgEgressRestricted,
    sgMgmtFromBastionOnly,
    fwaasRuleRestricted,
    portSecurityOn,
    networkNotShared,
    networkNotExternal,
    subnetInTenantBlock,
    routerGatewayEdgeOnly,
    fipAllowedTargets,
    edgeBandwidthQos,
    lbVipInDmz,
    listenerTls,
    listenerTlsVersions,
    lbCertInBarbican,
    listenerAllowedCidrs,
    poolHealthMonitor,
    poolBackendTls,
    listenerXffHeader,
    dbPrivateNetwork,
    dbUserHostRestricted,
    dbNoDefaultAccounts,
    dbPasswordPolicy,
    dbConfigTlsAudit,
    secretNoInlineKey,
    secretStrength,
    secretExpiration,
    secretAclProjectOnly,
    roleNoAdminInTenant,
    userMfaLockout,
    userPasswordPolicy,
    appCredentialRestricted,
    providerNoInlineCredentials,
    quotaDefined,
    imageNotPublic,
    imageSigned,
    imageSourceTrusted,
    docker.noPrivileged,
    docker.noHostNamespaces,
    docker.noSensitiveMounts,
    docker.readonlyRootfs,
    docker.resourceLimits,
    docker.centralLogDriver,
    docker.leastPrivilege,
    docker.imageDigest,
    bastionRequired,
    centralAuditSink,
    tierZoning,
    dataTierNoInternet,
    mgmtPlaneSeparated,
    haAntiAffinity,
    lbMinTwoMembers,
    backupCoverage,
    noCrossTenantRefs,
    levelConsistency,
    dataResidency,
    quotasPresent,
    threeAdminSeparation,
    tenantKeyOwnership,
    boundaryInspection,
    securityAgents,
    timeSync,
    assetInventory,
];
