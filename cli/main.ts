/**
 * The `watercloud` command. Exit codes: 0 fine, 1 a mandatory level-3 rule says no (or a stack failed, or drift
 * was found), 2 the input is wrong, 3 an internal error.
 * A user's mistake prints `FILE:LINE:COL: error: MESSAGE` (or a plain usage message), never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../model";
import { EXIT_INPUT, EXIT_OK } from "./exitCodes";
import { UsageError } from "./userError";

type Register = (program: Command, setExit: (code: number) => void) => void;

/*
 * Each command's module is loaded only when it is registered: `check` has no use for the portal (its web server,
 * password hashing and the password strength dictionaries) or the engine, which `serve` and `up` load. Required
 * here, in help order, rather than imported at the top for that reason.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: readonly { readonly names: readonly string[]; readonly load: () => Register }[] = [
    {
        names: ["catalog"],
        load: () => (require("./commands/catalog") as typeof import("./commands/catalog")).registerCatalog,
    },
    { names: ["plan"], load: () => (require("./commands/plan") as typeof import("./commands/plan")).registerPlan },
    { names: ["check"], load: () => (require("./commands/check") as typeof import("./commands/check")).registerCheck },
    {
        names: ["affected"],
        load: () => (require("./commands/affected") as typeof import("./commands/affected")).registerAffected,
    },
    {
        names: ["report"],
        load: () => (require("./commands/report") as typeof import("./commands/report")).registerReport,
    },
    {
        names: ["preview", "up", "refresh", "drift", "destroy", "unlock"],
        load: () => (require("./commands/engine") as typeof import("./commands/engine")).registerEngineCommands,
    },
    {
        names: ["status"],
        load: () => (require("./commands/status") as typeof import("./commands/status")).registerStatus,
    },
    { names: ["audit"], load: () => (require("./commands/audit") as typeof import("./commands/audit")).registerAudit },
    { names: ["serve"], load: () => (require("./commands/serve") as typeof import("./commands/serve")).registerServe },
    { names: ["users"], load: () => (require("./commands/users") as typeof import("./commands/users")).registerUsers },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/** The command word of `argv` (the first argument that is not an option or --root's value), if any. */
function commandWord(argv: readonly string[]): string | undefined {
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--root") i++;
        else if (!argv[i]!.startsWith("-")) return argv[i];
    }
    return undefined;
}

/**
 * The program with every command, or with only the one `argv` names when it names one (help, a typo's
 * suggestions and a bare `watercloud` see them all).
 */
export function buildProgram(setExit: (code: number) => void, argv?: readonly string[]): Command {
    const program = new Command("watercloud")
        .description(
            "Plan, check, deploy and audit the Water Cloud's Pulumi stacks (MLPS level 3), and serve its portal",
        )
        .option("--root <dir>", "project root (default: the current directory)")
        .showHelpAfterError()
        .exitOverride();
    const word = argv ? commandWord(argv) : undefined;
    const named = COMMANDS.filter((c) => word !== undefined && c.names.includes(word));
    for (const c of named.length > 0 ? named : COMMANDS) c.load()(program, setExit);
    return program;
}

export async function main(argv: readonly string[]): Promise<number> {
    // The SDK captures a stack trace for every RPC promise; with thousands of resources that dominates the run.
    // Nothing the CLI prints to a user needs those traces. WATERCLOUD_DEBUG=1 keeps them for debugging.
    if (!process.env.WATERCLOUD_DEBUG) Error.stackTraceLimit = 0;
    let code = EXIT_OK;
    const program = buildProgram((c) => (code = c), argv);
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
    if (e instanceof UsageError || isEngineInputError(e)) {
        process.stderr.write(`error: ${e.message}\n`);
        return EXIT_INPUT;
    }
    throw e;
}

/** The engine's own input errors (the engine is loaded here only on this path, for the same reason as COMMANDS). */
function isEngineInputError(e: unknown): e is Error {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see COMMANDS
    return e instanceof (require("../engine") as typeof import("../engine")).EngineInputError;
}
