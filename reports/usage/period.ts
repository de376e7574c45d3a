/**
 * The period a usage report covers: a calendar month in UTC (the clock of OpenStack's APIs), cut at the moment the
 * report is made while the month is still running, so that every figure is of a closed interval the cloud's own APIs
 * can be asked about again.
 */

export interface Period {
    /** `YYYY-MM`. */
    readonly month: string;
    /** ISO 8601, UTC, whole seconds: the first instant of the month. */
    readonly start: string;
    /** ISO 8601, UTC, whole seconds: the first instant after the month, or the moment of reading if that is earlier. */
    readonly end: string;
    /** False while the month is still running (end is the moment of reading). */
    readonly complete: boolean;
}

/** Why a month is refused, as the user typed it; undefined when it is a month that has begun. */
export function monthProblem(month: string, now: Date): string | undefined {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m) return `--month must be a month as YYYY-MM, e.g. 2026-11 (got "${month}")`;
    const mm = Number(m[2]);
    if (mm < 1 || mm > 12) return `--month ${month}: there is no month ${m[2]} (01 to 12)`;
    if (Date.UTC(Number(m[1]), mm - 1, 1) > now.getTime())
        return `--month ${month} has not begun yet (today is ${now.toISOString().slice(0, 10)})`;
    return undefined;
}

const iso = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** The period of a month (checked with {@link monthProblem} first) as of `now`. */
export function monthPeriod(month: string, now: Date): Period {
    const problem = monthProblem(month, now);
    if (problem) throw new Error(problem);
    const [y, m] = month.split("-").map(Number);
    const start = Date.UTC(y, m - 1, 1);
    const next = Date.UTC(y, m, 1);
    const end = Math.min(next, now.getTime());
    return { month, start: iso(start), end: iso(end), complete: end === next };
}

/** Hours of [from, to) that fall inside the period (0 when none); times are ISO 8601 (UTC when they name no zone). */
export function hoursWithin(period: Pick<Period, "start" | "end">, from: string, to?: string | null): number {
    const a = Math.max(Date.parse(period.start), parseUtc(from));
    const b = Math.min(Date.parse(period.end), to ? parseUtc(to) : Number.POSITIVE_INFINITY);
    return b > a ? (b - a) / 3_600_000 : 0;
}

/** OpenStack writes its times without a zone ("2026-12-07T08:32:01.000000"): they are UTC. */
export function parseUtc(time: string): number {
    return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(time) ? time : `${time}Z`);
}
