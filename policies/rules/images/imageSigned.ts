import { images } from "@pulumi/openstack";
import { resourceRule } from "../../rule";

export const SIGNATURE_PROPERTIES = [
    "img_signature",
    "img_signature_hash_method",
    "img_signature_key_type",
    "img_signature_certificate_uuid",
];

export const imageSigned = resourceRule(
    {
        id: "os-image-signed",
        description: "Images carry a Glance signature (or are checksum-verified on upload).",
        clauses: ["8.2.4.4b"],
        testIds: ["L3-CES2-08"],
        severity: "high",
        enforcementLevel: "mandatory",
        topics: ["images", "integrity"],
        services: ["images"],
        remediation:
            "Sign the image and set the img_signature* properties (Nova verifies them), or set verifyChecksum: true.",
    },
    images.Image,
    (image, _ctx, report) => {
        if (image.verifyChecksum === true) return;
        const props = (image.properties ?? {}) as Record<string, unknown>;
        const missing = SIGNATURE_PROPERTIES.filter((k) => !props[k]);
        if (missing.length)
            report(`the image is neither signed (missing ${missing.join(", ")}) nor checksum-verified.`);
    },
);
