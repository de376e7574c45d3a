import { images } from "@pulumi/openstack";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../../policies/evaluate";
import { imageNotPublic } from "../../../policies/rules/images/imageNotPublic";
import { imageSigned } from "../../../policies/rules/images/imageSigned";
import { imageSourceTrusted } from "../../../policies/rules/images/imageSourceTrusted";
import { brief, run, snap } from "../helpers";

const preview = (rule: string, path: string, kind = "string") =>
    `can't run policy '${rule}' from policy pack 'watercloud-mlps3@v0.1.0' during preview: ${kind} value at .${path} can't be known during preview`;

const SIGNATURE = {
    img_signature: "c2lnbmF0dXJl",
    img_signature_hash_method: "SHA-256",
    img_signature_key_type: "RSA-PSS",
    img_signature_certificate_uuid: "0b3f7e52-0000-4000-8000-000000000001",
};
const image = (name: string, props: Record<string, unknown>) =>
    snap(images.Image, name, {
        containerFormat: "bare",
        diskFormat: "qcow2",
        visibility: "private",
        imageSourceUrl: "https://repo.watercloud.internal/images/rocky-9-hardened.qcow2",
        properties: SIGNATURE,
        ...props,
    });

describe("os-image-not-public", () => {
    it("passes private and shared images, and the default visibility", async () => {
        expect(
            await run(imageNotPublic, [
                image("a", {}),
                image("b", { visibility: "shared" }),
                image("c", { visibility: undefined }),
            ]),
        ).toEqual([]);
    });
    it("reports public and community images", async () => {
        const f = await run(imageNotPublic, [
            image("pub", { visibility: "public" }),
            image("com", { visibility: "community" }),
        ]);
        expect(brief(f)).toEqual([
            ["os-image-not-public", "pub", "visibility is public: every project can boot and read the image."],
            ["os-image-not-public", "com", "visibility is community: every project can boot and read the image."],
        ]);
        expect(f[0]).toMatchObject({ enforcementLevel: "mandatory", severity: "high" });
    });
    it("cannot evaluate an unknown visibility", async () => {
        const [f] = await run(imageNotPublic, [image("i", { visibility: UNKNOWN })]);
        expect(f).toMatchObject({ status: "cannot-evaluate", message: preview("os-image-not-public", "visibility") });
    });
});

describe("os-image-signed", () => {
    it("passes a signed image and a checksum-verified one", async () => {
        expect(
            await run(imageSigned, [
                image("signed", {}),
                image("checked", { properties: undefined, verifyChecksum: true }),
            ]),
        ).toEqual([]);
    });
    it("reports unsigned and partly signed images", async () => {
        const f = await run(imageSigned, [
            image("bare", { properties: undefined }),
            image("partial", {
                properties: { ...SIGNATURE, img_signature_certificate_uuid: "" },
                verifyChecksum: false,
            }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-image-signed",
                "bare",
                "the image is neither signed (missing img_signature, img_signature_hash_method, img_signature_key_type, img_signature_certificate_uuid) nor checksum-verified.",
            ],
            [
                "os-image-signed",
                "partial",
                "the image is neither signed (missing img_signature_certificate_uuid) nor checksum-verified.",
            ],
        ]);
    });
    it("cannot evaluate an unknown verifyChecksum or signature", async () => {
        const [a] = await run(imageSigned, [image("i", { verifyChecksum: UNKNOWN })]);
        expect(a).toMatchObject({ status: "cannot-evaluate", message: preview("os-image-signed", "verifyChecksum") });
        const [b] = await run(imageSigned, [image("i", { properties: { ...SIGNATURE, img_signature: UNKNOWN } })]);
        expect(b.message).toBe(preview("os-image-signed", "properties.img_signature"));
    });
});

describe("os-image-source-trusted", () => {
    it("passes an https URL of the internal repository", async () => {
        expect(await run(imageSourceTrusted, [image("repo", {})])).toEqual([]);
    });
    it("reports plain http, a foreign repository and a local upload", async () => {
        const f = await run(imageSourceTrusted, [
            image("http", { imageSourceUrl: "http://repo.watercloud.internal/images/x.qcow2" }),
            image("foreign", { imageSourceUrl: "https://cloud-images.example.org/x.qcow2" }),
            image("lookalike", { imageSourceUrl: "https://repo.watercloud.internal.example.org/x.qcow2" }),
            image("local", { imageSourceUrl: undefined, localFilePath: "/tmp/x.qcow2" }),
        ]);
        expect(brief(f)).toEqual([
            [
                "os-image-source-trusted",
                "http",
                'imageSourceUrl "http://repo.watercloud.internal/images/x.qcow2" is not https.',
            ],
            [
                "os-image-source-trusted",
                "foreign",
                'imageSourceUrl "https://cloud-images.example.org/x.qcow2" is not in the internal repository (https://repo.watercloud.internal/).',
            ],
            [
                "os-image-source-trusted",
                "lookalike",
                'imageSourceUrl "https://repo.watercloud.internal.example.org/x.qcow2" is not in the internal repository (https://repo.watercloud.internal/).',
            ],
            [
                "os-image-source-trusted",
                "local",
                "the image is uploaded from the local file /tmp/x.qcow2, not from the internal repository.",
            ],
        ]);
    });
    it("reads the repositories from config", async () => {
        const config = { imageRepositories: ["https://mirror.gov.example.cn/glance/"] };
        expect(
            await run(
                imageSourceTrusted,
                [image("m", { imageSourceUrl: "https://mirror.gov.example.cn/glance/x.raw" })],
                config,
            ),
        ).toEqual([]);
        expect(brief(await run(imageSourceTrusted, [image("repo", {})], config))).toEqual([
            [
                "os-image-source-trusted",
                "repo",
                'imageSourceUrl "https://repo.watercloud.internal/images/rocky-9-hardened.qcow2" is not in the internal repository (https://mirror.gov.example.cn/glance/).',
            ],
        ]);
    });
    it("cannot evaluate an unknown source URL", async () => {
        const [f] = await run(imageSourceTrusted, [image("i", { imageSourceUrl: UNKNOWN })]);
        expect(f).toMatchObject({
            status: "cannot-evaluate",
            message: preview("os-image-source-trusted", "imageSourceUrl"),
        });
    });
});
