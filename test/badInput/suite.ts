/** The contract every bad-input case is held to, one vitest case per table row (harness.ts runs them). */
import { afterAll, it } from "vitest";
import { removeCopies, runCase, type BadCase } from "./harness";

/** One `it` per case: the whole contract. */
export function badInput(cases: readonly BadCase[]): void {
    afterAll(removeCopies);
    const names = new Set<string>();
    for (const c of cases) {
        if (names.has(c.name)) throw new Error(`two cases named ${c.name}`);
        names.add(c.name);
        // Each case waits on its own subprocess: several run at once (vitest's maxConcurrency).
        it.concurrent(c.name, { timeout: 180_000 }, async ({ expect }) => {
            const r = await runCase(c);
            expect(r.timedOut, "hung").toBe(false);
            expect(r.stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
            const { stderr, stdout } = "stdout" in c.stderr ? c.stderr : { stderr: c.stderr, stdout: "" };
            const lines = r.stderr.split("\n");
            if (c.help) {
                expect(lines.slice(0, stderr.length)).toEqual(stderr);
                expect(lines[stderr.length]).toMatch(/^Usage: watercloud/);
            } else {
                expect(r.stderr).toBe(stderr.map((l) => `${l}\n`).join(""));
            }
            expect(r.stdout).toBe(stdout);
            expect(r.code).toBe(2);
            expect({ written: r.written, removed: r.removed }).toEqual({ written: [], removed: [] });
            if (c.secret) expect(r.stdout + r.stderr).not.toContain(c.secret);
        });
    }
}
