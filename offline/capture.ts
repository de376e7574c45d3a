/**
 * Runs a Pulumi program under mocks and captures every resource it registers, with what CrossGuard sees of it:
 * type, name, URN, inputs, parent, dependencies and property dependencies, provider.
 *
 * The SDK's own `setMocks` hands a mock only `{type, name, inputs}`; graph rules (stack-data-tier-no-internet,
 * stack-no-cross-tenant-refs ...) need the parent and the dependency edges the engine would see, so this module
 * wraps the SDK's MockMonitor and reads them from the registration request itself. The program is the real stack
 * program: there is never a second copy of what a stack creates.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { type ResourceSnapshot, UNKNOWN } from "../policies/index";
import { computedOutputs, invokeOutputs } from "./mockOutputs";
import { providerState } from "./providerState";
import { skipSdkBookkeeping } from "./sdkShortcuts";
import planUnknowns from "./planUnknowns.json";

/** Per resource token, what a create's plan leaves unknown when the program does not set it (generated). */
const PLAN_UNKNOWNS: Readonly<Record<string, readonly string[]>> = planUnknowns.resources;

/** The shape the policy evaluator consumes; defined once, beside the evaluator. */
export type { ResourceSnapshot };

export interface CaptureOptions {
    readonly project?: string;
    readonly stack: string;
    /** Stack config, keyed `namespace:key`; values are JSON-serialised as the engine does. */
    readonly config?: Record<string, unknown>;
    /** Config keys whose values are secret (the program reads them as secret Outputs). */
    readonly secretKeys?: readonly string[];
    /** Outputs of referenced stacks, keyed by the name passed to `new pulumi.StackReference(name)`. */
    readonly stackReferences?: Record<string, Record<string, unknown>>;
    /** Run as a preview (dry run). Values that are unknown at preview stay unknown. */
    readonly preview?: boolean;
}

/**
 * A data-source call the program made (`getRoleOutput({ name: "admin" })`, `getNetworkOutput(...)`) and what the
 * offline cloud answered. The engine hands policies no invokes, only the values they returned (a role assignment's
 * roleId is the admin role's id, not its name); the check turns these into site facts (offline/policyConfig.ts), so
 * the rules know what an id looked up by name stands for.
 */
export interface Lookup {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
}

export interface CaptureResult<T> {
    readonly resources: ResourceSnapshot[];
    readonly outputs: T | undefined;
    /** Every data-source call, in the order the program made them. */
    readonly lookups: readonly Lookup[];
}

/** SDK internals that are public in the JavaScript but stripped from the typings. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkState = require("@pulumi/pulumi/runtime/state") as { withLocalStorage<R>(cb: () => Promise<R>): Promise<R> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkSettings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

const SECRET_SIG = rpc.specialSecretSig;
const SIG_KEY = rpc.specialSigKey;

function isRpcSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** What a secret shows as wherever a person or a file could read it (plan output, reports). */
export const REDACTED = "[secret]";

/**
 * Removes the RPC secret wrappers: policies read plain values (as the engine hands them), while stack outputs keep
 * secrets out of sight with `redact`.
 */
function unwrapSecrets(value: unknown, redact = false): unknown {
    if (isRpcSecret(value)) return redact ? REDACTED : unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map((v) => unwrapSecrets(v, redact));
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = unwrapSecrets(v, redact);
        return out;
    }
    return value;
}

function containsSecret(value: unknown): boolean {
    if (isRpcSecret(value)) return true;
    if (Array.isArray(value)) return value.some(containsSecret);
    if (value && typeof value === "object") return Object.values(value).some(containsSecret);
    return false;
}

/** The SDK's MockMonitor, typed with the members this module overrides (its typings mark newUrn private). */
const BaseMonitor = MockMonitor as unknown as new (mocks: pulumi.runtime.Mocks) => {
    newUrn(parent: string, type: string, name: string): string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readResource(req: any, callback: (err: any, resp: any) => void): Promise<void>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerResourceOutputs(req: any, callback: (err: any, resp: any) => void): void;
};

