export * from "./databaseArgs";
export * from "./sharedDatabaseCluster";
export * from "./tenantDatabase";
