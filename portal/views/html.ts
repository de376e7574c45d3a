/** Escaping and the page frame. Pages are plain server-rendered HTML: no script, no font or style from elsewhere. */
import { escapeHtml } from "../../reports";
import type { User } from "../accounts";

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

const CSS = `
*{box-sizing:border-box} body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#0b4f6c;color:#fff;padding:.6em 1.5em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff;text-decoration:none} header .who{margin-left:auto;font-size:.9em} header form{display:inline}
header button{background:none;border:1px solid #fff;color:#fff;border-radius:3px;cursor:pointer}
main{padding:1em 2em;max-width:1200px} h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;background:#fff;margin:.5em 0 1em} th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eef2f5} .card{background:#fff;border:1px solid #d0d7de;border-radius:4px;padding:1em;margin:.8em 0}
.tag{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.8em;background:#dde7ee;margin-right:.3em}
.lc-deprecated{background:#ffe0b2} .lc-production{background:#c8e6c9} .lc-experimental{background:#e1bee7}
.error{color:#b00020;margin:.2em 0} .warning{color:#8a5a00;margin:.2em 0} .ok{color:#1b5e20}
.messages{border-left:4px solid #b00020;background:#fff3f3;padding:.5em 1em} .passed{border-left:4px solid #2e7d32;background:#f1f8f1;padding:.5em 1em}
label{display:block;font-weight:bold;margin-top:.8em} .hint{font-weight:normal;color:#57606a;font-size:.85em}
input,select,textarea{font:inherit;padding:.25em;min-width:18em} button.primary{background:#0b4f6c;color:#fff;border:0;padding:.4em 1.2em;border-radius:3px;margin-top:1em;cursor:pointer}
button.secondary{background:#fff;color:#0b4f6c;border:1px solid #0b4f6c;padding:.4em 1.2em;border-radius:3px;margin-top:1em;cursor:pointer}
.states{display:flex;gap:.3em;margin:1em 0} .states span{padding:.3em .8em;border-radius:12px;background:#e0e0e0;font-size:.85em}
.states span.reached{background:#0b4f6c;color:#fff} .states span.bad{background:#b00020;color:#fff}
.v-pass{background:#c8e6c9} .v-fail{background:#ffcdd2} .v-partial{background:#fff9c4} .v-manual{background:#f8bbd0} .v-attested{background:#dcedc8} .v-not-applicable{background:#eeeeee} .v-cannot-evaluate{background:#d7ccc8}
svg text{font-size:12px;fill:#1d2733}
`;

export function page(title: string, user: User | undefined, csrf: string | undefined, body: Safe): string {
    const nav = user
        ? html`<a href="/catalog">Catalogue</a><a href="/requests">Requests</a><a href="/usage">Usage</a><a href="/compliance">Compliance</a>${user.role !== "member" ? html`<a href="/audit">Audit</a>` : ""}
<span class="who">${user.username} · ${user.role}${user.tenant ? ` · ${user.tenant}` : ""}
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrf ?? ""}"><button type="submit">Log out</button></form></span>`
        : html``;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Water Cloud portal</title><style>${CSS}</style></head>
<body><header><strong>Water Cloud 水利云</strong>${nav}</header><main>${body}</main></body></html>`;
}
