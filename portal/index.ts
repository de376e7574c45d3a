/**
 * `watercloud serve`, the service portal, as the CLI starts it: the server, its database and its accounts.
 */
export { buildServer } from "./server";
export { openDatabase } from "./db/database";
export { DEFAULT_PORT, databaseUrl, redactUrl } from "./config";
export { AccountError, createUser, listUsers } from "./accounts";
export { resolveSettings, SETTING_SOURCES, SettingsError, type PortalSettings } from "./settings";
export { say } from "./i18n";
export { TenantDirectory } from "./tenants";
