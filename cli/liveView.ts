/**
 * The engine's progress for people. On a terminal: one line per stack, redrawn in place (state, resources
 * done/total, elapsed). Anywhere else (CI, pipes): one plain line per state change, nothing redrawn.
 */
import type { RunEvent, StackState } from "../engine";

interface Row {
    state: StackState;
    done: number;
    total: number;
    started?: number;
    ended?: number;
    message?: string;
}

const FINAL: readonly StackState[] = ["succeeded", "failed", "blocked", "skipped", "cancelled"];

export function liveView(
    stacks: readonly string[],
    stream: NodeJS.WriteStream = process.stderr,
): { onEvent: (e: RunEvent) => void; stop: () => void } {
    const tty = stream.isTTY === true && process.env.CI !== "true";
    const rows = new Map<string, Row>(stacks.map((s) => [s, { state: "queued", done: 0, total: 0 }]));
    const width = Math.max(8, ...stacks.map((s) => s.length));
    const t0 = Date.now();
    let drawn = 0;
    const elapsed = (r: Row) => (r.started ? `${(((r.ended ?? Date.now()) - r.started) / 1000).toFixed(0)}s` : "");
    const draw = () => {
        if (drawn > 0) stream.write(`\x1b[${drawn}A`);
        for (const [s, r] of rows) {
            const progress = r.total > 0 ? `${r.done}/${r.total}` : "";
            const note =
                r.message && FINAL.includes(r.state) && r.state !== "succeeded"
                    ? `  ${r.message.split("\n")[0].slice(0, 80)}`
                    : "";
            stream.write(
                `\x1b[2K${s.padEnd(width)}  ${r.state.padEnd(9)}  ${progress.padStart(7)}  ${elapsed(r).padStart(5)}${note}\n`,
            );
        }
        drawn = rows.size;
    };
    const timer = tty ? setInterval(draw, 500) : undefined;
    timer?.unref();
    return {
        onEvent(e) {
            const r = rows.get(e.stack);
            if (!r) return;
            if (e.kind === "stack-state") {
                if (e.state === "running" && !r.started) r.started = Date.now();
                if (FINAL.includes(e.state)) r.ended = Date.now();
                r.state = e.state;
                r.message = e.message;
                if (!tty) {
                    const secs = ((Date.now() - t0) / 1000).toFixed(1);
                    stream.write(
                        `[${secs}s] ${e.stack}: ${e.state}${e.message ? ` (${e.message.split("\n")[0]})` : ""}\n`,
                    );
                }
            } else if (e.kind === "stack-progress") {
                r.done = e.done;
                r.total = e.total;
            }
            if (tty) draw();
        },
        stop() {
            if (timer) clearInterval(timer);
            if (tty) draw();
        },
    };
}
