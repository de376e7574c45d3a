/**
 * The portal's tunable limits, one zod schema as their single truth: session lifetimes, the login lockout, the
 * rate limits and the site's time zone. `watercloud serve` fills them from its flags, else from environment
 * variables, else the defaults below; a bad value stops the start with the flag or variable it came from.
 */
import { z } from "zod";

const minutes = (max: number) =>
    z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(max, `must be at most ${max}`);

/** A zone Intl knows (an IANA name such as Asia/Shanghai): Intl throws RangeError for anything else. */
const timeZoneSchema = z.string().refine((zone) => {
    try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
    } catch {
        return false;
    }
}, "must be an IANA time zone such as Asia/Shanghai");

export const settingsSchema = z.strictObject({
    /** A session unused this long ends (level 3: end idle sessions). */
    sessionIdleMinutes: minutes(24 * 60).default(30),
    /** A session ends this long after login, used or not. */
    sessionMaxHours: minutes(7 * 24).default(8),
    /** Failed logins of one user name from one address before that pair is held back. */
    lockoutAddressFailures: minutes(100).default(5),
    /** Failed logins of one user name from all addresses together before the name is held back everywhere. */
    lockoutAccountFailures: minutes(10_000).default(50),
    /** How long a hold lasts, and how long failures are remembered. */
    lockoutMinutes: minutes(24 * 60).default(15),
    /** Login attempts per minute from one address. */
    loginRatePerAddress: minutes(10_000).default(10),
    /** Login attempts per minute from everywhere together. */
    loginRateTotal: minutes(100_000).default(100),
    /** Any requests per minute from one address. */
    requestRatePerAddress: minutes(1_000_000).default(600),
    /** The zone the site's times are shown in. */
    timeZone: timeZoneSchema.default("Asia/Shanghai"),
    /**
     * The platform's Prometheus and Alertmanager, as the portal reaches them (the monitoring pages). Unset: each
     * tenant's own, where its stack publishes them (a local copy on Docker, `monitoringUrls`).
     */
    prometheusUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    alertmanagerUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
});

export type PortalSettings = z.output<typeof settingsSchema>;

/** Each setting's flag and environment variable, for the CLI and the messages that name them. */
export const SETTING_SOURCES: {
    readonly [K in keyof PortalSettings]: { readonly flag: string; readonly env: string };
} = {
    sessionIdleMinutes: { flag: "--session-idle", env: "WATERCLOUD_PORTAL_SESSION_IDLE" },
    sessionMaxHours: { flag: "--session-max", env: "WATERCLOUD_PORTAL_SESSION_MAX" },
    lockoutAddressFailures: { flag: "--lockout-failures", env: "WATERCLOUD_PORTAL_LOCKOUT_FAILURES" },
    lockoutAccountFailures: { flag: "--lockout-account-failures", env: "WATERCLOUD_PORTAL_LOCKOUT_ACCOUNT_FAILURES" },
    lockoutMinutes: { flag: "--lockout-minutes", env: "WATERCLOUD_PORTAL_LOCKOUT_MINUTES" },
    loginRatePerAddress: { flag: "--login-rate", env: "WATERCLOUD_PORTAL_LOGIN_RATE" },
    loginRateTotal: { flag: "--login-rate-total", env: "WATERCLOUD_PORTAL_LOGIN_RATE_TOTAL" },
    requestRatePerAddress: { flag: "--request-rate", env: "WATERCLOUD_PORTAL_REQUEST_RATE" },
    timeZone: { flag: "--time-zone", env: "WATERCLOUD_PORTAL_TIME_ZONE" },
    prometheusUrl: { flag: "--prometheus", env: "WATERCLOUD_PORTAL_PROMETHEUS" },
    alertmanagerUrl: { flag: "--alertmanager", env: "WATERCLOUD_PORTAL_ALERTMANAGER" },
};

export class SettingsError extends Error {}

/**
 * Settings from flag values (by setting name, strings as typed), falling back to the environment, then the
 * defaults. Every wrong value is named at once, by the flag or variable it came from.
 */
export function resolveSettings(
    flags: Partial<Record<keyof PortalSettings, string | undefined>>,
    env: NodeJS.ProcessEnv = process.env,
): PortalSettings {
    const input: Record<string, string> = {};
    const origin: Record<string, string> = {};
    for (const [key, src] of Object.entries(SETTING_SOURCES) as [
        keyof PortalSettings,
        { flag: string; env: string },
    ][]) {
        const fromFlag = flags[key];
        const fromEnv = env[src.env];
        if (fromFlag !== undefined) {
            input[key] = fromFlag;
            origin[key] = src.flag;
        } else if (fromEnv !== undefined && fromEnv !== "") {
            input[key] = fromEnv;
            origin[key] = src.env;
        }
    }
    const parsed = settingsSchema.safeParse(input);
    if (parsed.success) {
        if (parsed.data.sessionIdleMinutes > parsed.data.sessionMaxHours * 60) {
            throw new SettingsError(
                `${origin.sessionIdleMinutes ?? SETTING_SOURCES.sessionIdleMinutes.flag} (${parsed.data.sessionIdleMinutes} minutes) must not exceed ${origin.sessionMaxHours ?? SETTING_SOURCES.sessionMaxHours.flag} (${parsed.data.sessionMaxHours} hours)`,
            );
        }
        return parsed.data;
    }
    throw new SettingsError(
        parsed.error.issues
            .map((i) => {
                const key = String(i.path[0]);
                return `${origin[key] ?? key} ${JSON.stringify(input[key])}: ${i.message}`;
            })
            .join("; "),
    );
}

export const DEFAULT_SETTINGS: PortalSettings = settingsSchema.parse({});
