import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The acceptance suite needs the cloud and runs on its own (npm run test:acceptance).
        exclude: ["test/acceptance/**", "**/node_modules/**"],
        // Pulumi keeps runtime state per module instance; one fork per file keeps mocks from leaking between suites.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
