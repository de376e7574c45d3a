/**
 * `npm run bench -- --fleet-scale`: the authority's real scale, 30 tenants generated from the catalogue
 * (bench/fleet.ts: about 270 hosts with the sample mix of load balancers, databases, caches and storage), through
 * `watercloud check --all` as CI runs it: wall time, CPU time and peak RSS of the one process, best of three after
 * a warm-up run, against the targets of 2.5 s and 300 MiB.
 *
 * With WATERCLOUD_BENCH_CLOUD=1, against the acceptance cloud (one user of the cloud at a time; set
 * WATERCLOUD_ACCEPTANCE_STATE to a state folder of your own): the platform deployed with the engine, then the
 * engine's preview of every one of the 31 stacks with the policy pack (the real CLI, plugins and provider; nothing
 * changes in the cloud), one after another; their time summed against the check's, the ratio (goal at least 50x),
 * and whether the engine's and the check's policy findings (policy, resource, level) agree stack by stack. The
 * platform is destroyed after, so the cloud is left as it was.
 */
import * as fs from "fs";
import { fmt, line, machineLine, REPO, runCli, verdict, type Run } from "./cli";
import { makeFleetRoot } from "./fleet";
import { PLATFORM_STACK, listStacks } from "../model";
import { renderStacks } from "../offline";

const TENANTS = 30;
const TARGET_SECONDS = 2.5;
const TARGET_MIB = 300;
const RUNS = 3;

/** What the generated fleet holds, from a render of every stack: hosts (compute instances) and the services' kinds. */
async function fleetMix(root: string, stacks: readonly string[]): Promise<string> {
    const count = new Map<string, number>();
    for (const s of await renderStacks(root, stacks))
        for (const r of s.resources) count.set(r.type, (count.get(r.type) ?? 0) + 1);
    const of = (type: string) => count.get(type) ?? 0;
    return [
        `${of("openstack:compute/instance:Instance")} hosts`,
        `${of("openstack:loadbalancer/loadBalancer:LoadBalancer")} load balancers`,
        `${of("openstack:database/instance:Instance")} Trove instances`,
        `${of("openstack:blockstorage/volume:Volume")} volumes`,
        `${of("openstack:objectstorage/container:Container")} object containers`,
    ].join(", ");
}

export async function benchFleetScale(): Promise<void> {
    console.log(machineLine());
    const root = makeFleetRoot(REPO, TENANTS, "fleet-scale");
    try {
        const stacks = listStacks(root);
        // A first, untimed run warms the OS file cache and Node's compile cache.
        runCli(root, ["check", "--all"]);
        const runs: Run[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(runCli(root, ["check", "--all"]));
        const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
        const peak = Math.max(...runs.map((r) => r.peakMiB));
        console.log(`fleet: ${TENANTS} tenants + platform, ${await fleetMix(root, stacks)}`);
        for (const [i, r] of runs.entries()) console.log(line(`check --all, run ${i + 1}`, r));
        console.log(
            `check --all  best ${fmt(best.seconds)} s (cpu ${fmt(best.cpuSeconds)} s; target <= ${TARGET_SECONDS} s) ${verdict(best.seconds <= TARGET_SECONDS)}; peak ${fmt(peak, 0)} MiB (target <= ${TARGET_MIB} MiB) ${verdict(peak <= TARGET_MIB)}`,
        );
        if (process.env.WATERCLOUD_BENCH_CLOUD !== "1") {
            console.log("engine previews: WATERCLOUD_BENCH_CLOUD=1 runs them against the acceptance cloud");
            return;
        }
        const preview = runCli(root, ["check", "--all", "--preview"]);
        console.log(line("check --all --preview", preview));
        // Loaded only here: the acceptance suite's helpers read their state folder when loaded.
        const { enginePreviews } = await import("./preview");
        const order = [PLATFORM_STACK, ...stacks.filter((s) => s !== PLATFORM_STACK)];
        const engine = await enginePreviews(root, order, best.json, preview.json);
        const differ = engine.stacks.filter((s) => !s.sameFindings).map((s) => s.stack);
        const ratio = engine.seconds / best.seconds;
        console.log(
            `engine previews  ${fmt(engine.seconds, 1)} s for ${engine.stacks.length} stacks, one after another (slowest ${fmt(Math.max(...engine.stacks.map((s) => s.seconds)), 1)} s)`,
        );
        console.log(
            `engine/check --all  ${fmt(ratio, 1)}x (goal >= 50x) ${verdict(ratio >= 50)}; findings agree on ${engine.stacks.length - differ.length} of ${engine.stacks.length} stacks${differ.length ? ` (differ: ${differ.join(", ")})` : ""}`,
        );
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
}
