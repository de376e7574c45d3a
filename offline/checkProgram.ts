/**
 * `watercloud check --program DIR`: the pack over any Pulumi TypeScript program, judged with the site facts of a
 * platform file, exactly as `check` judges a stack of stacks/: the program under the same offline mocks (its
 * StackReference to the platform answered by the platform rendered from that file), the same rule objects, the
 * same report.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readFleet } from "../blueprints";
import { evaluatePolicies } from "../policies/index";
import { platformProgram } from "../stacks";
import { captureProgram } from "./capture";
import { summarize, type CheckResult, type StackResult } from "./check";
import { policyConfigFor } from "./policyConfig";
import { loadProgram, programFailure } from "./program";
import { OFFLINE_DEPLOYER, type RenderedStack } from "./renderFleet";
import {
    InputError,
    type Diagnostic,
    loadPlatformConfig,
    PLATFORM_STACK,
    stackConfigFileName,
    stackFile,
    stackFilePath,
    STACKS_DIR,
    type PlatformConfig,
    type TenantConfig,
} from "../model";

export interface ProgramCheckOptions {
    /** The program folder, as the user gave it. */
    readonly dir: string;
    /** The stack the program is checked as (its Pulumi.<stack>.yaml gives config); "platform" judges it as the platform. */
    readonly stack?: string;
    /** The platform stack file whose site facts apply; default: the project's stacks/Pulumi.platform.yaml. */
    readonly platformFile?: string;
    /** Judge it as a first preview sees it (every id still unknown). */
    readonly preview?: boolean;
    /** The project root (for the default platform file). */
    readonly root: string;
    /** Where relative paths start, and what file names in messages are relative to. */
    readonly cwd?: string;
}

export const DEFAULT_PROGRAM_STACK = "dev";

interface Site {
    readonly platform: PlatformConfig;
    readonly fleet: TenantConfig[];
    /** The root whose stacks/Pulumi.platform.yaml is the platform file. */
    readonly root: string;
    readonly cleanup: () => void;
}

/**
 * The site a platform file describes. The loaders read `<root>/stacks/Pulumi.platform.yaml` (and the tenants beside
 * it), so a platform file kept elsewhere is read through a scratch root that links to it.
 */
function siteOf(file: string, shown: (abs: string) => string): Site {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        throw new InputError([
            {
                file: shown(file),
                line: 1,
                col: 1,
                severity: "error",
                message: `no such platform file: pass --platform ${stackFile(PLATFORM_STACK)} (or another platform stack file)`,
            },
        ]);
    }
    const inProject =
        path.basename(file) === stackConfigFileName(PLATFORM_STACK) && path.basename(path.dirname(file)) === STACKS_DIR;
    const root = inProject
        ? path.dirname(path.dirname(file))
        : fs.mkdtempSync(path.join(os.tmpdir(), "watercloud-site-"));
    const cleanup = () => {
        if (!inProject) fs.rmSync(root, { recursive: true, force: true });
    };
    if (!inProject) {
        fs.mkdirSync(path.join(root, STACKS_DIR));
        fs.symlinkSync(file, stackFilePath(root, PLATFORM_STACK));
    }
    const named = (d: Diagnostic): Diagnostic => ({
        ...d,
        file: inProject ? shown(path.join(root, d.file)) : shown(file),
    });
    try {
        return { platform: loadPlatformConfig(root), fleet: inProject ? readFleet(root) : [], root, cleanup };
    } catch (e) {
        cleanup();
        throw e instanceof InputError ? new InputError(e.diagnostics.map(named)) : e;
    }
}

export async function runProgramCheck(opts: ProgramCheckOptions): Promise<CheckResult> {
    const cwd = opts.cwd ?? process.cwd();
    const shown = (abs: string) => {
        const rel = path.relative(cwd, abs);
        return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
    };
    const stack = opts.stack ?? DEFAULT_PROGRAM_STACK;
    const dir = path.resolve(cwd, opts.dir);
    const program = loadProgram(dir, stack, shown);
    const site = siteOf(path.resolve(cwd, opts.platformFile ?? stackFilePath(opts.root, PLATFORM_STACK)), shown);
    try {
        // The platform as a deployed one answers the program's StackReference, and its outputs name the site's ids.
        const platform = await captureProgram(
            () =>
                platformProgram(site.root, { config: site.platform, fleet: site.fleet, cloud: OFFLINE_DEPLOYER.cloud }),
            { stack: PLATFORM_STACK },
        );
        const platformOutputs = platform.outputs as Record<string, unknown>;
        let captured;
        try {
            captured = await captureProgram(program.run, {
                project: program.project,
                stack,
                config: program.config,
                secretKeys: program.secretKeys,
                stackReferences: {
                    [PLATFORM_STACK]: platformOutputs,
                    [`organization/${program.project}/${PLATFORM_STACK}`]: platformOutputs,
                    [`organization/watercloud/${PLATFORM_STACK}`]: platformOutputs,
                },
                preview: opts.preview,
            });
        } catch (e) {
            throw e instanceof InputError ? e : programFailure(e, program, shown);
        } finally {
            program.close();
        }
        const rendered: RenderedStack = {
            stack,
            role: stack === PLATFORM_STACK ? "platform" : "tenant",
            file: shown(program.entry),
            resources: captured.resources,
            outputs: (captured.outputs ?? {}) as Record<string, unknown>,
            lookups: captured.lookups,
            ...(stack === PLATFORM_STACK ? {} : { platformOutputs }),
        };
        const config = policyConfigFor(stack, site.platform, site.fleet, rendered);
        const findings = await evaluatePolicies(rendered.resources, { stack, config });
        const result: StackResult = {
            stack,
            file: rendered.file,
            role: rendered.role,
            resources: rendered.resources.filter((x) => x.type !== "pulumi:pulumi:Stack").length,
            findings,
            rendered,
        };
        return { stacks: [result], summary: summarize([result]), waiverDiagnostics: [] };
    } finally {
        site.cleanup();
    }
}
