import type { Command } from "commander";
import { REDACTED, type ResourceSnapshot, renderStacks } from "../../offline";
import { resolveStackNames } from "../stacks";
import { emit, requireChoice, resolveRoot } from "../context";
import { EXIT_OK } from "../exitCodes";
import { offlineDataLosses } from "../dataLosses";

/** Inputs as a person may see them: secret inputs (passwords, keys) never leave the process. */
export function redactInputs(r: ResourceSnapshot): Record<string, unknown> {
    const out = { ...r.props };
    for (const k of r.secretProps ?? []) out[k] = REDACTED;
    return out;
}

/** The resource tree of one stack: children under their parents, in registration order. */
export function resourceTree(resources: readonly ResourceSnapshot[]): string {
    const children = new Map<string | undefined, ResourceSnapshot[]>();
    for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const walk = (parent: string | undefined, depth: number) => {
        for (const r of children.get(parent) ?? []) {
            lines.push(`${"  ".repeat(depth)}${r.type} ${r.name}`);
            walk(r.urn, depth + 1);
        }
    };
    walk(undefined, 0);
    return lines.join("\n");
}

export function registerPlan(program: Command, setExit: (code: number) => void): void {
    program
        .command("plan")
        .description("what a stack would create, rendered offline (no cloud, no credentials), with its outputs")
        .argument("<stack>", "stack name: platform or a tenant")
        .option("--format <format>", "text or json", "text")
        .option("--output <file>", "write to FILE instead of stdout")
        .action(async (stack: string, opts: { format: string; output?: string }) => {
            const format = requireChoice("format", opts.format, ["text", "json"] as const);
            const root = resolveRoot(program.opts().root);
            const [rendered] = await renderStacks(root, resolveStackNames(root, [stack]));
            const losses = offlineDataLosses(
                root,
                rendered.stack,
                rendered.resources.map((r) => r.urn),
            );
            if (format === "json") {
                const doc = {
                    stack: rendered.stack,
                    file: rendered.file,
                    resources: rendered.resources.map((r) => ({
                        urn: r.urn,
                        type: r.type,
                        name: r.name,
                        parent: r.parent ?? null,
                        custom: r.custom,
                        inputs: redactInputs(r),
                        secretInputs: r.secretProps ?? [],
                    })),
                    outputs: rendered.outputs,
                    dataLosses: losses.lines,
                };
                emit(JSON.stringify(doc, null, 2) + "\n", opts.output);
            } else {
                const count = rendered.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
                const text = [
                    `${rendered.stack} (${rendered.file}): ${count} resources`,
                    resourceTree(rendered.resources),
                    "",
                    "Outputs:",
                    JSON.stringify(rendered.outputs, null, 2),
                    ...(losses.lines.length ? ["", "Data against the last deployed state:", ...losses.lines] : []),
                ].join("\n");
                emit(text + "\n", opts.output);
            }
            setExit(EXIT_OK);
        });
}
