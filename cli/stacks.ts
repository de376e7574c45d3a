import { listStacks, PLATFORM_STACK } from "../model";
import { UsageError } from "./userError";

/** Orders and checks requested stack names: the platform first; unknown names are a usage error listing the stacks. */
export function resolveStackNames(root: string, requested: readonly string[] | "all"): string[] {
    const known = listStacks(root);
    if (requested === "all") return [PLATFORM_STACK, ...known.filter((s) => s !== PLATFORM_STACK)];
    const unknown = requested.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        const names = unknown.map((s) => `"${s}"`).join(", ");
        throw new UsageError(`unknown stack${unknown.length > 1 ? "s" : ""} ${names} (stacks: ${known.join(", ")})`);
    }
    const ordered = [...new Set(requested)];
    return ordered.includes(PLATFORM_STACK)
        ? [PLATFORM_STACK, ...ordered.filter((s) => s !== PLATFORM_STACK)]
        : ordered;
}
