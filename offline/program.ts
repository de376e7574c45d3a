/**
 * Any Pulumi TypeScript program, loaded to run under the offline mocks (`watercloud check --program DIR`): a
 * component a platform engineer is writing, or a service owner's own program, checked before it reaches a stack.
 *
 * The project file says where the program starts (`main`, else index.ts or index.js); the stack file gives its
 * config. The program is compiled on the fly with tsx (what the CLI itself runs on when it is not built), and its
 * `@pulumi/pulumi` is always this project's copy: the mocks live in that module's state, and a program with its own
 * copy would register its resources with a deployment nobody is watching. Packages the program's folder lacks
 * (a scratch folder has no node_modules) come from this project's. Mistakes in the folder, the files or the
 * program itself are input errors with FILE:LINE:COL, never a stack trace.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { z } from "zod";
import { InputError, type Diagnostic, stackConfigFileName, YamlSource, zodDiagnostics } from "../model";

/** The part of Pulumi.yaml that says what to run. */
const projectFileSchema = z.looseObject({
    name: z.string().min(1),
    runtime: z.union([z.string(), z.looseObject({ name: z.string() })]),
    main: z.string().min(1).optional(),
});

/** Pulumi.<stack>.yaml: config values, plain or `{ secure: ... }` (which offline cannot decrypt). */
const stackFileSchema = z.looseObject({ config: z.record(z.string(), z.unknown()).optional() });

export interface LoadedProgram {
    /** Absolute program folder. */
    readonly dir: string;
    /** The project name (Pulumi.yaml `name`): URNs and unprefixed config keys use it. */
    readonly project: string;
    /** Absolute entry file. */
    readonly entry: string;
    /** Stack config keyed `namespace:key`, as the engine hands it to a program; secure values redacted. */
    readonly config: Record<string, unknown>;
    /** Config keys whose values are secret. */
    readonly secretKeys: string[];
    /** Runs the program: its exports (or what its exported function returns) are the stack's outputs. */
    readonly run: () => Promise<unknown>;
    /** Ends the program's environment (compiler hooks, module resolution); call once its failure, if any, is read. */
    readonly close: () => void;
}

const ENTRY_CANDIDATES = ["index.ts", "index.js"];

/** What a secure config value reads as offline: the engine would decrypt it, the offline check holds no key. */
export const OFFLINE_SECRET = "[secret: not decrypted offline]";

function fail(file: string, message: string, line = 1, col = 1): never {
    throw new InputError([{ file, line, col, severity: "error", message }]);
}

function readYaml<T>(root: string, abs: string, schema: z.ZodType<T>): { source: YamlSource; value: T } {
    const source = YamlSource.read(root, abs);
    if (source.syntaxDiagnostics.length) throw new InputError(source.syntaxDiagnostics);
    const parsed = schema.safeParse(source.value ?? {}, { reportInput: true });
    if (!parsed.success) throw new InputError(zodDiagnostics(source, schema, parsed.error, source.value, []));
    return { source, value: parsed.data };
}

/** The entry a Pulumi Node.js project runs: `main` (a file, or a folder with an index), else index.ts/index.js. */
function entryOf(dir: string, main: string | undefined, project: YamlSource): string {
    if (main !== undefined) {
        const abs = path.resolve(dir, main);
        if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return abs;
        const inFolder = fs.existsSync(abs)
            ? ENTRY_CANDIDATES.map((c) => path.join(abs, c)).find((f) => fs.existsSync(f))
            : undefined;
        if (inFolder) return inFolder;
        const at = project.locate(["main"]);
        fail(
            at.file,
            `main "${main}" names no file (nor a folder with ${ENTRY_CANDIDATES.join(" or ")})`,
            at.line,
            at.col,
        );
    }
    const found = ENTRY_CANDIDATES.map((c) => path.join(dir, c)).find((f) => fs.existsSync(f));
    if (!found)
        fail(project.file, `the program has no ${ENTRY_CANDIDATES.join(" or ")}: add one, or name the entry with main`);
    return found;
}

/** Config as the engine passes it: keys without a namespace take the project's name; secure values stay secret. */
function configOf(
    project: string,
    raw: Record<string, unknown> | undefined,
): { config: Record<string, unknown>; secretKeys: string[] } {
    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(raw ?? {})) {
        const key = k.includes(":") ? k : `${project}:${k}`;
        const secure =
            v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
        config[key] = secure ? OFFLINE_SECRET : v;
        if (secure) secretKeys.push(key);
    }
    return { config, secretKeys };
}

