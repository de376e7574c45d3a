import { Container } from "@pulumi/docker";
import { resourceRule } from "../../rule";

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;
const PINNED_REFERENCE = /@sha256:[0-9a-f]{64}$/;

/** The image that runs must be the one that was built and checked: pinned by content digest, from the allow-list. */
export const imageDigest = resourceRule(
    {
        id: "docker-image-digest",
        description: "Containers run an image pinned by sha256 digest from the local allow-list.",
        clauses: ["8.2.4.4b"],
        severity: "medium",
        enforcementLevel: "mandatory",
        topics: ["integrity", "images"],
        services: ["docker"],
        remediation:
            "Build the base image with scripts/docker/image.sh and use its id (the components read the allow-list).",
        config: ["dockerAllowedImages"],
    },
    Container,
    (c, { config }, report) => {
        const image = c.image;
        if (!IMAGE_ID.test(image) && !PINNED_REFERENCE.test(image)) {
            report(`image "${image}" is not pinned by sha256 digest: a tag can point at other content tomorrow.`);
            return;
        }
        const allowed = config.dockerAllowedImages;
        if (allowed.length > 0 && !allowed.includes(image))
            report(`image ${image} is not in the local allow-list (${allowed.join(", ")}).`);
    },
);
