export * from "./tenantNetwork";
export * from "./dockerTenantNetwork";
