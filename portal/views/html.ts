/**
 * Escaping, the render context and the page frame. Pages are plain server-rendered HTML, with nothing from
 * elsewhere; only the monitoring pages run a script (their charts, drawn by uPlot served from the portal itself). Every word comes from the catalogue through the context's `t`; what is data (names, slugs,
 * pins, parameters, rule ids, people's own text) is marked `translate="no"`, which is also what the portal's test
 * reads to tell data from an untranslated sentence.
 */
import { escapeHtml } from "../../reports";
import type { User } from "../accounts";
import { can, type Action } from "../authz";
import { Clock, say, translator, type Locale, type Msg, type Translate } from "../i18n";
import type { TenantName } from "../tenants";

export { escapeHtml };

/** A piece of HTML that is already safe; everything else interpolated through `html` is escaped. */
export class Safe {
    constructor(readonly value: string) {}
    toString(): string {
        return this.value;
    }
}

type Part = Safe | string | number | boolean | null | undefined | readonly Part[];

function render(p: Part): string {
    if (p === null || p === undefined || p === false) return "";
    if (p instanceof Safe) return p.value;
    if (Array.isArray(p)) return p.map(render).join("");
    return escapeHtml(String(p));
}

/** Tagged template that escapes every interpolated value unless it is Safe (or an array of Safe). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Safe {
    let out = strings[0]!;
    values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
    return new Safe(out);
}

export const raw = (s: string) => new Safe(s);

/** Data that is not to be translated: a name, a slug, a pin, someone's own words. */
export const data = (v: Part, tag: "span" | "code" = "span") => html`<${raw(tag)} translate="no">${v}</${raw(tag)}>`;

/** Parameters the catalogue looks up as words (not names to keep as they are). */
const WORD_PARAMS = new Set(["dimension", "type", "role", "state", "operation", "action"]);

/** Everything a page needs besides its own data: the language, the clock, the user and their token. */
export class View {
    readonly t: Translate;
    readonly clock: Clock;

    constructor(
        readonly locale: Locale,
        timeZone: string,
        readonly user: User | undefined,
        readonly csrf: string,
        /** The path and query of this page, for the language switch to come back to. */
        readonly here: string,
        private readonly names: (slug: string) => TenantName,
        /** False under --no-provision. */
        readonly provisions: boolean,
    ) {
        this.t = translator(locale);
        this.clock = new Clock(locale, timeZone);
    }

    say(m: Msg): string {
        return say(this.locale, m);
    }

    /**
     * A sentence as HTML whose parameters that are names (a parameter, a rule, a service, a tenant) are marked as
     * data; parameters the catalogue turns into words itself (a dimension, a type, a role, a state) are not.
     */
    rich(m: Msg): Safe {
        const tokens: string[] = [];
        const given = (m.params as readonly unknown[])[0] as Record<string, unknown> | undefined;
        const params = given
            ? Object.fromEntries(
                  Object.entries(given).map(([k, val]) =>
                      typeof val === "string" && !WORD_PARAMS.has(k)
                          ? [k, `\u0001${tokens.push(val) - 1}\u0002`]
                          : [k, val],
                  ),
              )
            : undefined;
        const text = say(this.locale, { key: m.key, params: params ? [params] : [] } as unknown as Msg);
        // eslint-disable-next-line no-control-regex -- \u0001 and \u0002 mark the data tokens, which no catalogue text holds
        return raw(escapeHtml(text).replace(/\u0001(\d+)\u0002/g, (_m, i: string) => data(tokens[Number(i)]).value));
    }

    can(action: Action, tenant?: string): boolean {
        return this.user !== undefined && can(this.user, action, tenant);
    }

    /** A time in the site's zone, the exact instant kept in `datetime`. */
    time(iso: string | null | undefined): Safe {
        return iso ? html`<time datetime="${iso}">${this.clock.time(iso)}</time>` : html``;
    }

    /** The department's name first, the slug after it. */
    tenant(slug: string): Safe {
        const n = this.names(slug);
        return n.displayName === slug
            ? data(slug)
            : html`<span class="tenant">${data(n.displayName)} <span class="slug">${data(slug)}</span></span>`;
    }

    tenantText(slug: string): string {
        const n = this.names(slug);
        return n.displayName === slug ? slug : `${n.displayName} (${slug})`;
    }

    csrfField(): Safe {
        return html`<input type="hidden" name="_csrf" value="${this.csrf}" />`;
    }
}