function hasUnknown(value: unknown): boolean {
    if (pulumi.isUnknown(value) || value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(hasUnknown);
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
        return Object.values(value).some(hasUnknown);
    return false;
}

class CapturingMonitor extends BaseMonitor {
    readonly snapshots: ResourceSnapshot[] = [];
    /** Providers whose configuration is not known yet (preview): the engine cannot ask them for a plan. */
    private readonly unconfigured = new Set<string>();
    /** Per `type::name`, the computed outputs a preview cannot know yet. */
    readonly previewUnknowns = new Map<string, string[]>();
    constructor(
        mocks: pulumi.runtime.Mocks,
        private readonly preview: boolean,
    ) {
        super(mocks);
    }

    /**
     * A custom resource's outputs as the engine shows them to stack policies: the provider's state (the mock's
     * answer, with the provider's own transformations), computed fields unknown at preview, and nothing at all while
     * its provider's configuration is unknown (the engine then plans the resource without asking the provider).
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private outputsOf(req: any, state: Record<string, unknown>): Record<string, unknown> | undefined {
        const type: string = req.getType();
        if (!req.getCustom() || type.startsWith("pulumi:providers:")) return undefined;
        if (!this.preview) return state;
        const ref: string = req.getProvider() || "";
        if (ref && this.unconfigured.has(ref.slice(0, ref.lastIndexOf("::")))) return {};
        const out = { ...state };
        for (const k of this.previewUnknowns.get(`${type}::${req.getName()}`) ?? []) out[k] = UNKNOWN;
        return out;
    }
    /** The root stack's outputs as registered, secrets still marked (the program's return value loses that). */
    stackOutputs: Record<string, unknown> | undefined;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override registerResourceOutputs(req: any, callback: (err: any, resp: any) => void): void {
        const urn: string = req.getUrn();
        if (urn.split("::")[2] === "pulumi:pulumi:Stack") {
            this.stackOutputs = rpc.deserializeProperties(req.getOutputs()) as Record<string, unknown>;
        }
        super.registerResourceOutputs(req, callback);
    }

    /**
     * URNs as the engine makes them: a parent's type is prefixed to the child's, except the root stack's (the SDK
     * mock prefixes that too, which would make every offline URN differ from the engine's).
     */
    override newUrn(parent: string, type: string, name: string): string {
        const rootType = "pulumi:pulumi:Stack";
        const parentIsRoot = parent && parent.split("::")[2] === rootType;
        return super.newUrn(parentIsRoot ? "" : parent, type, name);
    }

    // The request is the generated gRPC RegisterResourceRequest; only its getters are used.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override async registerResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
        const rawInputs = rpc.deserializeProperties(req.getObject()) as Record<string, unknown>;
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: { getUrnsList(): string[] }, key: string) => {
            propertyDependencies[key] = deps.getUrnsList();
        });
        const wrapped = (
            err: unknown,
            resp: { getUrn(): string; getId(): string; getObject(): unknown } | undefined,
        ) => {
            if (!err && resp) {
                const secretProps = Object.keys(rawInputs).filter((k) => containsSecret(rawInputs[k]));
                const state = unwrapSecrets(rpc.deserializeProperties(resp.getObject() as never)) as Record<
                    string,
                    unknown
                >;
                if (req.getType().startsWith("pulumi:providers:") && this.preview && hasUnknown(rawInputs))
                    this.unconfigured.add(resp.getUrn());
                const outputs = this.outputsOf(req, state);
                this.snapshots.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    id: resp.getId() || undefined,
                    props: unwrapSecrets(rawInputs) as Record<string, unknown>,
                    ...(outputs ? { outputs } : {}),
                    secretProps,
                    parent: req.getParent() || undefined,
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    provider: req.getProvider() || undefined,
                });
            }
            callback(err, resp);
        };
        return super.registerResource(req, wrapped);
    }

    /** Read resources (a StackReference above all) are part of the graph the engine hands to stack policies. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override async readResource(req: any, callback: (err: any, resp: any) => void): Promise<void> {
        const inputs = unwrapSecrets(rpc.deserializeProperties(req.getProperties())) as Record<string, unknown>;
        const wrapped = (err: unknown, resp: { getUrn(): string } | undefined) => {
            if (!err && resp) {
                this.snapshots.push({
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: true,
                    id: req.getId() || undefined,
                    props: inputs,
                    secretProps: [],
                    parent: req.getParent() || undefined,
                    dependencies: req.getDependenciesList(),
                    propertyDependencies: {},
                    provider: req.getProvider() || undefined,
                });
            }
            callback(err, resp);
        };
        return super.readResource(req, wrapped);
    }
}

/**
 * Runs `program` as the body of a Pulumi stack under mocks and returns what it registered, in registration order.
 * Each call runs in its own SDK store, so several stacks can be captured one after another in one process.
 */
