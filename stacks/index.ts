/**
 * The one Pulumi program as the rooms above use it: the platform and tenant programs the offline renderer runs under
 * mocks, and the deployer identity they are given. The engine runs the same program through main.ts (Pulumi.yaml
 * `main`), which nothing imports.
 */
export { platformProgram } from "./platformProgram";
export { tenantProgram } from "./tenantProgram";
export { resolveDeployerIdentity, type DeployerIdentity, type ResolveOptions } from "./deployerIdentity";