const CSS = `
*{box-sizing:border-box} body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#0b4f6c;color:#fff;padding:.6em 1.5em;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none} header .slug{color:#d6e6ee} header a[aria-current=page]{text-decoration:underline} header nav{display:flex;gap:1.2em}
header .who{margin-left:auto;font-size:.9em} header form{display:inline}
header button{background:none;border:1px solid #fff;color:#fff;border-radius:3px;cursor:pointer;font:inherit}
.lang a{margin-left:.5em} .skip{position:absolute;left:-999px} .skip:focus{left:1em;top:1em;background:#fff;color:#0b4f6c;padding:.3em}
main{padding:1em 2em;max-width:1200px} h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;background:#fff;margin:.5em 0 1em} th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eef2f5} .card{background:#fff;border:1px solid #d0d7de;border-radius:4px;padding:1em;margin:.8em 0}
.tag{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.85em;background:#dde7ee;margin-right:.3em;color:#1d2733}
a.tag{color:#0b4f6c}
.lc-deprecated{background:#ffe0b2} .lc-production{background:#c8e6c9} .lc-experimental{background:#e1bee7}
.error{color:#b00020;margin:.2em 0} .warning{color:#7a4f00;margin:.2em 0} .ok{color:#1b5e20}
.messages{border-left:4px solid #b00020;background:#fff3f3;padding:.5em 1em} .passed{border-left:4px solid #2e7d32;background:#f1f8f1;padding:.5em 1em}
.notice{border-left:4px solid #0b4f6c;background:#eef6fa;padding:.5em 1em}
label{display:block;font-weight:bold;margin-top:.8em} .hint,.slug{font-weight:normal;color:#57606a;font-size:.85em}
.technical{color:#57606a;font-size:.85em;font-family:monospace}
input,select,textarea{font:inherit;padding:.25em;min-width:18em} .filters input,.filters select{min-width:10em}
.filters{display:flex;flex-wrap:wrap;gap:.2em 1em;align-items:flex-end} .filters label{margin-top:.3em}
button.primary{background:#0b4f6c;color:#fff;border:0;padding:.4em 1.2em;border-radius:3px;margin-top:1em;cursor:pointer;font:inherit}
button.secondary{background:#fff;color:#0b4f6c;border:1px solid #0b4f6c;padding:.4em 1.2em;border-radius:3px;margin-top:1em;cursor:pointer;font:inherit}
.inline{display:inline} .inline button{margin-top:0}
.states{display:flex;gap:.3em;margin:1em 0;padding:0;list-style:none;flex-wrap:wrap} .states li{padding:.3em .8em;border-radius:12px;background:#e0e0e0;font-size:.85em}
.states li.reached{background:#0b4f6c;color:#fff} .states li.bad{background:#b00020;color:#fff}
td[class^="v-"]{white-space:nowrap} .v-pass{background:#c8e6c9} .v-fail{background:#ffcdd2} .v-partial{background:#fff9c4} .v-manual{background:#f8bbd0} .v-attested{background:#dcedc8} .v-not-applicable{background:#eeeeee} .v-cannot-evaluate{background:#d7ccc8}
details.family{background:#fff;border:1px solid #d0d7de;border-radius:4px;margin:.6em 0;padding:.4em .8em} details.family summary{cursor:pointer;font-weight:bold}
dl.detail{display:grid;grid-template-columns:max-content auto;gap:0 .8em;margin:0} dl.detail dt{color:#57606a} dl.detail dd{margin:0}
.pager{display:flex;gap:1em;align-items:center}
svg text{font-size:12px;fill:#1d2733}
.chart-card{max-width:900px} .chart-card figcaption{font-weight:bold;margin-bottom:.4em} .chart{min-height:220px}
.live-up{color:#1b5e20} .live-down{color:#b00020;font-weight:bold} .live-none{color:#57606a} .sev-critical{color:#b00020;font-weight:bold} .sev-warning{color:#7a4f00}
`;

/** The navigation: only what the user's role may open. */
function nav(v: View): Safe {
    const u = v.user;
    if (!u) return html``;
    const links: [string, string, boolean][] = [
        ["/catalog", v.t("nav.catalog"), v.can("catalog.read")],
        ["/requests", v.t("nav.requests"), v.can("request.list")],
        ["/usage", v.t("nav.usage"), v.can("usage.read")],
        ["/monitoring", v.t("nav.monitoring"), v.can("monitoring.read")],
        ["/compliance", v.t("nav.compliance"), v.can("compliance.read")],
        ["/audit", v.t("nav.audit"), v.can("audit.read")],
        ["/accounts", v.t("nav.accounts"), v.can("account.read")],
    ];
    const current = v.here.split("?")[0]!;
    return html`<nav aria-label="${v.t("nav.label")}">
            ${links
                .filter(([, , shown]) => shown)
                .map(
                    ([href, label]) =>
                        html`<a
                            href="${href}"
                            ${current === href || current.startsWith(`${href}/`) ? raw(' aria-current="page"') : ""}
                            >${label}</a
                        >`,
                )}
        </nav>
        <span class="who"
            >${data(u.username)} · ${v.t(`role.${u.role}`)}${u.tenant ? html` · ${v.tenant(u.tenant)}` : ""}
            <form method="post" action="/logout">
                ${v.csrfField()}<button type="submit">${v.t("nav.logout")}</button>
            </form></span
        >`;
}

function languageSwitch(v: View): Safe {
    const back = encodeURIComponent(v.here);
    const link = (to: "zh-CN" | "en", label: string, lang: string) =>
        v.locale === to
            ? html`<span lang="${lang}" aria-current="true">${label}</span>`
            : html`<a href="/language?to=${to}&amp;back=${raw(escapeHtml(back))}" lang="${lang}" hreflang="${lang}"
                  >${label}</a
              >`;
    return html`<span class="lang" role="group" aria-label="${v.t("nav.language")}"
        >${link("zh-CN", "中文", "zh-CN")} ${link("en", "English", "en")}</span
    >`;
}

/** `stylesheets`: the portal's own (`/assets/...`), for a page that draws charts with a library. */
export function page(v: View, title: string, body: Safe, stylesheets: readonly string[] = []): string {
    const links = stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("");
    return `<!doctype html><html lang="${v.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · ${escapeHtml(v.t("app.name"))}</title>${links}<style>${CSS}</style></head>
<body><a class="skip" href="#main">${escapeHtml(v.t("nav.skip"))}</a><header><strong>${escapeHtml(v.t("app.brand"))}</strong>${nav(v)}${languageSwitch(v)}</header><main id="main">${body}</main></body></html>`;
}
