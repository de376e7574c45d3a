/**
 * The portal speaks Simplified Chinese first and English by choice. Every sentence a user reads comes from one
 * catalogue (en.ts holds the key set; zh-CN.ts must define every key, or the build fails), looked up through `t`.
 * The language is the `wc_lang` cookie when set (the header's switch), else the best of Accept-Language, else
 * Chinese. Times are shown in the site's zone in the language's own format.
 */
import { en, type Catalogue, type MessageKey, type Params } from "./en";
import { zhCN } from "./zh-CN";

export type { MessageKey, Params } from "./en";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LANG_COOKIE = "wc_lang";

const CATALOGUES: Record<Locale, Catalogue> = { "zh-CN": zhCN, en };

/** A sentence to say, not yet said in a language: a key and its parameters. */
export type Msg = { [K in MessageKey]: { readonly key: K; readonly params: Params<K> } }[MessageKey];

export function msg<K extends MessageKey>(key: K, ...params: Params<K>): Msg {
    return { key, params } as unknown as Msg;
}

export type Translate = <K extends MessageKey>(key: K, ...params: Params<K>) => string;

export function translator(locale: Locale): Translate {
    const cat = CATALOGUES[locale];
    return ((key: MessageKey, ...params: unknown[]) => {
        const m = cat[key] as string | ((p: unknown) => string);
        return typeof m === "function" ? m(params[0]) : m;
    }) as Translate;
}

/** Says a Msg in the locale. */
export function say(locale: Locale, m: Msg): string {
    return (translator(locale) as (k: MessageKey, ...p: unknown[]) => string)(m.key, ...(m.params as unknown[]));
}

export function isLocale(s: unknown): s is Locale {
    return typeof s === "string" && (LOCALES as readonly string[]).includes(s);
}

/** The cookie's choice, else the first supported language of Accept-Language (by q), else Chinese. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
    if (isLocale(cookie)) return cookie;
    const ranked = (acceptLanguage ?? "")
        .split(",")
        .map((part, i) => {
            const [tag, ...ps] = part.trim().split(";");
            const q = ps.map((p) => p.trim()).find((p) => p.startsWith("q="));
            return { tag: (tag ?? "").toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
        })
        .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
        .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const { tag } of ranked) {
        if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
        if (tag === "en" || tag.startsWith("en-")) return "en";
    }
    return DEFAULT_LOCALE;
}

/** Formats ISO times in the site's zone and the language's format; `<time datetime>` keeps the exact value. */
export class Clock {
    private readonly full: Intl.DateTimeFormat;
    private readonly day: Intl.DateTimeFormat;

    constructor(
        readonly locale: Locale,
        readonly timeZone: string,
    ) {
        this.full = new Intl.DateTimeFormat(locale, {
            timeZone,
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
            hourCycle: "h23",
        });
        this.day = new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    }

    time(iso: string): string {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : this.full.format(d);
    }

    date(iso: string): string {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : this.day.format(d);
    }
}
