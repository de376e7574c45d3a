/**
 * IPv4 CIDR arithmetic for the address plan: tenants' blocks must be valid, must not overlap each other, the
 * management network or the platform data network (8.1.2.1 c: planned zones and addresses).
 */

export interface Cidr {
    readonly text: string;
    /** First address as an unsigned 32-bit number. */
    readonly start: number;
    /** Last address, inclusive. */
    readonly end: number;
    readonly prefix: number;
}

/** Parses `a.b.c.d/n`; a string result says what is wrong. */
export function parseCidr(text: string): Cidr | string {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return `'${text}' is not an IPv4 CIDR block such as 10.20.0.0/16`;
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return `'${text}' has an address octet above 255`;
    const prefix = Number(m[5]);
    if (prefix > 32) return `'${text}' has a prefix length above 32`;
    const addr = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
    const size = 2 ** (32 - prefix);
    if (addr % size !== 0) {
        const base = addr - (addr % size);
        return `'${text}' has host bits set; the block is ${formatAddress(base)}/${prefix}`;
    }
    return { text, start: addr, end: addr + size - 1, prefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.start <= b.end && b.start <= a.end;
}

function formatAddress(n: number): string {
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}
