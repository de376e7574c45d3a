import { keymanager } from "@pulumi/openstack";
import { resourceRuleOfTypes } from "../../rule";

/** Minimum key sizes per algorithm; SM4 is fixed at 128 bits (GB/T 32907). */
const MIN_BITS: Record<string, number> = { aes: 256, rsa: 3072, dsa: 3072, ec: 256, sm4: 128, sm2: 256 };
/** "desede" is Barbican's own name for triple DES (KeyAlgorithm.DESEDE). */
const FORBIDDEN = new Set(["des", "3des", "tripledes", "desede", "rc4"]);

export function strengthProblem(algorithm: string | undefined, bitLength: number | undefined): string | undefined {
    if (!algorithm) return undefined;
    const a = algorithm.toLowerCase();
    if (FORBIDDEN.has(a)) return `algorithm ${algorithm} is broken`;
    const min = MIN_BITS[a];
    if (min === undefined) return undefined;
    if (bitLength === undefined)
        return a === "sm4" ? undefined : `${algorithm} key without bitLength (at least ${min})`;
    if (bitLength < min) return `${algorithm} key of ${bitLength} bits (at least ${min})`;
    return undefined;
}

export const secretStrength = resourceRuleOfTypes(
    {
        id: "os-secret-strength",
        description: "Keys are AES-256 (or SM4), RSA of at least 3072 bits or equivalent.",
        clauses: ["8.1.4.8b"],
        testIds: ["L3-CES1-28"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["cryptography"],
        services: ["keymanager"],
        remediation: "Use algorithm aes with bitLength 256 (or sm4 where the HSM supports it), rsa with 3072 or more.",
    },
    [keymanager.SecretV1, keymanager.OrderV1],
    (props, ctx, report) => {
        const source = ctx.args.isType(keymanager.OrderV1)
            ? ((props.meta ?? {}) as { algorithm?: string; bitLength?: number })
            : props;
        const problem = strengthProblem(source.algorithm, source.bitLength);
        if (problem) report(`${problem}.`);
    },
);
