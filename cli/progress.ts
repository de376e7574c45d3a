/**
 * Progress on stderr when a run covers several stacks and stderr is a terminal; silent otherwise (CI logs and
 * piped output stay clean).
 */
export function progressReporter(
    total: number,
    stream: NodeJS.WriteStream = process.stderr,
): ((done: number, total: number, stack: string) => void) | undefined {
    if (total < 2 || !stream.isTTY || process.env.CI === "true") return undefined;
    const started = Date.now();
    return (done, all, stack) => {
        const width = 24;
        const filled = Math.round((done / all) * width);
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        stream.write(
            `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${all} ${secs}s ${stack.padEnd(24).slice(0, 24)}`,
        );
        if (done === all) stream.write("\n");
    };
}
