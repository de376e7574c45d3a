/**
 * Strength check of an OpenSSH public key (rule os-keypair-strong-algorithm, 8.1.4.1 d): ed25519 and ECDSA keys
 * pass, RSA keys pass from 3072 bits; anything else (DSA, short RSA, garbage) is refused. The RSA size is read
 * from the key blob itself (string "ssh-rsa", mpint e, mpint n), not from the comment. The stack files' keys are
 * checked with it by their schema (sshPublicKeySchema), the components' keys by the components.
 */
import { z } from "zod";

export type SshKeyVerdict = { ok: true; algorithm: string; bits?: number } | { ok: false; reason: string };

const ECDSA = ["ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];

function readField(blob: Buffer, offset: number): { value: Buffer; next: number } | undefined {
    if (offset + 4 > blob.length) return undefined;
    const len = blob.readUInt32BE(offset);
    if (offset + 4 + len > blob.length) return undefined;
    return { value: blob.subarray(offset + 4, offset + 4 + len), next: offset + 4 + len };
}

export function checkSshPublicKey(key: string): SshKeyVerdict {
    const [algorithm, b64] = key.trim().split(/\s+/);
    if (!algorithm || !b64) return { ok: false, reason: 'is not an OpenSSH public key ("<type> <base64> [comment]")' };
    const blob = Buffer.from(b64, "base64");
    const type = readField(blob, 0);
    if (!type || type.value.toString("latin1") !== algorithm) {
        return { ok: false, reason: "is not an OpenSSH public key (the key blob does not match its type)" };
    }
    if (algorithm === "ssh-ed25519" || ECDSA.includes(algorithm)) return { ok: true, algorithm };
    if (algorithm === "ssh-rsa") {
        const e = readField(blob, type.next);
        const n = e && readField(blob, e.next);
        if (!n) return { ok: false, reason: "is a truncated RSA key" };
        let bytes = n.value;
        while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1);
        const bits = bytes.length === 0 ? 0 : (bytes.length - 1) * 8 + Math.floor(Math.log2(bytes[0])) + 1;
        if (bits < 3072) return { ok: false, reason: `is an RSA key of ${bits} bits (at least 3072 required)` };
        return { ok: true, algorithm, bits };
    }
    return {
        ok: false,
        reason: `uses ${algorithm} (allowed: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa >= 3072 bits)`,
    };
}

/** An OpenSSH public key line in a file, strong enough to import (the same check the components make). */
export const sshPublicKeySchema = z
    .string()
    .regex(
        /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}( .*)?$/,
        "must be an OpenSSH public key line, e.g. 'ssh-ed25519 AAAA... comment'",
    )
    .superRefine((key, ctx) => {
        const verdict = checkSshPublicKey(key);
        // Said as "=== false" so that it narrows also for programs compiled without strictNullChecks.
        if (verdict.ok === false) ctx.addIssue({ code: "custom", message: `the key ${verdict.reason}` });
    });