export async function captureProgram<T>(
    program: () => T | Promise<T>,
    opts: CaptureOptions,
): Promise<CaptureResult<T>> {
    skipSdkBookkeeping();
    return sdkState.withLocalStorage(async () => {
        const refs = opts.stackReferences ?? {};
        const outputsOf = computedOutputs();
        const lookups: Lookup[] = [];
        const mocks: pulumi.runtime.Mocks = {
            newResource(args) {
                if (args.type === "pulumi:pulumi:StackReference") {
                    const name = String(args.inputs.name ?? args.name);
                    const outputs = refs[name];
                    if (!outputs) {
                        throw new Error(
                            `stack reference "${name}" has no rendered outputs (known: ${Object.keys(refs).join(", ") || "none"})`,
                        );
                    }
                    return { id: name, state: { name, outputs, secretOutputNames: [] } };
                }
                const id = args.custom ? `${args.name}-id` : undefined;
                if (!args.custom) return { id: undefined, state: args.inputs };
                // The provider keeps some inputs transformed (user data as its SHA-1); in a preview the cloud has
                // computed nothing yet, so outputs that are not inputs stay unknown, as the engine reports them:
                // the mock's computed values and every attribute the provider computes when left unset.
                const kept = providerState(args.type, args.inputs);
                const computed = outputsOf(args);
                if (opts.preview) {
                    const unset = new Set(
                        [...Object.keys(computed), ...(PLAN_UNKNOWNS[args.type] ?? [])].filter(
                            (k) => !(k in args.inputs),
                        ),
                    );
                    monitor.previewUnknowns.set(`${args.type}::${args.name}`, [...unset]);
                    return { id: undefined, state: kept };
                }
                return { id, state: { ...kept, ...computed } };
            },
            call(args) {
                const outputs = invokeOutputs(args.token, args.inputs);
                lookups.push({
                    token: args.token,
                    inputs: unwrapSecrets(args.inputs) as Record<string, unknown>,
                    outputs,
                });
                return outputs;
            },
        };
        const monitor = new CapturingMonitor(mocks, opts.preview ?? false);
        await pulumi.runtime.setMocks(mocks, opts.project ?? "watercloud", opts.stack, opts.preview ?? false);
        settings.setMockOptions(monitor, opts.project ?? "watercloud", opts.stack, opts.preview ?? false);
        const config: Record<string, string> = {};
        for (const [k, v] of Object.entries(opts.config ?? {})) {
            config[k] = typeof v === "string" ? v : JSON.stringify(v);
        }
        pulumi.runtime.setAllConfig(config, [...(opts.secretKeys ?? [])]);
        // A failed registration (a component's argument error, a missing stack reference) surfaces in the SDK as an
        // unhandled rejection, not as a rejection of the stack; catch the first one so the caller gets the error.
        let failure: unknown;
        const onRejection = (reason: unknown) => {
            failure ??= reason;
        };
        process.on("unhandledRejection", onRejection);
        try {
            await pulumi.runtime.runInPulumiStack(async () => program());
            await sdkSettings.waitForRPCs();
            // Let rejections queued by the last registrations reach the handler.
            await new Promise((resolve) => setImmediate(resolve));
        } catch (e) {
            failure ??= e;
        } finally {
            // A failed stack rejects several promises (registration, outputs); give them a moment to arrive here
            // rather than as unhandled rejections after the caller has moved on.
            if (failure !== undefined) await new Promise((resolve) => setTimeout(resolve, 10));
            process.off("unhandledRejection", onRejection);
        }
        if (failure !== undefined) throw failure;
        return {
            resources: monitor.snapshots,
            outputs: unwrapSecrets(monitor.stackOutputs, true) as T | undefined,
            lookups,
        };
    });
}
