/**
 * `watercloud affected`: which stacks a change since a git ref can affect, so CI checks (and previews) only
 * those. The rules follow how the program uses each file: a blueprint version reaches only the tenants pinned to
 * it, a tenant's stack file only that tenant, the platform file every tenant (they read its outputs), and code
 * every stack. Anything unrecognised counts as code: checking too much is slow, checking too little is wrong.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import {
    InputError,
    listStacks,
    PLATFORM_STACK,
    RETIRE_KEY,
    SEMVER_PATTERN,
    SERVICES_KEY,
    stackFilePath,
    stackOfConfigFile,
    STACKS_DIR,
    type Diagnostic,
} from "../model";
import { publishedEditProblem } from "../blueprints";
import { UsageError } from "./userError";

export interface AffectedResult {
    /** Affected stacks, the platform first, then tenants by name. */
    readonly stacks: string[];
    /** Why each affected stack is in the list (one line per changed file that reaches it). */
    readonly reasons: Record<string, string[]>;
    /** The changed files considered, relative to the project root. */
    readonly changed: string[];
}

/** A version file: any semantic version, pre-releases included (they are pinned and published like any other). */
const BLUEPRINT_VERSION = new RegExp(`^blueprints/([a-z0-9-]+)/(${SEMVER_PATTERN.source.slice(1, -1)})\\.ya?ml$`);

/** Paths that only people read: they change no stack. */
function isDocumentation(p: string): boolean {
    return p.startsWith("docs/") || /(^|\/)README(\.[a-z]+)?$/i.test(p) || /\.md$/i.test(p) || p === "LICENSE";
}

/** Paths that never reach a stack's resources or its check: tests, benchmarks, generated editor schemas. */
function isOutsideTheProgram(p: string): boolean {
    return p.startsWith("test/") || p.startsWith("bench/") || p.startsWith("schemas/") || p.startsWith(".github/");
}

/** Why a change to `p` reaches every stack, or undefined when it does not. */
function fleetWideReason(p: string): string | undefined {
    if (p === "Pulumi.yaml") return "Pulumi.yaml (the project) changed";
    if (/^package(-lock)?\.json$/.test(p)) return `${p} (dependencies) changed`;
    for (const dir of ["model/", "components/", "policies/", "offline/", "reports/", "cli/", "bin/"])
        if (p.startsWith(dir)) return `${p} (${dir.slice(0, -1)} code) changed`;
    if (p.startsWith("compliance/")) return `${p} (waivers and attestations) changed`;
    if (/^stacks\/.*\.[cm]?[jt]s$/.test(p)) return `${p} (the stack program) changed`;
    if (/^blueprints\/[^/]+\.[cm]?[jt]s$/.test(p)) return `${p} (the blueprint renderer) changed`;
    return undefined;
}

function git(root: string, args: readonly string[]): string {
    return execFileSync("git", [...args], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
    });
}

function lines(text: string): string[] {
    return text.split("\n").filter((l) => l.length > 0);
}

