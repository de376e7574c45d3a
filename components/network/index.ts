export * from "./tenantNetwork";
