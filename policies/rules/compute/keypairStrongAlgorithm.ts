import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

/** Bits of an ssh-rsa modulus, read from the wire format (string "ssh-rsa", mpint e, mpint n). */
export function rsaModulusBits(base64: string): number | undefined {
    const buf = Buffer.from(base64, "base64");
    let off = 0;
    const next = (): Buffer | undefined => {
        if (off + 4 > buf.length) return undefined;
        const len = buf.readUInt32BE(off);
        off += 4;
        if (off + len > buf.length) return undefined;
        const b = buf.subarray(off, off + len);
        off += len;
        return b;
    };
    const kind = next();
    if (!kind || kind.toString() !== "ssh-rsa") return undefined;
    if (!next()) return undefined;
    let n = next();
    if (!n) return undefined;
    while (n.length > 0 && n[0] === 0) n = n.subarray(1);
    return n.length === 0 ? 0 : (n.length - 1) * 8 + (32 - Math.clz32(n[0]));
}

const STRONG =
    /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

export const keypairStrongAlgorithm = resourceRule(
    {
        id: "os-keypair-strong-algorithm",
        description: "Key pairs use ed25519, ECDSA or RSA of at least 3072 bits.",
        clauses: ["8.1.4.1d"],
        testIds: ["L3-CES1-04"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["authentication", "cryptography"],
        services: ["compute"],
        remediation: "Generate an ed25519 key (ssh-keygen -t ed25519) or RSA with -b 3072 or more.",
    },
    compute.Keypair,
    (keypair, _ctx, report) => {
        const key = keypair.publicKey;
        if (!key) return; // os-keypair-public-key-imported reports a missing key
        const [kind, body] = key.trim().split(/\s+/);
        if (STRONG.test(kind)) return;
        if (kind === "ssh-rsa") {
            const bits = rsaModulusBits(body ?? "");
            if (bits === undefined) report("publicKey is an ssh-rsa key that cannot be decoded.");
            else if (bits < 3072) report(`publicKey is a ${bits}-bit RSA key; use at least 3072 bits or ed25519.`);
            return;
        }
        report(
            `publicKey uses the weak or unknown algorithm "${kind}"; use ed25519, ECDSA or RSA of at least 3072 bits.`,
        );
    },
);
