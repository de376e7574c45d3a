/**
 * The `watercloud` command. Exit codes: 0 fine, 1 a mandatory level-3 rule says no (or a stack failed, or drift
 * was found), 2 the input is wrong, 3 an internal error.
 * A user's mistake prints `FILE:LINE:COL: error: MESSAGE` (or a plain usage message), never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../model";
import { EngineInputError } from "../engine";
import { DatabaseUrlError } from "../portal";
import { registerAffected } from "./commands/affected";
import { registerAudit } from "./commands/audit";
import { registerAuditRelay } from "./commands/auditRelay";
import { registerEngineCommands } from "./commands/engine";
import { registerStatus } from "./commands/status";
import { registerCatalog } from "./commands/catalog";
import { registerCheck } from "./commands/check";
import { registerPlan } from "./commands/plan";
import { registerReport } from "./commands/report";
import { registerServe } from "./commands/serve";
import { registerUsage } from "./commands/usage";
import { registerUsers } from "./commands/users";
import { EXIT_INPUT, EXIT_OK } from "./exitCodes";
import { UsageError } from "./userError";
import { checkOutput } from "./context";

export function buildProgram(setExit: (code: number) => void): Command {
    const program = new Command("watercloud")
        .description(
            "Plan, check, deploy and audit the Water Cloud's Pulumi stacks (MLPS level 3), and serve its portal",
        )
        .option("--root <dir>", "project root (default: the current directory)")
        .showHelpAfterError()
        .exitOverride()
        // Every command's `--output FILE` is judged before the command works: a bad path fails at once, not after a run.
        .hook("preAction", (_program, action) => checkOutput(action.opts<{ output?: unknown }>().output as string));
    registerCatalog(program, setExit);
    registerPlan(program, setExit);
    registerCheck(program, setExit);
    registerAffected(program, setExit);
    registerReport(program, setExit);
    registerEngineCommands(program, setExit);
    registerStatus(program, setExit);
    registerAudit(program, setExit);
    registerAuditRelay(program, setExit);
    registerServe(program, setExit);
    registerUsers(program, setExit);
    registerUsage(program, setExit);
    return program;
}

export async function main(argv: readonly string[]): Promise<number> {
    // The SDK captures a stack trace for every RPC promise; with thousands of resources that dominates the run.
    // Nothing the CLI prints to a user needs those traces. WATERCLOUD_DEBUG=1 keeps them for debugging.
    if (!process.env.WATERCLOUD_DEBUG) Error.stackTraceLimit = 0;
    let code = EXIT_OK;
    const program = buildProgram((c) => (code = c));
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
    if (e instanceof UsageError || e instanceof EngineInputError || e instanceof DatabaseUrlError) {
        process.stderr.write(`error: ${e.message}\n`);
        return EXIT_INPUT;
    }
    throw e;
}
