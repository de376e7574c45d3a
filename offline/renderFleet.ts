/**
 * Renders stacks offline: the real stack program under mocks, the platform first and its outputs handed to every
 * tenant as the StackReference would. The catalogue, platform config and fleet are loaded once per run, so a
 * fleet of hundreds of tenants costs one parse of each file.
 */
import { loadCatalog, planTenant, readFleet, type TenantPlan } from "../blueprints";
import { platformProgram, tenantProgram, type DeployerIdentity } from "../stacks";
import { InputError, PLATFORM_STACK, stackFile, type PlatformOutputs, loadPlatformConfig } from "../model";
import * as pulumi from "@pulumi/pulumi";
import { captureProgram, type Lookup, type ResourceSnapshot } from "./capture";

/**
 * Offline nothing authenticates: the renderer hands tenant programs a deployer that names no real endpoint or
 * account (the `.invalid` domain never resolves), so the provider config they build has the engine's shape.
 */
export const OFFLINE_DEPLOYER: DeployerIdentity = {
    source: "offline render",
    cloud: "watercloud",
    authUrl: "https://identity.offline.invalid:5000/v3",
    userName: "offline-deployer",
    userDomainName: "Default",
    password: "offline-render-holds-no-credential",
};

export interface RenderedStack {
    readonly stack: string;
    readonly role: "platform" | "tenant";
    /** The stack file, relative to the root. */
    readonly file: string;
    readonly resources: ResourceSnapshot[];
    readonly outputs: Record<string, unknown>;
    /** The data-source calls the program made (site facts: what a name it looked up stands for). */
    readonly lookups: readonly Lookup[];
    /** Tenants only: the platform's outputs the stack read by StackReference. */
    readonly platformOutputs?: Record<string, unknown>;
    /** Tenants only: the validated plan (service and blueprint source locations for reports). */
    readonly plan?: TenantPlan;
}

export interface RenderOptions {
    /** Called after each stack with (done, total, stack). */
    readonly onProgress?: (done: number, total: number, stack: string) => void;
    /**
     * Render as a first `pulumi preview` sees the stacks: nothing created yet, so every id and computed output is
     * unknown (the platform's published outputs stay known: tenants are previewed against a deployed platform).
     */
    readonly preview?: boolean;
}

/**
 * Validates every requested tenant first (all mistakes of all files, as one InputError), then renders the platform
 * and the tenants. Nothing is rendered when any input is wrong.
 */
export async function renderStacks(
    root: string,
    stacks: readonly string[],
    opts: RenderOptions = {},
): Promise<RenderedStack[]> {
    const catalog = loadCatalog(root);
    const platformConfig = loadPlatformConfig(root);
    const fleet = readFleet(root);
    const tenants = stacks.filter((s) => s !== PLATFORM_STACK);
    const plans = planAll(root, tenants, { catalog, platform: platformConfig, fleet });

    const total = stacks.length;
    let done = 0;
    const rendered: RenderedStack[] = [];
    const renderPlatform = (preview: boolean) =>
        captureProgram(
            () => platformProgram(root, { config: platformConfig, fleet, catalog, cloud: OFFLINE_DEPLOYER.cloud }),
            { stack: PLATFORM_STACK, preview },
        );
    const platform = await renderPlatform(false);
    const platformOutputs = platform.outputs as unknown as PlatformOutputs;
    if (stacks.includes(PLATFORM_STACK)) {
        const shown = opts.preview ? await renderPlatform(true) : platform;
        rendered.push({
            stack: PLATFORM_STACK,
            role: "platform",
            file: stackFile(PLATFORM_STACK),
            resources: shown.resources,
            outputs: shown.outputs as Record<string, unknown>,
            lookups: shown.lookups,
        });
        opts.onProgress?.(++done, total, PLATFORM_STACK);
    }
    for (const plan of plans) {
        const result = await captureProgram(
            () => tenantProgram(plan, platformOutputs, new pulumi.StackReference(PLATFORM_STACK), OFFLINE_DEPLOYER),
            {
                stack: plan.stack,
                stackReferences: { [PLATFORM_STACK]: platform.outputs as Record<string, unknown> },
                preview: opts.preview,
            },
        );
        rendered.push({
            stack: plan.stack,
            role: "tenant",
            file: plan.file,
            resources: result.resources,
            outputs: result.outputs as Record<string, unknown>,
            lookups: result.lookups,
            platformOutputs: platform.outputs as Record<string, unknown>,
            plan,
        });
        opts.onProgress?.(++done, total, plan.stack);
    }
    return rendered;
}

function planAll(root: string, tenants: readonly string[], opts: Parameters<typeof planTenant>[2]): TenantPlan[] {
    const plans: TenantPlan[] = [];
    const errors: unknown[] = [];
    for (const t of tenants) {
        try {
            plans.push(planTenant(root, t, opts));
        } catch (e) {
            errors.push(e);
        }
    }
    if (errors.length > 0) throw mergeInputErrors(errors);
    return plans;
}

function mergeInputErrors(errors: unknown[]): unknown {
    const inputs = errors.filter((e): e is InputError => e instanceof InputError);
    if (inputs.length !== errors.length) return errors.find((e) => !(e instanceof InputError));
    return new InputError(inputs.flatMap((e) => e.diagnostics));
}
