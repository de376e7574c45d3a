/**
 * The local Docker target's times, through the same script a service owner runs (scripts/docker/local.sh):
 *   base image   scripts/docker/image.sh build with its cache (warm: the rootfs tarball is reused)
 *   up, cold     a fresh local copy of flood-control (web-app + api-service + object archive), 16 containers
 *   up, warm     the same up again: nothing to change
 *   destroy      everything removed
 * Needs Docker's daemon and the engine with its plugins; says so and measures nothing when they are absent.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const REPO = path.resolve(__dirname, "..");
const STACK = "flood-control";

function timed(label: string, cmd: string, args: string[]): number {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: REPO, encoding: "utf8", maxBuffer: 64 << 20, timeout: 30 * 60_000 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0)
        throw new Error(
            `${label}: ${cmd} ${args.join(" ")} exited ${r.status}:\n${(r.stdout + r.stderr).slice(-3000)}`,
        );
    return seconds;
}

export function dockerFigures(): void {
    console.log("");
    const daemon = spawnSync("bash", ["scripts/docker/daemon.sh", "status"], { cwd: REPO, encoding: "utf8" });
    if (daemon.status !== 0) {
        console.log("docker target: not measured (no daemon answers; bash scripts/docker/daemon.sh start)");
        return;
    }
    const local = path.join(REPO, "scripts/docker/local.sh");
    // A copy left by an earlier run would make the first up a warm one.
    spawnSync("bash", [local, "destroy", STACK], { cwd: REPO, encoding: "utf8" });
    const image = timed("base image", "bash", ["scripts/docker/image.sh", "build"]);
    const cold = timed("up, cold", "bash", [local, "up", STACK]);
    const warm = timed("up, warm", "bash", [local, "up", STACK]);
    const destroy = timed("destroy", "bash", [local, "destroy", STACK]);
    const row = (label: string, s: number) => console.log(`${label.padEnd(34)} ${s.toFixed(1).padStart(7)} s`);
    row("docker: base image (cached rootfs)", image);
    row(`docker: up ${STACK}, cold`, cold);
    row(`docker: up ${STACK}, warm (no change)`, warm);
    row(`docker: destroy ${STACK}`, destroy);
}
