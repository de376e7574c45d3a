import { images } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const imageNotPublic = resourceRule(
    {
        id: "os-image-not-public",
        description: "Images are private or shared with named projects, never public or community.",
        clauses: ["8.2.4.4c", "8.1.4.2e"],
        testIds: ["L3-CES2-09", "L3-CES1-09"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["images", "exposure"],
        services: ["images"],
        remediation: "Set visibility to private (or shared plus ImageAccess for named projects).",
    },
    images.Image,
    (image, _ctx, report) => {
        if (image.visibility === "public" || image.visibility === "community") {
            report(`visibility is ${image.visibility}: every project can boot and read the image.`);
        }
    },
);
