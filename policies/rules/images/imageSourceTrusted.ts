import { images } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const imageSourceTrusted = resourceRule(
    {
        id: "os-image-source-trusted",
        description: "Images are downloaded over HTTPS from the internal image repository.",
        clauses: ["8.1.2.2a", "8.2.4.4a"],
        testIds: ["L3-CNS1-06", "L3-CES2-07"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["images", "supply-chain"],
        services: ["images"],
        remediation: "Publish the image to the internal repository and set imageSourceUrl to its https:// URL.",
        config: ["imageRepositories"],
    },
    images.Image,
    (image, { config }, report) => {
        const url = image.imageSourceUrl;
        if (!url) {
            if (image.localFilePath)
                report(
                    `the image is uploaded from the local file ${image.localFilePath}, not from the internal repository.`,
                );
            return;
        }
        if (!url.startsWith("https://")) report(`imageSourceUrl "${url}" is not https.`);
        else if (!config.imageRepositories.some((p) => url.startsWith(p)))
            report(
                `imageSourceUrl "${url}" is not in the internal repository (${config.imageRepositories.join(", ")}).`,
            );
    },
);
