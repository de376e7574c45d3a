/**
 * What a secret written into text a host receives (user data, injected files) looks like. Only the kind is ever
 * reported, never the value.
 *
 * Text reaches a host in more shapes than it is written in: base64 (Nova takes user data as is, and cloud-init
 * decodes it), gzip inside base64 (`H4sI...`), `write_files` content with `encoding: b64`. Every base64 run long enough
 * to hold a secret is decoded, gunzipped when it is gzip, and scanned again, a few levels deep.
 *
 * An assignment counts only when its value is a literal: `lock_passwd: true` (cloud-init's secure default),
 * `DB_PASS=$DB_PASS`, `password: {{ vault }}` and `PASSWORD_FILE=/run/secrets/db` hold no secret.
 */
import { gunzipSync } from "zlib";
import * as YAML from "yaml";

export type SecretKind =
    | "a private key"
    | "a password assignment"
    | "a password set through chpasswd"
    | "a password set through passwd"
    | "a token or secret assignment";

/** A value that is no secret: a flag, a reference resolved at run time, a structure that follows, nothing at all. */
const NOT_A_LITERAL = /^(?:true|false|yes|no|on|off|null|none|nil|~|\$|\{\{|\{%|%\(|<%|\{|\[|\||>|\*+$|$)/i;

/** `key = value`, `key: value`, `"key": "value"`, `--key=value`: the key, then the value's first token. */
function assignments(text: string, key: RegExp): string[] {
    // The value starts on the key's line: `chpasswd:` followed by a block on the next lines assigns nothing.
    const re = new RegExp(`${key.source}["']?[ \\t]*[=:][ \\t]*(["']?)([^\\s"',;]*)`, "gi");
    const values: string[] = [];
    for (const m of text.matchAll(re)) values.push(m[2]);
    return values;
}

/** Keys naming a password: a separator or the start before the short forms, so `bypass=1` is no password. */
const PASSWORD_KEY =
    /(?:(?<![A-Za-z0-9])(?:[A-Za-z0-9]*[_.-])?(?:pass|pwd)|[A-Za-z0-9]*(?:passwd|password|passphrase))(?![A-Za-z0-9_])/;
const TOKEN_KEY =
    /(?<![A-Za-z0-9])(?:[A-Za-z0-9]*[_.-])?(?:token|secret|api[_-]?key|access[_-]?key|secret[_-]?key)(?![A-Za-z0-9_])/;

/** `echo 'root:pw' | chpasswd`, `chpasswd <<< "u:pw"`. */
const CHPASSWD_PIPE =
    /\b[\w.-]+:([^\s:'"|]+)['"]?\s*\|\s*(?:sudo\s+)?chpasswd\b|\bchpasswd\s*<<<\s*['"]?[\w.-]+:([^\s'"]+)/;

/** chpasswd reading a here-document, `chpasswd <<EOF` or `cat <<EOF | chpasswd`: the body's `user:pw` lines. */
const CHPASSWD_HEREDOC = [
    /\bchpasswd\b[^\n]*<<-?[ \t]*(['"]?)(\w+)\1[^\n]*\n([\s\S]*?)^[ \t]*\2[ \t]*$/m,
    /<<-?[ \t]*(['"]?)(\w+)\1[^\n]*\|[ \t]*(?:sudo[ \t]+)?chpasswd\b[^\n]*\n([\s\S]*?)^[ \t]*\2[ \t]*$/m,
];

/** `echo 'pw' | passwd --stdin user` (the RHEL family's passwd), `passwd --stdin user <<< 'pw'`. */
const PASSWD_STDIN =
    /\b(?:echo|printf)[ \t]+(?:-[a-zA-Z]+[ \t]+)*(['"]?)([^\s'"|]+)\1[ \t]*\|[ \t]*(?:sudo[ \t]+)?passwd\b[^\n|;&]*--stdin\b|\bpasswd\b[^\n|;&]*--stdin\b[^\n|;&]*<<<[ \t]*(['"]?)([^\s'"]+)\3/;

/** `openssl passwd -6 pw` (whose hash `usermod -p` or `useradd -p` then sets): the arguments after `passwd`. */
const OPENSSL_PASSWD = /\bopenssl[ \t]+passwd\b([^\n|;&)`]*)/g;

/** chpasswd's list inline (`chpasswd: { list: 'root:pw' }`) or as a block of indented `user:pw` lines. */
const CHPASSWD_LIST =
    /\bchpasswd\s*:\s*\{[^}]*\blist\s*:\s*['"]?([\w.-]+:[^\s'",}]+)|^\s*chpasswd\s*:[\s\S]*?\blist\s*:\s*\|?[ \t]*\n((?:[ \t]+[^\n]*\n?)+)/m;

function literal(value: string): boolean {
    return !NOT_A_LITERAL.test(value);
}

/** A password cloud-init sets from `chpasswd:` (its `list` of `user:pw` lines, or `users` with a password). */
function cloudInitPassword(cloudConfig: unknown): boolean {
    const chpasswd = (cloudConfig as { chpasswd?: { list?: unknown; users?: unknown } } | null)?.chpasswd;
    if (!chpasswd || typeof chpasswd !== "object") return false;
    const lines =
        typeof chpasswd.list === "string"
            ? chpasswd.list.split("\n")
            : Array.isArray(chpasswd.list)
              ? chpasswd.list.map(String)
              : [];
    // `user:RANDOM` (or R) asks cloud-init to generate the password; `$...` is a hash, as `passwd:` takes it.
    const plain = (pw: string) => !/^(?:RANDOM|R)$/.test(pw) && literal(pw);
    if (lines.some((l) => /^\s*[\w.-]+:(\S+)\s*$/.exec(l) !== null && plain(/:(\S+)\s*$/.exec(l)![1]))) return true;
    const users = Array.isArray(chpasswd.users) ? (chpasswd.users as { password?: unknown; type?: unknown }[]) : [];
    return users.some(
        (u) => typeof u?.password === "string" && u.type !== "RANDOM" && u.type !== "hash" && plain(u.password),
    );
}

function chpasswd(text: string): boolean {
    const piped = CHPASSWD_PIPE.exec(text);
    if (piped && literal(piped[1] ?? piped[2] ?? "")) return true;
    for (const re of CHPASSWD_HEREDOC) {
        const body = re.exec(text)?.[3];
        if (body !== undefined && cloudInitPassword({ chpasswd: { list: body } })) return true;
    }
    if (!/^#cloud-config/.test(text.trimStart()) || !/\bchpasswd\b/.test(text)) return false;
    try {
        return cloudInitPassword(YAML.parse(text));
    } catch {
        // Not quite YAML (a stray line): read the chpasswd list the way a person would.
        const list = CHPASSWD_LIST.exec(text);
        return list !== null && cloudInitPassword({ chpasswd: { list: list[1] ?? list[2] } });
    }
}

/** The password `openssl passwd` is given on its command line, if any (not `-stdin`, `-in FILE` or a variable). */
function opensslPassword(args: string): boolean {
    const words = args
        .trim()
        .split(/[ \t]+/)
        .filter(Boolean);
    for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (w === "-stdin" || w === "-in") return false;
        if (w === "-salt") i++;
        else if (!w.startsWith("-")) return literal(w.replace(/^['"]|['"]$/g, ""));
    }
    return false;
}

/** A password handed to passwd on its standard input, or to openssl passwd to make the hash a tool then sets. */
function passwdCommand(text: string): boolean {
    const m = PASSWD_STDIN.exec(text);
    if (m && literal(m[2] ?? m[4] ?? "")) return true;
    return [...text.matchAll(OPENSSL_PASSWD)].some((o) => opensslPassword(o[1] ?? ""));
}

function kindsIn(text: string): SecretKind[] {
    const found: SecretKind[] = [];
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) found.push("a private key");
    if (assignments(text, PASSWORD_KEY).some(literal)) found.push("a password assignment");
    if (chpasswd(text)) found.push("a password set through chpasswd");
    if (passwdCommand(text)) found.push("a password set through passwd");
    if (assignments(text, TOKEN_KEY).some(literal)) found.push("a token or secret assignment");
    return found;
}

/** Long runs of base64 in the text (a whole user data, a write_files content). */
const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}/g;

/** The text a base64 run stands for, gunzipped if it is gzip; undefined when it is not text. */
function decoded(run: string): string | undefined {
    if (run.length % 4 === 1) return undefined;
    let bytes = Buffer.from(run, "base64");
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            bytes = gunzipSync(bytes);
        } catch {
            return undefined;
        }
    }
    const text = bytes.toString("utf8");
    // Mostly printable: text, not a key blob or an image.
    // eslint-disable-next-line no-control-regex -- tab, newline and carriage return are what printable text holds
    const printable = text.replace(/[^\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]/g, "").length;
    return text.length > 0 && !text.includes("\ufffd") && printable / text.length > 0.95 ? text : undefined;
}

/** The kinds of secret in `text` or in anything base64 inside it (three levels deep), in a fixed order. */
export function secretsIn(text: string, depth = 3): SecretKind[] {
    const kinds = new Set<SecretKind>(kindsIn(text));
    if (depth > 0) {
        const compact = text.replace(/\s+/g, "");
        const runs = new Set([
            ...(text.match(BASE64_RUN) ?? []),
            ...(/^[A-Za-z0-9+/]+={0,2}$/.test(compact) ? [compact] : []),
        ]);
        for (const run of runs) {
            const inner = decoded(run);
            if (inner !== undefined) for (const k of secretsIn(inner, depth - 1)) kinds.add(k);
        }
    }
    const order: SecretKind[] = [
        "a private key",
        "a password assignment",
        "a password set through chpasswd",
        "a password set through passwd",
        "a token or secret assignment",
    ];
    return order.filter((k) => kinds.has(k));
}
