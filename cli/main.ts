/**
 * The `watercloud` command. Exit codes: 0 fine, 1 a mandatory level-3 rule says no (or a stack failed, or drift
 * was found), 2 the input is wrong, 3 an internal error.
 * A user's mistake prints `FILE:LINE:COL: error: MESSAGE` (or a plain usage message), never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { InputError, PlainInputError } from "../model";
import { EXIT_INPUT, EXIT_OK } from "./exitCodes";
import { checkOutput } from "./context";

type Register = (program: Command, setExit: (code: number) => void) => void;

/**
 * Each command's module and the command names it registers. A module is loaded only when one of its commands runs
 * (help loads them all): `check` has no use for the portal's web server, the usage workbook or the Automation API,
 * and loading them cost every run a third of a second and 35 MiB.
 */
const COMMANDS: readonly { readonly names: readonly string[]; readonly load: () => Promise<Register> }[] = [
    {
        names: ["catalog"],
        load: async () => (await import("./commands/catalog")).registerCatalog,
    },
    { names: ["plan"], load: async () => (await import("./commands/plan")).registerPlan },
    { names: ["check"], load: async () => (await import("./commands/check")).registerCheck },
    {
        names: ["affected"],
        load: async () => (await import("./commands/affected")).registerAffected,
    },
    {
        names: ["report"],
        load: async () => (await import("./commands/report")).registerReport,
    },
    {
        names: ["preview", "up", "refresh", "drift", "destroy", "unlock"],
        load: async () => (await import("./commands/engine")).registerEngineCommands,
    },
    {
        names: ["status"],
        load: async () => (await import("./commands/status")).registerStatus,
    },
    { names: ["audit"], load: async () => (await import("./commands/audit")).registerAudit },
    {
        names: ["audit-relay"],
        load: async () => (await import("./commands/auditRelay")).registerAuditRelay,
    },
    { names: ["serve"], load: async () => (await import("./commands/serve")).registerServe },
    { names: ["users"], load: async () => (await import("./commands/users")).registerUsers },
    { names: ["usage"], load: async () => (await import("./commands/usage")).registerUsage },
];

/** The command an argument list runs: the first word that is not an option or `--root`'s value. */
export function commandOf(argv: readonly string[]): string | undefined {
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--root") i++;
        else if (!argv[i].startsWith("-")) return argv[i];
    }
    return undefined;
}

/** The program with every command, or with only `argv`'s command when it names one (the others are not loaded). */
export async function buildProgram(setExit: (code: number) => void, argv?: readonly string[]): Promise<Command> {
    const program = new Command("watercloud")
        .description(
            "Plan, check, deploy and audit the Water Cloud's Pulumi stacks (MLPS level 3), and serve its portal",
        )
        .option("--root <dir>", "project root (default: the current directory)")
        .showHelpAfterError()
        .exitOverride()
        // Every command's `--output FILE` is judged before the command works: a bad path fails at once, not after a run.
        .hook("preAction", (_program, action) => checkOutput(action.opts<{ output?: unknown }>().output as string));
    const named = argv && commandOf(argv);
    const only = COMMANDS.find((c) => named !== undefined && c.names.includes(named));
    for (const c of only ? [only] : COMMANDS) (await c.load())(program, setExit);
    return program;
}

export async function main(argv: readonly string[]): Promise<number> {
    // The SDK captures a stack trace for every RPC promise; with thousands of resources that dominates the run.
    // Nothing the CLI prints to a user needs those traces. WATERCLOUD_DEBUG=1 keeps them for debugging.
    if (!process.env.WATERCLOUD_DEBUG) Error.stackTraceLimit = 0;
    let code = EXIT_OK;
    const program = await buildProgram((c) => (code = c), argv);
    try {
        await program.parseAsync([...argv], { from: "user" });
    } catch (e) {
        code = reportError(e);
    }
    process.exitCode = code;
    return code;
}

function reportError(e: unknown): number {
    if (e instanceof CommanderError) {
        // Commander has already printed its message (and help where useful).
        return e.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    if (e instanceof InputError) {
        process.stderr.write(e.message + "\n");
        return EXIT_INPUT;
    }
    if (e instanceof PlainInputError) {
        process.stderr.write(`error: ${e.message}\n`);
        return EXIT_INPUT;
    }
    throw e;
}
