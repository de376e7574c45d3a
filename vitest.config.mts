import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Pulumi keeps runtime state per module instance; one fork per file keeps mocks from leaking between suites.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
