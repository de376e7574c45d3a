import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";

/**
 * Octavia listener, pool and L7 policy with the inputs the provider has and the @pulumi/openstack 3.15.2 classes lack
 * (TLS settings; a redirect by prefix).
 *
 * The SDK was generated from terraform-provider-openstack v1.54.1; the plugin watercloud builds bridges v3.4.0, whose
 * `openstack_lb_listener_v2` has `tls_versions`/`tls_ciphers` and `openstack_lb_pool_v2` has `tls_enabled`,
 * `tls_versions`, `tls_ciphers`, `tls_container_ref`, `ca_tls_container_ref` (docs/pulumi.md lists every such
 * difference). The SDK's generated constructors copy only the fields they know into the registration, so these
 * classes register the same tokens (`openstack:loadbalancer/listener:Listener`, `.../pool:Pool`) with the SDK's
 * typed args plus the TLS fields. The engine, the policy pack and the offline evaluator therefore see one resource
 * type with the extra properties; the plugin accepts them because its schema has them (test/pulumi checks both).
 * They carry the SDK's package version so the engine picks the same plugin the SDK classes use.
 */

/** The version the SDK classes ask the engine for (@pulumi/openstack's package.json, without a leading "v"). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OPENSTACK_VERSION = (require("@pulumi/openstack/package.json") as { version: string }).version.replace(/^v/, "");

export const LISTENER_TYPE = "openstack:loadbalancer/listener:Listener";
export const POOL_TYPE = "openstack:loadbalancer/pool:Pool";

export interface TlsListenerArgs extends openstack.loadbalancer.ListenerArgs {
    /** TLS versions a TERMINATED_HTTPS listener accepts, e.g. ["TLSv1.2", "TLSv1.3"] (Octavia `tls_versions`). */
    readonly tlsVersions?: pulumi.Input<pulumi.Input<string>[]>;
    /** OpenSSL cipher list, colon-separated, for a TERMINATED_HTTPS listener (Octavia `tls_ciphers`). */
    readonly tlsCiphers?: pulumi.Input<string>;
}

export interface TlsPoolArgs extends openstack.loadbalancer.PoolArgs {
    /** Re-encrypt to the members: the LB speaks TLS to them (Octavia `tls_enabled`). */
    readonly tlsEnabled?: pulumi.Input<boolean>;
    /** TLS versions the LB offers the members (Octavia `tls_versions`). */
    readonly tlsVersions?: pulumi.Input<pulumi.Input<string>[]>;
    /** OpenSSL cipher list the LB offers the members (Octavia `tls_ciphers`). */
    readonly tlsCiphers?: pulumi.Input<string>;
    /** Barbican container of the CA that signs the members' certificates (Octavia `ca_tls_container_ref`). */
    readonly caTlsContainerRef?: pulumi.Input<string>;
}

function withVersion(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
    return pulumi.mergeOptions({ version: OPENSTACK_VERSION }, opts ?? {});
}

/** An Octavia listener (`openstack:loadbalancer/listener:Listener`) that can pin TLS versions and ciphers. */
export class TlsListener extends pulumi.CustomResource {
    /** For type checks that go by token, as the SDK classes' own `__pulumiType`. */
    static readonly __pulumiType = LISTENER_TYPE;

    constructor(name: string, args: TlsListenerArgs, opts?: pulumi.CustomResourceOptions) {
        super(LISTENER_TYPE, name, { ...args }, withVersion(opts));
    }
}

/** An Octavia pool (`openstack:loadbalancer/pool:Pool`) that can re-encrypt to its members. */
export class TlsPool extends pulumi.CustomResource {
    static readonly __pulumiType = POOL_TYPE;

    constructor(name: string, args: TlsPoolArgs, opts?: pulumi.CustomResourceOptions) {
        super(POOL_TYPE, name, { ...args }, withVersion(opts));
    }
}

export const L7_POLICY_TYPE = "openstack:loadbalancer/l7PolicyV2:L7PolicyV2";

export interface RedirectPolicyArgs extends openstack.loadbalancer.L7PolicyV2Args {
    /** For action REDIRECT_PREFIX: the scheme and host a request is sent to, its path kept (Octavia `redirect_prefix`). */
    readonly redirectPrefix?: pulumi.Input<string>;
    /** The redirect's status code: 301, 302, 303, 307 or 308 (Octavia `redirect_http_code`). */
    readonly redirectHttpCode?: pulumi.Input<number>;
}

/**
 * An Octavia L7 policy (`openstack:loadbalancer/l7PolicyV2:L7PolicyV2`) that can redirect by prefix: the plugin's
 * `openstack_lb_l7policy_v2` has `redirect_prefix` and `redirect_http_code`, the SDK class does not.
 */
export class RedirectPolicy extends pulumi.CustomResource {
    static readonly __pulumiType = L7_POLICY_TYPE;

    constructor(name: string, args: RedirectPolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super(L7_POLICY_TYPE, name, { ...args }, withVersion(opts));
    }
}
