export { noPrivileged } from "./noPrivileged";
export { noHostNamespaces } from "./noHostNamespaces";
export { noSensitiveMounts } from "./noSensitiveMounts";
export { readonlyRootfs } from "./readonlyRootfs";
export { resourceLimits } from "./resourceLimits";
export { centralLogDriver } from "./centralLogDriver";
export { leastPrivilege } from "./leastPrivilege";
export { imageDigest } from "./imageDigest";
