/**
 * Address prefixes as Neutron holds them, read once for every rule. Neutron (through netaddr) takes a prefix in
 * many spellings and keeps its network: `::0/0`, `0:0:0:0:0:0:0:0/0`, `10.1.2.3/0`, `0/0` and
 * `::ffff:0.0.0.0/96` all admit the whole address space of their family. A rule that compared strings with
 * "0.0.0.0/0" saw none of them, so every comparison goes through `parsePrefix`, which uses ipaddr.js: the parser
 * behind Node's own proxy-address handling, with IPv6 compression, embedded IPv4, zone ids and the loose IPv4
 * forms (`0`, `0x0a.1`) that hand-written regular expressions keep getting wrong.
 *
 * An IPv4-mapped IPv6 prefix (`::ffff:a.b.c.d/n`, n ≥ 96) reaches the IPv4 hosts of its low 32 bits on a dual-stack
 * socket, so it is read as the IPv4 prefix it maps (`::ffff:0:0/96` is all of IPv4). Host bits are cleared, as
 * Neutron clears them.
 */
import ipaddr from "ipaddr.js";

export type AddressKind = "ipv4" | "ipv6";

export interface Prefix {
    readonly kind: AddressKind;
    readonly bits: number;
    /** The network, host bits cleared. */
    readonly network: ipaddr.IPv4 | ipaddr.IPv6;
    /** Canonical text: `a.b.c.d/n` or RFC 5952 `x::y/n`. */
    readonly text: string;
}

const WIDTH: Readonly<Record<AddressKind, number>> = { ipv4: 32, ipv6: 128 };

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
    const bare = text.replace(/^\[(.*)\]$/, "$1");
    return ipaddr.isValid(bare) ? ipaddr.parse(bare) : undefined;
}

/** Prefix length from `n` or from an IPv4 netmask (`255.255.0.0`, the MySQL host form); undefined if neither. */
function parseBits(text: string, kind: AddressKind): number | undefined {
    if (/^\d{1,3}$/.test(text)) {
        const n = Number(text);
        return n <= WIDTH[kind] ? n : undefined;
    }
    if (kind === "ipv4" && ipaddr.IPv4.isValidFourPartDecimal(text))
        return ipaddr.IPv4.parse(text).prefixLengthFromSubnetMask() ?? undefined;
    return undefined;
}

function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 {
    const bytes = address.toByteArray();
    return ipaddr.fromByteArray(bytes.map((b, i) => b & (0xff << (8 - Math.max(0, Math.min(8, bits - i * 8)))) & 0xff));
}

function make(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): Prefix {
    if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
        return make((address as ipaddr.IPv6).toIPv4Address(), bits - 96);
    }
    const network = networkOf(address, bits);
    const kind = network.kind();
    const shown = kind === "ipv6" ? (network as ipaddr.IPv6).toRFC5952String() : network.toString();
    return { kind, bits, network, text: `${shown}/${bits}` };
}

/** A prefix or a single address in any spelling Neutron accepts; undefined for anything else. */
export function parsePrefix(text: unknown): Prefix | undefined {
    if (typeof text !== "string") return undefined;
    const t = text.trim().toLowerCase();
    if (!t) return undefined;
    const slash = t.lastIndexOf("/");
    const address = parseAddress(slash < 0 ? t : t.slice(0, slash));
    if (!address) return undefined;
    const bits = slash < 0 ? WIDTH[address.kind()] : parseBits(t.slice(slash + 1), address.kind());
    return bits === undefined ? undefined : make(address, bits);
}

/** True when the prefix is the whole address space of its family (a prefix of length 0, however written). */
export function isWorld(text: unknown): boolean {
    return parsePrefix(text)?.bits === 0;
}

/** True for the unspecified address (0.0.0.0, ::): what a firewall rule writes for "any" (or the world itself). */
export function isUnspecifiedOrWorld(text: unknown): boolean {
    const p = parsePrefix(text);
    return p !== undefined && (p.bits === 0 || (p.bits === WIDTH[p.kind] && p.network.range() === "unspecified"));
}

/** True when every address of `inner` lies in `outer` (same family after mapping). */
export function prefixWithin(inner: Prefix, outer: Prefix): boolean {
    return inner.kind === outer.kind && inner.bits >= outer.bits && inner.network.match(outer.network, outer.bits);
}

/** True when the prefix (or address) lies inside one of the blocks; unparseable text lies nowhere. */
export function within(text: unknown, blocks: readonly string[]): boolean {
    const inner = parsePrefix(text);
    if (!inner) return false;
    return blocks.some((b) => {
        const outer = parsePrefix(b);
        return outer !== undefined && prefixWithin(inner, outer);
    });
}

/** RFC 1918, shared address space (RFC 6598) and IPv6 unique local addresses (fc00::/7). */
const PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/** True when the prefix lies entirely in private address space. */
export function isPrivate(text: unknown): boolean {
    return within(text, PRIVATE_BLOCKS);
}

/**
 * Space that never routes to the internet: private (above), loopback, link-local and multicast. What lies wholly in it
 * stays inside the cloud; anything else reaches public addresses.
 */
const NOT_PUBLIC_BLOCKS = [
    ...PRIVATE_BLOCKS,
    "127.0.0.0/8",
    "169.254.0.0/16",
    "224.0.0.0/4",
    "::1/128",
    "fe80::/10",
    "ff00::/8",
];

/**
 * True when the prefix holds more than one address and reaches public ones: `0.0.0.0/1` and `128.0.0.0/1` (the
 * world in two rules), `2000::/3` (every global IPv6 address), `8.8.8.0/24`. A single public address is one named
 * destination, not a range.
 */
export function isPublicRange(text: unknown): boolean {
    const p = parsePrefix(text);
    return p !== undefined && p.bits < WIDTH[p.kind] && !within(text, NOT_PUBLIC_BLOCKS);
}

/** The canonical text of a prefix for messages, or the text as given when it does not parse. */
export function showPrefix(text: string): string {
    return parsePrefix(text)?.text ?? text;
}
