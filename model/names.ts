/**
 * Spelling rules for names and versions, shared by the blueprint, tenant and platform schemas.
 */
import { z } from "zod";

/** Lower-case DNS-label style: names become parts of OpenStack resource names and host names. */
export const NAME_PATTERN = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;

export const nameSchema = z
    .string()
    .regex(NAME_PATTERN, "must be lower-case letters, digits and '-', start with a letter, at most 40 characters");

/** Semantic Versioning 2.0.0 (the regular expression semver.org suggests). */
export const SEMVER_PATTERN =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const semverSchema = z
    .string()
    .regex(SEMVER_PATTERN, "must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0");

/** `name@version`, how a tenant pins a blueprint (an exact pin, so the impact of any change is computable). */
export const BLUEPRINT_PIN_PATTERN = new RegExp(
    `^(${NAME_PATTERN.source.slice(1, -1)})@(${SEMVER_PATTERN.source.slice(1, -1)})$`,
);

export const blueprintPinSchema = z
    .string()
    .regex(BLUEPRINT_PIN_PATTERN, "must be NAME@VERSION with an exact semantic version, e.g. web-app@1.1.0");

export function parsePin(pin: string): { name: string; version: string } | undefined {
    const at = pin.indexOf("@");
    if (at < 0 || !BLUEPRINT_PIN_PATTERN.test(pin)) return undefined;
    return { name: pin.slice(0, at), version: pin.slice(at + 1) };
}

/** Orders semantic versions by precedence (semver.org §11): numbers numerically, a pre-release before its release. */
export function compareSemver(a: string, b: string): number {
    const pa = splitSemver(a);
    const pb = splitSemver(b);
    for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i]! - pb.core[i]!;
    if (pa.pre.length === 0 || pb.pre.length === 0) return pb.pre.length - pa.pre.length;
    for (let i = 0; i < Math.min(pa.pre.length, pb.pre.length); i++) {
        const x = pa.pre[i]!;
        const y = pb.pre[i]!;
        if (x === y) continue;
        const nx = /^\d+$/.test(x);
        const ny = /^\d+$/.test(y);
        if (nx && ny) return Number(x) - Number(y);
        if (nx !== ny) return nx ? -1 : 1;
        return x < y ? -1 : 1;
    }
    return pa.pre.length - pb.pre.length;
}

function splitSemver(v: string): { core: number[]; pre: string[] } {
    const [main = "", ...rest] = v.split("+")[0]!.split("-");
    const pre = rest.join("-");
    return { core: main.split(".").map(Number), pre: pre ? pre.split(".") : [] };
}
