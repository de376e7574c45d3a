export * from "./databaseArgs";
export * from "./sharedDatabaseCluster";
export * from "./tenantDatabase";
export * from "./sharedPostgresCluster";
export * from "./troveInstance";
export * from "./dockerTenantDatabase";
