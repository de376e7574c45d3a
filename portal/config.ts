/** Where the portal keeps its database: one setting, `--db` or WATERCLOUD_PORTAL_DB; SQLite in the project by default. */
import * as path from "node:path";

export const DEFAULT_PORT = 18080;

export function databaseUrl(root: string, given: string | undefined): string {
    const url = given ?? process.env.WATERCLOUD_PORTAL_DB;
    return url && url.length > 0 ? url : `sqlite:${path.join(root, ".watercloud", "portal.db")}`;
}

/**
 * The URL without its password, for log lines. The password runs from the user's colon to the last `@` before the
 * host: a password may itself hold `@` or `/` (unescaped, as people type them), and none of it may show.
 */
export function redactUrl(url: string): string {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):.*@([^@]*)$/i, "$1:***@$2");
}
