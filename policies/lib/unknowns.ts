/**
 * Values a stack policy may find unknown at a preview. The engine hands stack policies the planned outputs behind
 * @pulumi/policy's unknown-checking proxy: reading an unknown throws, and the analyzer turns the throw into an
 * advisory "can't run policy ... during preview". Most of the time that is right. Where a rule knows what an
 * unknown cannot be (a security group rule's remote prefix beside a set remote group, which Neutron refuses to hold
 * both of; a value the provider computes, which is no id a program pasted), it reads through `known` instead.
 */
// The proxy's typings are stripped (@internal); the JavaScript export is stable and the analyzer uses this module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { UnknownValueError } = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (...a: unknown[]) => Error;
};

export type Known<T> = { readonly known: true; readonly value: T } | { readonly known: false };

/** Runs `read`; an unknown it hits becomes `{ known: false }`, any other error is thrown on. */
export function known<T>(read: () => T): Known<T> {
    try {
        return { known: true, value: read() };
    } catch (e) {
        if (e instanceof UnknownValueError) return { known: false };
        throw e;
    }
}
