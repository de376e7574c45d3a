// The CLI from source, for tests that run it as a process of its own (to kill it, or to interrupt it).
import { main } from "../../cli/main";

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`internal error: ${(e as Error).message}\n`);
    process.exitCode = 3;
});
