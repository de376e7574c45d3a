/**
 * The stacks of a project and the order their dependencies give. The one program (stacks/program.ts) makes every
 * stack but the platform a tenant that reads the platform's outputs by StackReference (the name in its
 * `watercloud:platformStack` config, else "platform"); so the platform goes first, tenants after it, side by side,
 * and destroy runs the other way round.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PLATFORM_STACK, PLATFORM_STACK_KEY, stackConfigFileName, stackOfConfigFile } from "../model";
import { EngineInputError } from "./errors";

export interface FleetStack {
    readonly name: string;
    /** The stack file, absolute. */
    readonly file: string;
    /** Stacks whose outputs this one reads. */
    readonly dependsOn: string[];
}

export interface Fleet {
    readonly root: string;
    /** Pulumi.yaml `name`. */
    readonly project: string;
    /** Pulumi.yaml `stackConfigDir`, absolute. */
    readonly configDir: string;
    readonly stacks: FleetStack[];
}

function readYaml(file: string): Record<string, unknown> {
    try {
        const doc = parseYaml(fs.readFileSync(file, "utf8")) as unknown;
        return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
    } catch {
        // A broken stack file is the gate's to report (with its line); here it only means "no explicit dependency".
        return {};
    }
}

export function readFleet(root: string): Fleet {
    const projectFile = path.join(root, "Pulumi.yaml");
    if (!fs.existsSync(projectFile))
        throw new EngineInputError(`${root} has no Pulumi.yaml: run from the project root or pass --root DIR`);
    const project = readYaml(projectFile);
    const name = typeof project.name === "string" ? project.name : undefined;
    if (!name) throw new EngineInputError(`${projectFile}: no project name`);
    const configDir = path.resolve(root, typeof project.stackConfigDir === "string" ? project.stackConfigDir : ".");
    const names = fs.existsSync(configDir)
        ? fs
              .readdirSync(configDir)
              .map((f) => stackOfConfigFile(f, ["yaml"]))
              .filter((s): s is string => s !== undefined)
              .sort()
        : [];
    const stacks = names.map((s) => {
        const file = path.join(configDir, stackConfigFileName(s));
        if (s === PLATFORM_STACK) return { name: s, file, dependsOn: [] };
        const config = (readYaml(file).config ?? {}) as Record<string, unknown>;
        const platform =
            typeof config[PLATFORM_STACK_KEY] === "string" ? (config[PLATFORM_STACK_KEY] as string) : PLATFORM_STACK;
        return { name: s, file, dependsOn: names.includes(platform) && platform !== s ? [platform] : [] };
    });
    return { root, project: name, configDir, stacks };
}

/** The requested names, checked: unknown names are the caller's mistake, listing the stacks that exist. */
export function selectStacks(fleet: Fleet, requested: readonly string[] | "all"): string[] {
    const known = fleet.stacks.map((s) => s.name);
    if (requested === "all") return known;
    const unknown = requested.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        throw new EngineInputError(
            `unknown stack${unknown.length > 1 ? "s" : ""} ${unknown.map((s) => `"${s}"`).join(", ")} (stacks: ${known.join(", ") || "none"})`,
        );
    }
    if (requested.length === 0) throw new EngineInputError("no stack selected: name stacks, or select all of them");
    return [...new Set(requested)];
}

/**
 * The selected stacks in stages: each stage only depends on earlier ones, so its stacks may run side by side.
 * `reverse` (destroy) turns the order round: dependents go first.
 */
export function stages(fleet: Fleet, selected: readonly string[], reverse = false): string[][] {
    const deps = new Map(fleet.stacks.map((s) => [s.name, s.dependsOn.filter((d) => selected.includes(d))]));
    const level = new Map<string, number>();
    const visit = (s: string, seen: string[]): number => {
        if (level.has(s)) return level.get(s)!;
        if (seen.includes(s))
            throw new EngineInputError(`stacks depend on each other in a circle: ${[...seen, s].join(" → ")}`);
        const l = Math.max(-1, ...(deps.get(s) ?? []).map((d) => visit(d, [...seen, s]))) + 1;
        level.set(s, l);
        return l;
    };
    for (const s of selected) visit(s, []);
    const out: string[][] = [];
    for (const s of [...selected].sort()) (out[level.get(s)!] ??= []).push(s);
    const ordered = out.filter(Boolean);
    return reverse ? ordered.reverse() : ordered;
}

/** The stacks that read `stack`'s outputs. */
export function dependents(fleet: Fleet, stack: string): string[] {
    return fleet.stacks.filter((s) => s.dependsOn.includes(stack)).map((s) => s.name);
}
