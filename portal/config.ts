/** Where the portal keeps its database: one setting, `--db` or WATERCLOUD_PORTAL_DB; SQLite in the project by default. */
import * as path from "node:path";

export const DEFAULT_PORT = 18080;

export function databaseUrl(root: string, given: string | undefined): string {
    const url = given ?? process.env.WATERCLOUD_PORTAL_DB;
    return url && url.length > 0 ? url : `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
}

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