/** Files changed since the merge base with `base`, plus staged, unstaged and untracked changes, root-relative. */
export function changedFiles(root: string, base: string): string[] {
    try {
        git(root, ["rev-parse", "--is-inside-work-tree"]);
    } catch {
        throw new UsageError(`${root} is not inside a git work tree, so there is nothing to compare with --base`);
    }
    try {
        git(root, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
    } catch {
        throw new UsageError(`--base "${base}" is not a commit in this repository`);
    }
    // --relative: paths relative to the project root (which may be a folder of a larger repository), and only
    // files under it. --no-renames: a renamed file counts at its old and its new path.
    const committed = lines(git(root, ["diff", "--name-only", "--relative", "--no-renames", `${base}...HEAD`]));
    const uncommitted = lines(git(root, ["diff", "--name-only", "--relative", "--no-renames", "HEAD"]));
    const untracked = lines(git(root, ["ls-files", "--others", "--exclude-standard"]));
    return [...new Set([...committed, ...uncommitted, ...untracked])].sort();
}

/** The file's content at `ref`, or undefined when it did not exist there. */
function contentAt(root: string, ref: string, file: string): Buffer | undefined {
    try {
        return execFileSync("git", ["show", `${ref}:./${file}`], {
            cwd: root,
            stdio: ["ignore", "pipe", "ignore"],
            maxBuffer: 64 * 1024 * 1024,
        });
    } catch {
        return undefined;
    }
}

/** Service names and retirements of a tenant file's text, read leniently (a broken file has none). */
function servicesIn(text: string | undefined): { services: string[]; retired: string[] } {
    let doc: { config?: Record<string, { name?: unknown; service?: unknown }[] | undefined> } | undefined;
    try {
        doc = text === undefined ? undefined : (parseYaml(text) as typeof doc);
    } catch {
        doc = undefined;
    }
    const names = (key: string, field: "name" | "service") => {
        const list = doc?.config?.[key];
        return Array.isArray(list) ? list.map((x) => x?.[field]).filter((n): n is string => typeof n === "string") : [];
    };
    return { services: names(SERVICES_KEY, "name"), retired: names(RETIRE_KEY, "service") };
}

/**
 * A service the base ran and the file no longer does: `up` would delete its data, so the reviewer is told, and
 * whether the file retires it (backed up first) or `up` will refuse it.
 */
function removedServices(before: Buffer | undefined, abs: string): string[] {
    const was = servicesIn(before?.toString("utf8"));
    const now = servicesIn(fs.existsSync(abs) ? fs.readFileSync(abs, "utf8") : undefined);
    return was.services
        .filter((s) => !now.services.includes(s))
        .map((s) =>
            now.retired.includes(s)
                ? `service '${s}' is retired: up backs up its data, then deletes it`
                : `service '${s}' was removed: up refuses to delete its data (volumes, databases, containers, secrets) unless ${RETIRE_KEY} retires it`,
        );
}

/** The blueprint pins (`name@version`) of each tenant's services, read leniently: a broken file pins nothing here. */
function tenantPins(root: string, tenants: readonly string[]): Map<string, string[]> {
    const pins = new Map<string, string[]>();
    for (const t of tenants) {
        let services: unknown;
        try {
            const doc = parseYaml(fs.readFileSync(stackFilePath(root, t), "utf8")) as {
                config?: Record<string, unknown>;
            } | null;
            services = doc?.config?.[SERVICES_KEY];
        } catch {
            services = undefined;
        }
        const list = Array.isArray(services) ? services : [];
        pins.set(
            t,
            list
                .map((s) => (s && typeof s === "object" ? (s as { blueprint?: unknown }).blueprint : undefined))
                .filter((b): b is string => typeof b === "string"),
        );
    }
    return pins;
}

export function computeAffected(root: string, base: string): AffectedResult {
    const changed = changedFiles(root, base);
    const all = listStacks(root);
    const tenants = all.filter((s) => s !== PLATFORM_STACK);
    let pins: Map<string, string[]> | undefined;
    const reasons = new Map<string, string[]>();
    const add = (stack: string, why: string) => reasons.set(stack, [...(reasons.get(stack) ?? []), why]);
    const errors: Diagnostic[] = [];

    for (const file of changed) {
        const version = BLUEPRINT_VERSION.exec(file);
        const stack =
            path.posix.dirname(file) === STACKS_DIR
                ? stackOfConfigFile(path.posix.basename(file), ["yaml"])
                : undefined;
        const everyStack = fleetWideReason(file);
        if (version) {
            const [, name, ver] = version;
            const pin = `${name}@${ver}`;
            const before = contentAt(root, base, file);
            const abs = path.join(root, file);
            const now = fs.existsSync(abs) ? fs.readFileSync(abs) : undefined;
            const problem =
                before && now ? publishedEditProblem(pin, before.toString("utf8"), now.toString("utf8")) : undefined;
            if (problem) {
                errors.push({ file, line: 1, col: 1, severity: "error", message: problem });
                continue;
            }
            pins ??= tenantPins(root, tenants);
            for (const t of tenants) if (pins.get(t)!.includes(pin)) add(t, `${file} changed (the tenant pins ${pin})`);
        } else if (stack !== undefined) {
            if (stack === PLATFORM_STACK) {
                for (const s of all)
                    add(
                        s,
                        s === PLATFORM_STACK
                            ? `${file} changed`
                            : `${file} changed (every tenant reads the platform's outputs)`,
                    );
            } else if (all.includes(stack)) {
                add(stack, `${file} changed`);
                for (const why of removedServices(contentAt(root, base, file), path.join(root, file))) add(stack, why);
            }
            // A deleted tenant file leaves no stack to check; `pulumi stack rm` is a deliberate, separate step.
        } else if (everyStack) {
            for (const s of all) add(s, everyStack);
        } else if (isDocumentation(file) || isOutsideTheProgram(file) || file.startsWith("blueprints/")) {
            // Documentation, tests and non-version files of a blueprint folder (its README, examples) change no stack.
        } else {
            for (const s of all) add(s, `${file} changed (not a known input, so every stack counts as affected)`);
        }
    }
    if (errors.length > 0) throw new InputError(errors);

    const stacks = all.filter((s) => reasons.has(s));
    return { stacks, reasons: Object.fromEntries(stacks.map((s) => [s, reasons.get(s)!])), changed };
}

export function affectedToJson(r: AffectedResult): string {
    // `matrix` is the shape a CI job matrix takes as-is: `strategy.matrix: ${{ fromJSON(...).matrix }}`.
    return JSON.stringify({ stacks: r.stacks, reasons: r.reasons, matrix: { stack: r.stacks } }, null, 2) + "\n";
}

export function affectedToText(r: AffectedResult): string {
    if (r.stacks.length === 0)
        return `No stack is affected (${r.changed.length} changed file${r.changed.length === 1 ? "" : "s"}).\n`;
    const out = [`${r.stacks.length} stack${r.stacks.length === 1 ? "" : "s"} affected:`];
    for (const s of r.stacks) {
        out.push(`  ${s}`);
        for (const why of r.reasons[s]) out.push(`    ${why}`);
    }
    return out.join("\n") + "\n";
}
