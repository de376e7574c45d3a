/**
 * The ground floor: every file format the project reads (stack files, blueprints, waivers, attestations,
 * clouds.yaml), as one zod schema each with its loader, the YAML source positions and diagnostics every input
 * error is reported with, and the vocabulary the rooms above share (names, CIDR maths, quota dimensions, the
 * platform stack's name and outputs). It imports no other room; every room may import it, through this file.
 */
export * from "./diagnostics";
export * from "./yamlSource";
export * from "./names";
export * from "./labels";
export * from "./cidr";
export * from "./sshKey";
export * from "./stackFiles";
export * from "./tenantSchema";
export * from "./platformSchema";
export * from "./loadTenant";
export * from "./loadPlatform";
export * from "./platformOutputs";
export * from "./blueprintSchema";
export * from "./componentTypes";
export * from "./waivers";
export * from "./attestations";
export * from "./jsonSchemas";
export * from "./cloudsYaml";
export * from "./cloudAdapter";
export * from "./configKeys";
export * from "./statefulResources";
