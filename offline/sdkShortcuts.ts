/**
 * Two pieces of the Pulumi SDK's bookkeeping that a render under mocks pays for on every resource and never uses,
 * switched off in this process (the offline renderer's; the engine runs stack programs in processes of their own,
 * which keep the SDK as it is):
 *
 * - `debuggablePromise` tags each RPC promise with an id, a context and a stack trace and tracks it in a set, so
 *   that a deployment's exit can name promises that never settled. A capture awaits every registration itself
 *   (offline/capture.ts), so nothing can leak past it. Measured on the 30-tenant bench fleet (3,886 resources): a
 *   third of the render's CPU time.
 * - `Resource.callsites` raises `Error.stackTraceLimit` to infinity and parses a whole stack trace per resource, for
 *   the source position the engine stores with it; no snapshot carries it.
 *
 * WATERCLOUD_DEBUG=1 keeps both (with the stack traces the CLI otherwise turns off).
 */

/** SDK internals that are public in the JavaScript but stripped from the typings. */
interface Debuggable {
    debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
}
interface ResourceClass {
    callsites(): unknown[];
}

let applied = false;

export function skipSdkBookkeeping(env: NodeJS.ProcessEnv = process.env): void {
    if (applied || env.WATERCLOUD_DEBUG) return;
    applied = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module the typings do not export
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class, without the package's re-exports
    const { Resource } = require("@pulumi/pulumi/resource") as { Resource: ResourceClass };
    // The SDK calls both through their module objects (`debuggable_1.debuggablePromise(...)`), so replacing the
    // exports reaches every caller.
    debuggable.debuggablePromise = (p) => p;
    Resource.callsites = () => [];
}