/** Where a thrown error points inside the program (its stack is source-mapped by tsx), else the entry. */
function programFrame(err: unknown, dir: string, entry: string): { file: string; line: number; col: number } {
    const stack = err instanceof Error ? (err.stack ?? "") : "";
    for (const m of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():\n]+):(\d+):(\d+)\)?/g)) {
        const file = m[1]!;
        if (file.startsWith(dir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`))
            return { file, line: Number(m[2]), col: Number(m[3]) };
    }
    return { file: entry, line: 1, col: 1 };
}

/** esbuild's "FILE:LINE:COL: ERROR: TEXT" (its columns count from 0). */
function compileErrors(err: unknown): Diagnostic[] {
    const text = err instanceof Error ? err.message : "";
    return [...text.matchAll(/^(.+?):(\d+):(\d+): ERROR: (.+)$/gm)].map((m) => ({
        file: m[1]!,
        line: Number(m[2]),
        col: Number(m[3]) + 1,
        severity: "error" as const,
        message: `the program does not compile: ${m[4]}`,
    }));
}

/**
 * The program's error as the user's input error: a compile error at its position, anything the program throws
 * at the frame in the program that threw it. Files are named as `shown` names them.
 */
export function programFailure(
    err: unknown,
    program: Pick<LoadedProgram, "dir" | "entry">,
    shown: (abs: string) => string,
): InputError {
    const compiled = compileErrors(err);
    if (compiled.length) return new InputError(compiled.map((d) => ({ ...d, file: shown(d.file) })));
    const at = programFrame(err, program.dir, program.entry);
    const message = err instanceof Error ? err.message : String(err);
    return new InputError([
        {
            file: shown(at.file),
            line: at.line,
            col: at.col,
            severity: "error",
            message: `the program failed: ${message.split("\n")[0]}`,
        },
    ]);
}

/**
 * Installs the program's module resolution until the returned function is called: `@pulumi/pulumi` from this
 * project always, anything the program's own folder cannot resolve from this project too.
 */
function projectModules(): () => void {
    const M = Module as unknown as { _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string };
    const original = M._resolveFilename;
    M._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
        // From this module's folder up: the node_modules this project runs with, built or not.
        const fromProject = () => original.call(this, request, parent, false, { paths: [__dirname] });
        if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) return fromProject();
        try {
            return original.call(this, request, parent, ...rest);
        } catch (e) {
            if (
                (e as { code?: string }).code !== "MODULE_NOT_FOUND" ||
                request.startsWith(".") ||
                path.isAbsolute(request)
            )
                throw e;
            return fromProject();
        }
    };
    return () => {
        M._resolveFilename = original;
    };
}

/** Drops the program's modules from the require cache, so a second run loads them afresh. */
function forget(dir: string): void {
    for (const k of Object.keys(require.cache))
        if (k.startsWith(dir + path.sep) && !k.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[k];
}

/**
 * Reads the program in `dir` (absolute) for `stack`; `shown` names files in diagnostics (relative to the user's
 * working folder). Throws InputError for a missing folder, a wrong project or stack file, or no entry.
 */
export function loadProgram(dir: string, stack: string, shown: (abs: string) => string): LoadedProgram {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        fail(shown(dir), "no such program folder: pass the folder that holds Pulumi.yaml");
    const projectFile = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(projectFile))
        fail(shown(projectFile), "the program folder has no Pulumi.yaml (name, runtime: nodejs, main)");
    const { source, value: project } = readYaml(dir, projectFile, projectFileSchema);
    const named = (d: Diagnostic[]) => d.map((x) => ({ ...x, file: shown(path.join(dir, x.file)) }));
    const runtime = typeof project.runtime === "string" ? project.runtime : project.runtime.name;
    if (runtime !== "nodejs") {
        const at = source.locate(["runtime"]);
        throw new InputError(
            named([
                {
                    ...at,
                    severity: "error",
                    message: `runtime "${runtime}": only Node.js programs (runtime: nodejs) can be checked`,
                },
            ]),
        );
    }
    let entry: string;
    try {
        entry = entryOf(dir, project.main, source);
    } catch (e) {
        throw e instanceof InputError ? new InputError(named(e.diagnostics)) : e;
    }
    const stackFile = path.join(dir, stackConfigFileName(stack));
    let rawConfig: Record<string, unknown> | undefined;
    if (fs.existsSync(stackFile)) {
        try {
            rawConfig = readYaml(dir, stackFile, stackFileSchema).value.config;
        } catch (e) {
            throw e instanceof InputError ? new InputError(named(e.diagnostics)) : e;
        }
    }
    const { config, secretKeys } = configOf(project.name, rawConfig);
    /**
     * The program's environment, from the first run until `close`: tsx compiles it as Node loads it (and maps its
     * stack frames back to the TypeScript), its modules resolve as described above, and stack traces are on (the
     * CLI turns them off for speed; the program's own frames say where it failed). It stays in place while the
     * capture waits for the program's registrations, whose failures arrive after the program has returned.
     */
    let close = () => {};
    const run = async (): Promise<unknown> => {
        close();
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = Math.max(limit, 50);
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a program is run, and undone after
        const { register } = require("tsx/cjs/api") as { register(): () => void };
        const unregister = register();
        const restore = projectModules();
        close = () => {
            restore();
            Error.stackTraceLimit = limit;
            unregister();
            close = () => {};
        };
        forget(dir);
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program's entry, named at run time
        const exported = require(entry) as unknown;
        const main = typeof exported === "function" ? exported : (exported as { default?: unknown })?.default;
        return typeof main === "function" ? await (main as () => unknown)() : exported;
    };
    return { dir, project: project.name, entry, config, secretKeys, run, close: () => close() };
}
