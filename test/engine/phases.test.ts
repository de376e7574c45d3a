import { describe, expect, it } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { PhaseClock } from "../../engine/phases";
import { redactSecrets } from "../../engine/recovery";

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; at: (t: number) => void } {
    let t = 0;
    return { now: () => t, at: (v) => (t = v) };
}

const event = (e: Partial<EngineEvent>): EngineEvent => ({ sequence: 0, timestamp: 0, ...e }) as EngineEvent;
const step = (op: string): Partial<EngineEvent> => ({
    resourcePreEvent: { metadata: { op, urn: "urn", type: "t", provider: "" } } as never,
});

describe("a stack's phases, from the engine's steps and the command's events", () => {
    it("splits an up --refresh into CLI start, refresh, program start, operation and CLI exit, and adds the steps around it", async () => {
        const c = manualClock();
        const clock = new PhaseClock(c.now);
        await clock.time("open", async () => c.at(300));
        await clock.time("resume", async () => c.at(1300));
        await clock.command(async () => {
            c.at(4300);
            clock.event(event({ preludeEvent: { config: {} } }));
            c.at(5000);
            clock.event(event(step("refresh")));
            c.at(9300);
            clock.event(event(step("refresh")));
            c.at(11300);
            clock.event(event(step("same")));
            c.at(12300);
            clock.event(event({ summaryEvent: { resourceChanges: { same: 90, update: 0 } } as never }));
            c.at(12800);
        });
        await clock.time("stateRead", async () => c.at(13800));
        expect(clock.phases()).toEqual({
            open: 300,
            resume: 1000,
            cliStart: 3000,
            refresh: 5000,
            program: 2000,
            operation: 1000,
            cliExit: 500,
            stateRead: 1000,
        });
        expect(clock.summary).toEqual({ same: 90 });
    });

    it("counts a command that failed before any event as the CLI's start, and a phase twice as its sum", async () => {
        const c = manualClock();
        const clock = new PhaseClock(c.now);
        await clock.time("stateRead", async () => c.at(200));
        await expect(
            clock.command(async () => {
                c.at(2200);
                throw new Error("the stack is locked");
            }),
        ).rejects.toThrow("the stack is locked");
        await clock.time("stateRead", async () => c.at(2500));
        expect(clock.phases()).toEqual({ cliStart: 2000, stateRead: 500 });
        expect(clock.summary).toBeUndefined();
    });
});

describe("outputs read from an exported state", () => {
    it("show every secret, nested ones too, as [secret] and keep the rest", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
        expect(
            redactSecrets({
                url: "https://10.16.0.12",
                dbPassword: secret,
                db: { host: "10.16.2.5", password: secret },
                members: ["10.16.1.10", secret],
            }),
        ).toEqual({
            url: "https://10.16.0.12",
            dbPassword: "[secret]",
            db: { host: "10.16.2.5", password: "[secret]" },
            members: ["10.16.1.10", "[secret]"],
        });
    });
});
