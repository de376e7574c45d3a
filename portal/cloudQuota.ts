/**
 * The usage page's table of the cloud's own quota figures for a tenant, read through the OpenStack adapter
 * (clouds/openstack) with the `watercloud` entry of the site's clouds.yaml. Where no cloud is configured or it does
 * not answer, the page says so; nothing is made up.
 */
import * as fs from "node:fs";
import { readQuotaFigures } from "../clouds/openstack";
import { html, type Safe } from "./views/html";

export const CLOUDS_FILE = "/etc/openstack/clouds.yaml";
export const CLOUD_NAME = "watercloud";

/** The figures as a table, or one line saying why there are none. */
export async function cloudFigures(tenant: string, cloudsFile = CLOUDS_FILE): Promise<Safe> {
    if (!fs.existsSync(cloudsFile)) return html`<p id="cloud-figures">No cloud configured: ${cloudsFile} does not exist.</p>`;
    try {
        const all = await readQuotaFigures(tenant, { cloudsFile, cloud: CLOUD_NAME, timeoutMs: 5000 });
        return html`<table id="cloud-figures"><tr><th>Service</th><th>Resource</th><th>Limit</th><th>In use</th><th>Reserved</th></tr>${all.flatMap((s) =>
            s.figures.map((f) => html`<tr><td>${s.service}</td><td>${f.resource}</td><td>${f.limit}</td><td>${f.inUse}</td><td>${f.reserved}</td></tr>`),
        )}</table>`;
    } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        return html`<p id="cloud-figures" class="warning">The cloud (${cloudsFile}, entry ${CLOUD_NAME}) gave no figures: ${err.message}${err.cause?.code ? ` (${err.cause.code})` : ""}</p>`;
    }
}
