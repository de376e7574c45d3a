/**
 * `npm run bench`: times `watercloud check --all` the way CI runs it, as a child process from Node start to exit.
 *
 *   real scale   30 tenants, ~270 hosts, every blueprint version     target <= 10 s and <= 1.5 GB peak RSS
 *   10x          300 tenants                                         target <= 11x the real-scale time
 *   plain way    the real-scale fleet with Pulumi SDK defaults (stack traces kept, WATERCLOUD_DEBUG=1) and one
 *                process per stack: what checking costs without the CLI's shortcuts, as a ratio
 *   one tenant   `check tenant-001` including Node start                 target <= 2 s
 *   docker       the local Docker target's image, up (cold, warm) and destroy times (bench/docker.ts)
 *
 * Then the provisioning engine's figures (bench/engine.ts, a scratch fleet): up/drift/destroy --all against the
 * platform's plus the slowest tenant's own time, and the same from the acceptance suite's real runs on the cloud
 * when .watercloud/reports/acceptance/engine-fleet-runs holds them; with WATERCLOUD_BENCH_CLOUD=1 also, against the acceptance cloud,
 * the engine's preview of one tenant and of the sample fleet next to `watercloud check --preview` (bench/preview.ts).
 *
 * `npm run bench -- --fleet-scale` instead: the authority's real scale alone, offline and (with
 * WATERCLOUD_BENCH_CLOUD=1) through the engine's previews on the acceptance cloud (bench/fleetScale.ts);
 * `npm run bench -- --fleet-scale --engine`: that fleet deployed, changed and destroyed through the engine on the
 * acceptance cloud (bench/fleetCloud.ts).
 *
 * Uses the compiled CLI when dist/ exists (bin/watercloud.js picks it), else TypeScript through tsx; says which.
 */
import * as fs from "fs";
import * as path from "path";
import { fmt, line, machineLine, REPO, runCli, verdict, type Run } from "./cli";
import { benchEngine, cloudRunFigures } from "./engine";
import { benchFleetScale } from "./fleetScale";
import { benchPreview } from "./preview";
import { dockerFigures } from "./docker";
import { makeFleetRoot, tenantName } from "./fleet";
import { listStacks } from "../model";

function main(): void {
    const compiled = fs.existsSync(path.join(REPO, "dist", "cli", "main.js"));
    console.log(machineLine());
    console.log(
        `cli: ${compiled ? "compiled (dist/)" : "TypeScript through tsx (no dist/; `npm run build` first for CI figures)"}`,
    );
    console.log("");

    const roots: string[] = [];
    try {
        const real = makeFleetRoot(REPO, 30, "30");
        roots.push(real);
        const tenX = makeFleetRoot(REPO, 300, "300");
        roots.push(tenX);

        // A first, untimed run warms the OS file cache so the first figure is not the odd one out.
        runCli(real, ["check", tenantName(0)]);

        const one = runCli(real, ["check", tenantName(0)]);
        console.log(line("one tenant (with Node start)", one));
        const r30 = runCli(real, ["check", "--all"]);
        console.log(line("real scale: 30 tenants + platform", r30));
        const r300 = runCli(tenX, ["check", "--all"]);
        console.log(line("10x: 300 tenants + platform", r300));

        // The plain way: SDK defaults (stack traces on every RPC promise) and a process per stack, one after another.
        let plainSeconds = 0;
        let plainCpu = 0;
        let plainPeak = 0;
        let plainResources = 0;
        for (const s of listStacks(real)) {
            const r = runCli(real, ["check", s], { WATERCLOUD_DEBUG: "1" });
            plainSeconds += r.seconds;
            plainCpu += r.cpuSeconds;
            plainPeak = Math.max(plainPeak, r.peakMiB);
            plainResources += r.resources;
        }
        const plain: Run = {
            seconds: plainSeconds,
            cpuSeconds: plainCpu,
            peakMiB: plainPeak,
            resources: plainResources,
            exitCode: 0,
            json: undefined,
        };
        console.log(line("plain way: 31 processes, traces on", plain));

        console.log("");
        console.log(
            `real scale  ${fmt(r30.seconds)} s (target <= 10 s) ${verdict(r30.seconds <= 10)}; peak ${fmt(r30.peakMiB, 0)} MiB (target <= 1536 MiB) ${verdict(r30.peakMiB <= 1536)}`,
        );
        console.log(
            `10x         ${fmt(r300.seconds / r30.seconds)}x the real-scale time (target <= 11x) ${verdict(r300.seconds / r30.seconds <= 11)}`,
        );
        console.log(`one tenant  ${fmt(one.seconds)} s (target <= 2 s) ${verdict(one.seconds <= 2)}`);
        console.log(`plain way   ${fmt(plain.seconds / r30.seconds, 1)}x slower than one check --all process`);
    } finally {
        for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
    }
    dockerFigures();
}

if (process.argv.includes("--fleet-scale") && process.argv.includes("--engine")) {
    // Loaded only here: it loads the acceptance suite's helpers, which read their state folder when loaded.
    import("./fleetCloud")
        .then((m) => m.benchFleetCloud())
        .catch((e: unknown) => {
            console.error(`fleet-scale engine bench failed: ${(e as Error).message}`);
            process.exitCode = 1;
        });
} else if (process.argv.includes("--fleet-scale")) {
    benchFleetScale().catch((e: unknown) => {
        console.error(`fleet-scale bench failed: ${(e as Error).message}`);
        process.exitCode = 1;
    });
} else {
    main();
    engineFigures();
}

function engineFigures(): void {
    // The engine's figures need the Pulumi engine (npm run pulumi:build); WATERCLOUD_BENCH_ENGINE=0 leaves them out.
    if (process.env.WATERCLOUD_BENCH_ENGINE !== "0") {
        const failed = (what: string) => (e: unknown) => {
            console.error(`${what} bench failed: ${(e as Error).message}`);
            process.exitCode = 1;
        };
        benchEngine()
            .catch(failed("engine"))
            .then(() => cloudRunFigures())
            // Against the acceptance cloud, also the engine's preview next to the offline check (bench/preview.ts).
            .then(() => (process.env.WATERCLOUD_BENCH_CLOUD === "1" ? benchPreview() : undefined))
            .catch(failed("preview"));
    }
}
