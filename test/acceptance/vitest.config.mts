import { defineConfig } from "vitest/config";

// The acceptance suite: its own config, so the unit `npm test` stays fast. One file at a time, in order, with the
// timeouts of a real deployment (a platform up takes minutes).
export default defineConfig({
    test: {
        root: `${import.meta.dirname}/../..`,
        include: ["test/acceptance/**/*.test.ts"],
        pool: "forks",
        fileParallelism: false,
        sequence: { concurrent: false },
        testTimeout: 40 * 60_000,
        hookTimeout: 40 * 60_000,
    },
});
