/**
 * Runs jobs one at a time. The offline check renders under Pulumi's process-wide mocks, and commits to one git
 * checkout must not interleave, so both go through a queue.
 */
export class Serial {
    private tail: Promise<unknown> = Promise.resolve();

    run<T>(job: () => Promise<T>): Promise<T> {
        const next = this.tail.then(job, job);
        this.tail = next.catch(() => undefined);
        return next;
    }
}

/** Everything that renders stacks offline (request checks, compliance runs): Pulumi's mocks are process-wide. */
export const offlineRuns = new Serial();
