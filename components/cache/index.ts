export * from "./cacheArgs";
export * from "./sharedCacheCluster";
export * from "./tenantCache";
export * from "./dockerTenantCache";
