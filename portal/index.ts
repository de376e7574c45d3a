/**
 * `watercloud serve`, the service portal, as the CLI starts it: the server, its database and its accounts.
 */
export { buildServer } from "./server";
export { openDatabase } from "./db/database";
export { DEFAULT_PORT, databaseUrl, redactUrl } from "./config";
export { AccountError, createUser, listUsers } from "./accounts";
