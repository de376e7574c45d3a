import type { Command } from "commander";
import { UsageError } from "../userError";

export function registerAffected(program: Command, setExit: (code: number) => void): void {
    program
        .command("affected")
        .description("which stacks a change since REF can affect")
        .requiredOption("--base <ref>", "git ref to compare against")
        .action(() => {
            void setExit;
            throw new UsageError("affected: not yet available");
        });
}
