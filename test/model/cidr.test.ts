import { describe, expect, it } from "vitest";
import { contains, firstHost, formatCidr, netmask, overlaps, parseCidr, parseIpv4, subdivide } from "../../model";

describe("cidr", () => {
    it("parses addresses and blocks", () => {
        expect(parseIpv4("10.20.0.1")).toBe(169082881);
        expect(parseCidr("10.20.0.0/16")).toEqual({ network: 169082880, prefix: 16 });
        expect(() => parseIpv4("10.256.0.1")).toThrow('"10.256.0.1" is not an IPv4 address');
        expect(() => parseIpv4("10.2.0")).toThrow('"10.2.0" is not an IPv4 address');
        expect(() => parseCidr("10.0.0.0/33")).toThrow('"10.0.0.0/33" has a prefix length above 32');
        expect(() => parseCidr("10.0.0.1/24")).toThrow(
            '"10.0.0.1/24" has host bits set (the network address is 10.0.0.0/24)',
        );
    });
    it("tests containment and overlap", () => {
        expect(contains("10.16.0.0/12", "10.20.0.0/16")).toBe(true);
        expect(contains("10.20.0.0/16", "10.16.0.0/12")).toBe(false);
        expect(contains("10.20.64.0/18", "10.20.100.7")).toBe(true);
        expect(contains("10.20.64.0/18", "10.20.128.0")).toBe(false);
        expect(overlaps("10.0.0.0/20", "10.0.15.0/24")).toBe(true);
        expect(overlaps("10.0.0.0/20", "10.0.16.0/24")).toBe(false);
        expect(overlaps("0.0.0.0/0", "192.168.1.0/24")).toBe(true);
    });
    it("subdivides deterministically", () => {
        expect(subdivide("10.20.0.0/16", 2).map(formatCidr)).toEqual([
            "10.20.0.0/18",
            "10.20.64.0/18",
            "10.20.128.0/18",
            "10.20.192.0/18",
        ]);
        expect(subdivide("192.168.0.0/24", 1).map(formatCidr)).toEqual(["192.168.0.0/25", "192.168.0.128/25"]);
        expect(() => subdivide("10.0.0.0/31", 2)).toThrow("cannot split 10.0.0.0/31 by 2 bits");
        expect(firstHost("10.20.128.0/18")).toBe("10.20.128.1");
        expect(netmask(18)).toBe("255.255.192.0");
    });
});
