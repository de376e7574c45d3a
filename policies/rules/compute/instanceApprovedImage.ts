import { compute } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const instanceApprovedImage = resourceRule(
    {
        id: "os-instance-approved-image",
        description: "Instances boot only from the platform's hardened golden images.",
        clauses: ["8.2.4.4a"],
        testIds: ["L3-CES2-07"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["hardening", "images"],
        services: ["compute"],
        remediation:
            "Use a hardened image from the platform allow-list (imageName or its id, also for image block devices).",
        config: ["hardenedImages"],
    },
    compute.Instance,
    (instance, { config }, report) => {
        const ids = new Set(config.hardenedImages.map((i) => i.id));
        const names = new Set(config.hardenedImages.map((i) => i.name));
        const allowed = config.hardenedImages.map((i) => i.name).join(", ");
        if (instance.imageId !== undefined && instance.imageId !== "" && !ids.has(instance.imageId)) {
            report(`imageId "${instance.imageId}" is not a hardened image (allowed: ${allowed}).`);
        }
        if (instance.imageName !== undefined && instance.imageName !== "" && !names.has(instance.imageName)) {
            report(`imageName "${instance.imageName}" is not a hardened image (allowed: ${allowed}).`);
        }
        (instance.blockDevices ?? []).forEach((bd, i) => {
            if (bd.sourceType === "image" && !ids.has(bd.uuid ?? "")) {
                report(
                    `blockDevices[${i}] boots image "${bd.uuid ?? ""}", which is not a hardened image (allowed: ${allowed}).`,
                );
            }
        });
    },
);
