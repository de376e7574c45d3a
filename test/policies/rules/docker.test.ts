import { Container } from "@pulumi/docker";
import { describe, expect, it } from "vitest";
import { isDockerTargetStack } from "../../../policies/rule";
import { centralLogDriver } from "../../../policies/rules/docker/centralLogDriver";
import { imageDigest } from "../../../policies/rules/docker/imageDigest";
import { leastPrivilege } from "../../../policies/rules/docker/leastPrivilege";
import { noHostNamespaces } from "../../../policies/rules/docker/noHostNamespaces";
import { noPrivileged } from "../../../policies/rules/docker/noPrivileged";
import { isSensitiveHostPath, noSensitiveMounts } from "../../../policies/rules/docker/noSensitiveMounts";
import { readonlyRootfs } from "../../../policies/rules/docker/readonlyRootfs";
import { resourceLimits } from "../../../policies/rules/docker/resourceLimits";
import { quotasPresent } from "../../../policies/rules/stack/quotasPresent";
import { brief, run, snap } from "../helpers";

const IMAGE = `sha256:${"ab".repeat(32)}`;
/** A container as the Docker components declare it. */
const hardened = {
    image: IMAGE,
    user: "10001:10001",
    privileged: false,
    readOnly: true,
    tmpfs: { "/tmp": "rw,nosuid,nodev,size=64m" },
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    memory: 4096,
    cpuShares: 2048,
    logDriver: "syslog",
    logOpts: { "syslog-address": "udp://172.29.3.2:5514", tag: "{{.Name}}" },
    networksAdvanced: [{ name: "flood-control-app" }],
    volumes: [{ volumeName: "portal-lb-config", containerPath: "/etc/watercloud", readOnly: true }],
    labels: [{ label: "watercloud.role", value: "app" }],
};
const c = (props: Record<string, unknown>, name = "app-1") => snap(Container, name, { ...hardened, ...props });

describe("docker-no-privileged", () => {
    it("passes an unprivileged container", async () => {
        expect(await run(noPrivileged, [c({}), c({ privileged: undefined })])).toEqual([]);
    });
    it("reports a privileged one", async () => {
        expect(brief(await run(noPrivileged, [c({ privileged: true })]))).toEqual([
            ["docker-no-privileged", "app-1", "privileged is true: the container can take over the host."],
        ]);
    });
});

describe("docker-no-host-namespaces", () => {
    it("passes a container on its zone network", async () => {
        expect(await run(noHostNamespaces, [c({}), c({ networkMode: "bridge", ipcMode: "private" })])).toEqual([]);
    });
    it("reports each host namespace it shares", async () => {
        expect(
            brief(
                await run(noHostNamespaces, [
                    c({ networkMode: "host" }),
                    c({ pidMode: "host", usernsMode: "host" }, "app-2"),
                ]),
            ),
        ).toEqual([
            [
                "docker-no-host-namespaces",
                "app-1",
                'networkMode is "host": the container shares the host\'s namespace.',
            ],
            [
                "docker-no-host-namespaces",
                "app-2",
                'pidMode, usernsMode are "host": the container shares the host\'s namespace.',
            ],
        ]);
    });
});

describe("docker-no-sensitive-mounts", () => {
    it("passes volumes and harmless bind mounts", async () => {
        expect(
            await run(noSensitiveMounts, [
                c({}),
                c({ mounts: [{ type: "bind", source: "/srv/data", target: "/data" }] }),
            ]),
        ).toEqual([]);
        expect(isSensitiveHostPath("/etcetera")).toBe(false);
        expect(isSensitiveHostPath("/var/run/docker.sock.d")).toBe(false);
    });
    it("reports the Docker socket, /etc below and the root", async () => {
        const found = await run(noSensitiveMounts, [
            c({ volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }] }),
            c(
                {
                    mounts: [
                        { type: "bind", source: "/etc/ssl/", target: "/ssl" },
                        { type: "bind", source: "/", target: "/host" },
                    ],
                },
                "app-2",
            ),
            c({ mounts: [{ type: "volume", source: "etc", target: "/etc/x" }] }, "app-3"),
        ]);
        expect(brief(found)).toEqual([
            ["docker-no-sensitive-mounts", "app-1", "mounts the host path /var/run/docker.sock."],
            ["docker-no-sensitive-mounts", "app-2", "mounts the host paths /etc/ssl/, /."],
        ]);
    });
});

describe("docker-readonly-rootfs", () => {
    it("passes a read-only root, and a container that is never started", async () => {
        expect(await run(readonlyRootfs, [c({}), c({ readOnly: false, start: false }, "seed")])).toEqual([]);
    });
    it("reports a writable root, advisory", async () => {
        const found = await run(readonlyRootfs, [c({ readOnly: undefined })]);
        expect(brief(found)).toEqual([
            [
                "docker-readonly-rootfs",
                "app-1",
                "readOnly is not true: the running container can change its own image.",
            ],
        ]);
        expect(found[0].enforcementLevel).toBe("advisory");
    });
});

