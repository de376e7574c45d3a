import { describe, expect, it } from "vitest";
import { progressReporter } from "../../cli/progress";

function fakeStream(isTTY: boolean) {
    const written: string[] = [];
    return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe("progress on stderr", () => {
    const ci = process.env.CI;
    it("draws a bar per stack on a terminal and ends the line after the last", () => {
        delete process.env.CI;
        try {
            const { stream, written } = fakeStream(true);
            const report = progressReporter(2, stream)!;
            report(1, 2, "platform");
            report(2, 2, "flood-control");
            expect(written[0]).toMatch(/^\r\[#{12} {12}\] 1\/2 \d+\.\ds platform/);
            expect(written[1]).toMatch(/^\r\[#{24}\] 2\/2 \d+\.\ds flood-control/);
            expect(written[2]).toBe("\n");
        } finally {
            if (ci !== undefined) process.env.CI = ci;
        }
    });

    it("stays quiet when stderr is not a terminal, in CI, or for a single stack", () => {
        expect(progressReporter(5, fakeStream(false).stream)).toBeUndefined();
        expect(progressReporter(1, fakeStream(true).stream)).toBeUndefined();
        process.env.CI = "true";
        try {
            expect(progressReporter(5, fakeStream(true).stream)).toBeUndefined();
        } finally {
            if (ci === undefined) delete process.env.CI;
            else process.env.CI = ci;
        }
    });
});
