import { defineConfig } from "vitest/config";

// The local Docker target's acceptance suite: real dockerd, image, engine and plugins; run on its own by .ci/run
// (the default suite stays fast and needs no daemon).
export default defineConfig({
    test: {
        include: ["test/docker/acceptance/**/*.spec.ts"],
        pool: "forks",
        fileParallelism: false,
        testTimeout: 120_000,
        hookTimeout: 25 * 60_000,
    },
});
