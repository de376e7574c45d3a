import type { Command } from "commander";
import { UsageError } from "../userError";

export function registerReport(program: Command, setExit: (code: number) => void): void {
    program
        .command("report")
        .description("the level-3 compliance matrix: every clause item against every stack")
        .argument("[stacks...]", "stack names")
        .option("--all", "every stack")
        .action(() => {
            void setExit;
            throw new UsageError("report: not yet available");
        });
}
