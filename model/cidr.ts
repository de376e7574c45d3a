/**
 * IPv4 CIDR arithmetic, the one copy the project has: parse, contains, overlap, subdivide, for the address plan of
 * the stack files (tenants' blocks must not overlap each other, the management or the platform data network: 8.1.2.1
 * c), the zones the components carve and the prefixes the rules judge. Addresses are held as unsigned 32-bit
 * numbers; a CIDR whose address has host bits set is rejected rather than silently masked, because a typo such as
 * 10.20.1.0/16 usually means the author meant a different block.
 */
import { z } from "zod";

export interface Ipv4Cidr {
    /** Network address as an unsigned 32-bit integer. */
    readonly network: number;
    readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address; throws on anything else. */
export function parseIpv4(address: string): number {
    const parts = address.split(".");
    if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) {
        throw new Error(`"${address}" is not an IPv4 address`);
    }
    return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** Parses `a.b.c.d/n`. Throws when the text is malformed or host bits are set; {@link cidrProblem} says why. */
export function parseCidr(cidr: string): Ipv4Cidr {
    const m = /^([^/]+)\/(\d{1,2})$/.exec(cidr.trim());
    if (!m) throw new Error(`"${cidr}" is not an IPv4 CIDR (a.b.c.d/n)`);
    const prefix = Number(m[2]);
    if (prefix > 32) throw new Error(`"${cidr}" has a prefix length above 32`);
    const network = parseIpv4(m[1]);
    if (network % blockSize(prefix) !== 0) {
        throw new Error(
            `"${cidr}" has host bits set (the network address is ${formatIpv4(network - (network % blockSize(prefix)))}/${prefix})`,
        );
    }
    return { network, prefix };
}

export function formatCidr(c: Ipv4Cidr): string {
    return `${formatIpv4(c.network)}/${c.prefix}`;
}

function toCidr(c: string | Ipv4Cidr): Ipv4Cidr {
    return typeof c === "string" ? parseCidr(c) : c;
}

/** Last address of the block. */
export function lastAddress(c: string | Ipv4Cidr): number {
    const b = toCidr(c);
    return b.network + blockSize(b.prefix) - 1;
}

/** True when `inner` (a CIDR or a single address) lies entirely inside `outer`. */
export function contains(outer: string | Ipv4Cidr, inner: string | Ipv4Cidr): boolean {
    const o = toCidr(outer);
    const i =
        typeof inner === "string" && !inner.includes("/") ? { network: parseIpv4(inner), prefix: 32 } : toCidr(inner);
    return i.prefix >= o.prefix && i.network >= o.network && lastAddress(i) <= lastAddress(o);
}

/** True when the two blocks share at least one address. */
export function overlaps(a: string | Ipv4Cidr, b: string | Ipv4Cidr): boolean {
    const x = toCidr(a);
    const y = toCidr(b);
    return x.network <= lastAddress(y) && y.network <= lastAddress(x);
}

/**
 * Splits a block into `2^extraBits` equal sub-blocks, in address order. Deterministic: the same input always
 * gives the same list, which is what keeps subnet CIDRs (and so the subnets themselves) stable between runs.
 */
export function subdivide(block: string | Ipv4Cidr, extraBits: number): Ipv4Cidr[] {
    const b = toCidr(block);
    if (!Number.isInteger(extraBits) || extraBits < 0 || b.prefix + extraBits > 32) {
        throw new Error(`cannot split ${formatCidr(b)} by ${extraBits} bits`);
    }
    const prefix = b.prefix + extraBits;
    return Array.from({ length: 2 ** extraBits }, (_, i) => ({ network: b.network + i * blockSize(prefix), prefix }));
}

/** Gateway convention: the first usable address of the block. */
export function firstHost(c: string | Ipv4Cidr): string {
    return formatIpv4(toCidr(c).network + 1);
}

/** Dotted netmask for a prefix length, e.g. 18 -> 255.255.192.0. */
export function netmask(prefix: number): string {
    return formatIpv4(2 ** 32 - blockSize(prefix));
}

/** What is wrong with `text` as a CIDR block (the message {@link parseCidr} throws), or undefined when nothing is. */
export function cidrProblem(text: string): string | undefined {
    try {
        parseCidr(text);
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
}

/** The spelling of an IPv4 block: what editors check (JSON Schema) before the arithmetic below says more. */
export const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 block in a file: spelled a.b.c.d/n, with octets and prefix in range and no host bits set. */
export const cidrSchema = z
    .string()
    .regex(CIDR_PATTERN, "must be an IPv4 CIDR block such as 10.20.0.0/16")
    .superRefine((text, ctx) => {
        const problem = CIDR_PATTERN.test(text) ? cidrProblem(text) : undefined;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** The four network zones every tenant has (stack-tier-zoning), in the order they take their quarter of the block. */
export const ZONES = ["web", "app", "data", "mgmt"] as const;
export type Zone = (typeof ZONES)[number];

/**
 * The four zones of a tenant block, in a fixed order: web, app, data, mgmt each get a quarter. TenantNetwork builds
 * them, and the platform uses the same carving to admit exactly the tenants' app zones to the shared data services.
 */
export function zoneCidrs(tenantCidr: string): Record<Zone, string> {
    const cidrs = subdivide(parseCidr(tenantCidr), 2).map(formatCidr);
    return Object.fromEntries(ZONES.map((z, i) => [z, cidrs[i]])) as Record<Zone, string>;
}

/** Smallest tenant block: split four ways (web, app, data, mgmt) it still leaves /26 zones (59 usable addresses each). */
export const MIN_TENANT_PREFIX = 24;

/**
 * The private address space (RFC 1918) tenant blocks come from. A block outside it (public addresses, multicast,
 * 172.32.0.0 and up) would shadow real destinations on the internet or not route at all.
 */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** A tenant's block: a private CIDR block large enough for the four network zones. */
export const tenantCidrSchema = cidrSchema.superRefine((text, ctx) => {
    if (cidrProblem(text)) return;
    if (!PRIVATE_RANGES.some((range) => contains(range, text))) {
        ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(text)} is not private address space: take the block from ${PRIVATE_RANGES.join(", ")}`,
        });
    } else if (parseCidr(text).prefix > MIN_TENANT_PREFIX) {
        ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(text)} is too small: the four network zones need a /${MIN_TENANT_PREFIX} or larger`,
        });
    }
});
