/**
 * The cloud's own quota figures for a tenant, read through the OpenStack adapter (clouds/openstack) with the
 * `watercloud` entry of the site's clouds.yaml. Where no cloud is configured or it does not answer, the page says
 * so; nothing is made up.
 */
import * as fs from "node:fs";
import { readQuotaFigures, type CloudFigures } from "../clouds/openstack";

export const CLOUDS_FILE = "/etc/openstack/clouds.yaml";
export const CLOUD_NAME = "watercloud";

/** The figures, or why there are none (no clouds.yaml, or the cloud did not answer): the page says which. */
export type CloudAnswer =
    | { kind: "none"; file: string }
    | { kind: "figures"; figures: CloudFigures[] }
    | { kind: "error"; file: string; message: string };

export async function cloudFigures(tenant: string, cloudsFile = CLOUDS_FILE): Promise<CloudAnswer> {
    if (!fs.existsSync(cloudsFile)) return { kind: "none", file: cloudsFile };
    try {
        // A page must not hang on a cloud that does not answer: each call gives up after five seconds.
        return {
            kind: "figures",
            figures: await readQuotaFigures(tenant, { cloudsFile, cloud: CLOUD_NAME, timeoutMs: 5000 }),
        };
    } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        return {
            kind: "error",
            file: cloudsFile,
            message: `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ""}`,
        };
    }
}