describe("docker-resource-limits", () => {
    it("passes memory with a CPU share or a CPU set", async () => {
        expect(await run(resourceLimits, [c({}), c({ cpuShares: undefined, cpuSet: "0-1" })])).toEqual([]);
    });
    it("reports what is missing", async () => {
        expect(
            brief(
                await run(resourceLimits, [c({ memory: 0 }), c({ memory: undefined, cpuShares: undefined }, "app-2")]),
            ),
        ).toEqual([
            ["docker-resource-limits", "app-1", "no memory limit."],
            ["docker-resource-limits", "app-2", "no memory and no cpuShares or cpuSet limit."],
        ]);
    });
});

describe("docker-central-log-driver", () => {
    it("passes syslog to the sink, and the sink itself", async () => {
        const sink = c(
            { logDriver: "local", logOpts: {}, labels: [{ label: "watercloud.role", value: "audit-sink" }] },
            "audit",
        );
        expect(
            await run(centralLogDriver, [
                c({}),
                c({ logDriver: "gelf", logOpts: { "gelf-address": "udp://10.0.0.20:12201" } }),
                sink,
            ]),
        ).toEqual([]);
    });
    it("reports host-local logs and a driver without an address", async () => {
        expect(
            brief(
                await run(centralLogDriver, [
                    c({ logDriver: undefined }),
                    c({ logOpts: { tag: "x" } }, "app-2"),
                    c({ logDriver: "json-file" }, "app-3"),
                ]),
            ),
        ).toEqual([
            [
                "docker-central-log-driver",
                "app-1",
                "logDriver is unset (json-file on the host): logs stay on the host (use syslog, fluentd, gelf).",
            ],
            [
                "docker-central-log-driver",
                "app-2",
                "logOpts has no syslog-address: the driver does not name the central sink.",
            ],
            [
                "docker-central-log-driver",
                "app-3",
                'logDriver is "json-file": logs stay on the host (use syslog, fluentd, gelf).',
            ],
        ]);
    });
});

describe("docker-least-privilege", () => {
    it("passes a container that drops everything, gains nothing and is not root", async () => {
        expect(
            await run(leastPrivilege, [
                c({}),
                c({
                    capabilities: { drops: ["all"], adds: ["NET_BIND_SERVICE"] },
                    securityOpts: ["no-new-privileges"],
                    user: "app",
                }),
            ]),
        ).toEqual([]);
    });
    it("reports every missing part", async () => {
        expect(
            brief(
                await run(leastPrivilege, [
                    c({ capabilities: undefined, securityOpts: [], user: undefined }),
                    c({ user: "0:0" }, "app-2"),
                ]),
            ),
        ).toEqual([
            [
                "docker-least-privilege",
                "app-1",
                'capabilities.drops does not contain "ALL"; securityOpts lacks no-new-privileges:true; user is unset (root).',
            ],
            ["docker-least-privilege", "app-2", 'user is "0:0" (root).'],
        ]);
    });
});

describe("docker-image-digest", () => {
    it("passes an image id or a digest reference, and an allow-listed id", async () => {
        expect(await run(imageDigest, [c({}), c({ image: `base@sha256:${"cd".repeat(32)}` })])).toEqual([]);
        expect(await run(imageDigest, [c({})], { dockerAllowedImages: [IMAGE] })).toEqual([]);
    });
    it("reports a tag, and an id outside the allow-list", async () => {
        const other = `sha256:${"ef".repeat(32)}`;
        expect(brief(await run(imageDigest, [c({ image: "nginx:latest" })]))).toEqual([
            [
                "docker-image-digest",
                "app-1",
                'image "nginx:latest" is not pinned by sha256 digest: a tag can point at other content tomorrow.',
            ],
        ]);
        expect(brief(await run(imageDigest, [c({ image: other })], { dockerAllowedImages: [IMAGE] }))).toEqual([
            ["docker-image-digest", "app-1", `image ${other} is not in the local allow-list (${IMAGE}).`],
        ]);
    });
});

describe("stack rules on a Docker target stack", () => {
    it("step aside: the cloud's topology rules do not judge containers", async () => {
        const resources = [c({})];
        expect(isDockerTargetStack(resources)).toBe(true);
        expect(await run(quotasPresent, resources)).toEqual([]);
        // The same rule still judges a cloud stack.
        expect(brief(await run(quotasPresent, []))).toEqual([
            ["stack-quotas-present", "", "the tenant has no compute, network, volume, load-balancer quota."],
        ]);
    });
});
