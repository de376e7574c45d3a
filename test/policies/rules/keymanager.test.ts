import { keymanager } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { secretAclProjectOnly } from "../../../policies/rules/keymanager/secretAclProjectOnly";
import { secretExpiration } from "../../../policies/rules/keymanager/secretExpiration";
import { secretNoInlineKey } from "../../../policies/rules/keymanager/secretNoInlineKey";
import { secretStrength, strengthProblem } from "../../../policies/rules/keymanager/secretStrength";
import { brief, createResourceValidationArgs, run, runResourcePolicy, snap } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const ACL = { read: { projectAccess: false, users: ["svc-user-id"] } };
const secret = (name: string, props: Record<string, unknown>) =>
    snap(keymanager.SecretV1, name, {
        secretType: "passphrase",
        expiration: "2027-01-01T00:00:00Z",
        acl: ACL,
        ...props,
    });
const order = (name: string, meta: Record<string, unknown>) =>
    snap(keymanager.OrderV1, name, {
        type: "key",
        meta: { algorithm: "aes", bitLength: 256, mode: "cbc", expiration: "2027-01-01T00:00:00Z", ...meta },
    });

describe("os-secret-no-inline-key", () => {
    it("passes a passphrase payload, a public key and a key without payload", async () => {
        const f = await run(secretNoInlineKey, [
            secret("pass", { payload: "s3cr3t" }),
            secret("pub", { secretType: "public", payload: "-----BEGIN PUBLIC KEY-----" }),
            secret("sym", { secretType: "symmetric" }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports symmetric and private key payloads", async () => {
        const f = await run(secretNoInlineKey, [
            secret("aes", { secretType: "symmetric", payload: "q83vEjRWeJA=" }),
            secret("tls", { secretType: "private", payload: "-----BEGIN PRIVATE KEY-----" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-secret-no-inline-key",
                "aes",
                "payload carries a symmetric key: the key material is in the program and the Pulumi state.",
            ],
            [
                "os-secret-no-inline-key",
                "tls",
                "payload carries a private key: the key material is in the program and the Pulumi state.",
            ],
        ]);
        expect(f[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "high" });
    });
    it("cannot evaluate an unknown secret type or payload", async () => {
        const [a] = await run(secretNoInlineKey, [secret("s", { secretType: UNKNOWN })]);
        expect(a).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-secret-no-inline-key", "secretType"),
        });
        const [b] = await run(secretNoInlineKey, [secret("s", { secretType: "symmetric", payload: UNKNOWN })]);
        expect(b.message).toBe(preview("os-secret-no-inline-key", "payload"));
    });
});

describe("os-secret-strength", () => {
    it("judges algorithms and sizes", () => {
        expect(strengthProblem("AES", 256)).toBeUndefined();
        expect(strengthProblem("sm4", undefined)).toBeUndefined();
        expect(strengthProblem("hmacsha256", 128)).toBeUndefined();
        expect(strengthProblem(undefined, 64)).toBeUndefined();
        expect(strengthProblem("rsa", undefined)).toBe("rsa key without bitLength (at least 3072)");
        expect(strengthProblem("3DES", 192)).toBe("algorithm 3DES is broken");
    });
    it("passes AES-256, SM4, RSA-4096 and an opaque secret", async () => {
        const f = await run(secretStrength, [
            secret("aes", { algorithm: "aes", bitLength: 256 }),
            secret("sm4", { algorithm: "SM4" }),
            secret("opaque", {}),
            order("rsa", { algorithm: "rsa", bitLength: 4096 }),
            order("aes", {}),
        ]);
        expect(f).toEqual([]);
    });
    it("reports short keys, broken algorithms (Barbican's desede too) and a missing size", async () => {
        const f = await run(secretStrength, [
            secret("aes128", { algorithm: "AES", bitLength: 128 }),
            secret("des", { algorithm: "desede", bitLength: 192 }),
            order("rsa", { algorithm: "rsa", bitLength: 2048 }),
            order("ec", { algorithm: "ec", bitLength: undefined }),
        ]);
        expect(brief(f)).toEqual([
            ["os-secret-strength", "aes128", "AES key of 128 bits (at least 256)."],
            ["os-secret-strength", "des", "algorithm desede is broken."],
            ["os-secret-strength", "rsa", "rsa key of 2048 bits (at least 3072)."],
            ["os-secret-strength", "ec", "ec key without bitLength (at least 256)."],
        ]);
    });
    it("cannot evaluate an unknown algorithm or order meta", async () => {
        const [a] = await run(secretStrength, [secret("s", { algorithm: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-secret-strength", "algorithm") });
        const [b] = await run(secretStrength, [order("o", { bitLength: UNKNOWN })]);
        expect(b.message).toBe(preview("os-secret-strength", "meta.bitLength"));
    });
    it("declines other types (unit args)", async () => {
        const args = createResourceValidationArgs(keymanager.ContainerV1, { algorithm: "des" });
        await expect(runResourcePolicy(secretStrength, args)).rejects.toThrow(
            "Policy only applies to resources of types 'openstack:keymanager/secretV1:SecretV1'",
        );
    });
});

describe("os-secret-expiration", () => {
    it("passes secrets and orders with an expiration", async () => {
        expect(await run(secretExpiration, [secret("s", {}), order("o", {})])).toEqual([]);
    });
    it("reports secrets and orders without one, advisory", async () => {
        const f = await run(secretExpiration, [
            secret("s", { expiration: undefined }),
            order("o", { expiration: undefined }),
            snap(keymanager.OrderV1, "bare", { type: "key" }),
        ]);
        expect(brief(f)).toEqual([
            ["os-secret-expiration", "s", "expiration is not set: the key never expires."],
            ["os-secret-expiration", "o", "meta.expiration is not set: the key never expires."],
            ["os-secret-expiration", "bare", "meta.expiration is not set: the key never expires."],
        ]);
        expect(f[0].enforcementLevel).toBe("advisory");
    });
    it("cannot evaluate an unknown expiration", async () => {
        const [a] = await run(secretExpiration, [secret("s", { expiration: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-secret-expiration", "expiration") });
        const [b] = await run(secretExpiration, [order("o", { expiration: UNKNOWN })]);
        expect(b.message).toBe(preview("os-secret-expiration", "meta.expiration"));
    });
});

describe("os-secret-acl-project-only", () => {
    it("passes secrets and containers readable by named users only", async () => {
        const f = await run(secretAclProjectOnly, [
            secret("s", {}),
            snap(keymanager.ContainerV1, "c", { type: "certificate", acl: ACL }),
        ]);
        expect(f).toEqual([]);
    });
    it("reports no ACL, no read ACL and project-wide read", async () => {
        const f = await run(secretAclProjectOnly, [
            secret("none", { acl: undefined }),
            secret("noread", { acl: {} }),
            secret("open", { acl: { read: { projectAccess: true, users: ["u"] } } }),
            snap(keymanager.ContainerV1, "c", { type: "certificate", acl: { read: { users: ["u"] } } }),
        ]);
        const msg = "acl.read.projectAccess is not false: every member of the project can read the key.";
        expect(brief(f)).toEqual([
            ["os-secret-acl-project-only", "none", msg],
            ["os-secret-acl-project-only", "noread", msg],
            ["os-secret-acl-project-only", "open", msg],
            ["os-secret-acl-project-only", "c", msg],
        ]);
    });
    it("cannot evaluate an unknown ACL", async () => {
        const [f] = await run(secretAclProjectOnly, [secret("s", { acl: { read: { projectAccess: UNKNOWN } } })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-secret-acl-project-only", "acl.read.projectAccess"),
        });
    });
});
