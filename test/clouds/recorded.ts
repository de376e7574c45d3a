/**
 * Recorded answers of the acceptance cloud's APIs, replayed in unit tests of the code that reads OpenStack (the
 * metrics exporter, the usage report). A recording is what `test/clouds/record.ts` saw: every GET the code made, its
 * service type, path and the body OpenStack answered (null for a 404). Replaying asks nothing of a network: a GET
 * that was not recorded fails the test, so code that starts reading something new needs a new recording.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProjectReader } from "../../clouds/openstack";
import type { Period } from "../../reports";

export interface RecordedAnswer {
    readonly type: string;
    readonly path: string;
    /** The parsed JSON body; null where OpenStack answered 404 (or Swift 204, an empty listing). */
    readonly body: unknown;
}

export interface Recording {
    /** When the answers were read (ISO 8601). */
    readonly recorded: string;
    /** What was read, in words. */
    readonly what: string;
    readonly projects: readonly { readonly id: string; readonly name: string }[];
    /** For a usage recording: the tenant and the period read. */
    readonly tenant?: string;
    readonly period?: Period;
    readonly answers: readonly RecordedAnswer[];
}

export const RECORDINGS = join(__dirname, "recordings");

export function loadRecording(name: string): Recording {
    return JSON.parse(readFileSync(join(RECORDINGS, `${name}.json`), "utf8")) as Recording;
}

/** A reader that answers from a recording; `fail` maps a service type to the error its every call throws. */
export function replayReader(
    recording: Recording,
    fail: Readonly<Record<string, string>> = {},
): ProjectReader & { readonly asked: string[] } {
    const asked: string[] = [];
    const answer = (type: string, path: string): unknown => {
        asked.push(`${type} ${path}`);
        if (fail[type]) throw new Error(fail[type]);
        const a = recording.answers.find((x) => x.type === type && x.path === path);
        if (!a)
            throw new Error(`no recorded answer for ${type} GET ${path}: record again (npx tsx test/clouds/record.ts)`);
        return a.body ?? undefined;
    };
    return {
        asked,
        list: async <T>(type: string, path: string, key: string) => {
            const body = answer(type, path);
            if (body === undefined) return [];
            return (key === "" ? body : ((body as Record<string, unknown>)[key] ?? [])) as T[];
        },
        get: async <T>(type: string, path: string) => answer(type, path) as T | undefined,
    };
}

/** Wraps a live reader so that every answer is kept, for writing a recording. */
export function recordingReader(live: ProjectReader, into: RecordedAnswer[]): ProjectReader {
    const keep = (type: string, path: string, body: unknown) => {
        if (!into.some((a) => a.type === type && a.path === path)) into.push({ type, path, body: body ?? null });
    };
    return {
        list: async <T>(type: string, path: string, key: string) => {
            const body = await live.get<unknown>(type, path);
            keep(type, path, body);
            if (body === undefined) return [];
            return (key === "" ? body : ((body as Record<string, unknown>)[key] ?? [])) as T[];
        },
        get: async <T>(type: string, path: string, headers?: Record<string, string>) => {
            const body = await live.get<T>(type, path, headers);
            keep(type, path, body);
            return body;
        },
    };
}
