/**
 * The local target's certificate authority and the certificates it signs, as Pulumi resources whose private keys
 * are secret outputs from the moment they exist: they are made by `openssl` on the machine that runs the engine
 * (a dynamic provider), never written to the repository, and only ever leave state into a seeded config volume.
 * There is no TLS provider plugin to build, and the keys must not be baked into the image.
 */
import * as pulumi from "@pulumi/pulumi";

interface CaInputs {
    readonly commonName: string;
    readonly validityDays: number;
}
interface CertInputs {
    readonly caCertPem: string;
    readonly caKeyPem: string;
    readonly commonName: string;
    readonly dnsNames: string[];
    readonly validityDays: number;
}

// The provider's functions are serialized into the state by the dynamic-provider machinery, so each one
// requires what it uses itself and calls nothing outside its own body (an import would be outside it).
/* eslint-disable @typescript-eslint/no-require-imports */
const caProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: CaInputs) {
        const fs = require("fs") as typeof import("fs");
        const os = require("os") as typeof import("os");
        const path = require("path") as typeof import("path");
        const { execFileSync } = require("child_process") as typeof import("child_process");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wc-ca-"));
        try {
            const key = path.join(dir, "ca.key");
            const crt = path.join(dir, "ca.crt");
            execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], {
                stdio: "pipe",
            });
            execFileSync(
                "openssl",
                [
                    "req",
                    "-x509",
                    "-new",
                    "-key",
                    key,
                    "-sha256",
                    "-days",
                    String(inputs.validityDays),
                    "-subj",
                    `/CN=${inputs.commonName}`,
                    "-addext",
                    "basicConstraints=critical,CA:TRUE,pathlen:0",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                    "-out",
                    crt,
                ],
                { stdio: "pipe" },
            );
            const certPem = fs.readFileSync(crt, "utf8");
            const keyPem = fs.readFileSync(key, "utf8");
            const serial = execFileSync("openssl", ["x509", "-noout", "-serial", "-in", crt], { encoding: "utf8" })
                .trim()
                .replace(/^serial=/, "");
            return { id: serial, outs: { ...inputs, certPem, keyPem } };
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    },
    async diff(_id: string, olds: CaInputs, news: CaInputs) {
        const replaces = (["commonName", "validityDays"] as const).filter((k) => olds[k] !== news[k]);
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
    },
};

const certProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: CertInputs) {
        const fs = require("fs") as typeof import("fs");
        const os = require("os") as typeof import("os");
        const path = require("path") as typeof import("path");
        const { execFileSync } = require("child_process") as typeof import("child_process");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wc-cert-"));
        try {
            const p = (f: string) => path.join(dir, f);
            fs.writeFileSync(p("ca.crt"), inputs.caCertPem);
            fs.writeFileSync(p("ca.key"), inputs.caKeyPem, { mode: 0o600 });
            const san = inputs.dnsNames.map((d) => `DNS:${d}`).join(",");
            fs.writeFileSync(
                p("ext.cnf"),
                `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
            );
            execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", p("tls.key")], {
                stdio: "pipe",
            });
            execFileSync(
                "openssl",
                ["req", "-new", "-key", p("tls.key"), "-subj", `/CN=${inputs.commonName}`, "-out", p("tls.csr")],
                { stdio: "pipe" },
            );
            execFileSync(
                "openssl",
                [
                    "x509",
                    "-req",
                    "-in",
                    p("tls.csr"),
                    "-CA",
                    p("ca.crt"),
                    "-CAkey",
                    p("ca.key"),
                    "-CAcreateserial",
                    "-sha256",
                    "-days",
                    String(inputs.validityDays),
                    "-extfile",
                    p("ext.cnf"),
                    "-out",
                    p("tls.crt"),
                ],
                { stdio: "pipe" },
            );
            const certPem = fs.readFileSync(p("tls.crt"), "utf8");
            const keyPem = fs.readFileSync(p("tls.key"), "utf8");
            const serial = execFileSync("openssl", ["x509", "-noout", "-serial", "-in", p("tls.crt")], {
                encoding: "utf8",
            })
                .trim()
                .replace(/^serial=/, "");
            return { id: serial, outs: { ...inputs, certPem, keyPem } };
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    },
    async diff(_id: string, olds: CertInputs, news: CertInputs) {
        const changed =
            olds.caCertPem !== news.caCertPem ||
            olds.commonName !== news.commonName ||
            olds.validityDays !== news.validityDays ||
            olds.dnsNames.join(",") !== news.dnsNames.join(",");
        return { changes: changed, replaces: changed ? ["dnsNames"] : [], deleteBeforeReplace: false };
    },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The explicit provider dynamic resources go through: default providers are disabled project-wide, dynamic
 * providers included, and the engine serves this one with its bundled pulumi-resource-pulumi-nodejs plugin.
 */
export class DynamicProvider extends pulumi.ProviderResource {
    constructor(name: string, opts?: pulumi.ResourceOptions) {
        super("pulumi-nodejs", name, {}, opts);
    }
}

export interface LocalCertificateAuthorityArgs {
    readonly commonName: pulumi.Input<string>;
    /** Days the CA is valid (default 365). */
    readonly validityDays?: pulumi.Input<number>;
}

/** A self-signed EC P-256 CA; its key is a secret output. */
export class LocalCertificateAuthority extends pulumi.dynamic.Resource {
    declare public readonly certPem: pulumi.Output<string>;
    declare public readonly keyPem: pulumi.Output<string>;

    constructor(name: string, args: LocalCertificateAuthorityArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            caProvider,
            name,
            {
                commonName: args.commonName,
                validityDays: args.validityDays ?? 365,
                certPem: undefined,
                keyPem: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["keyPem"] }),
            "watercloud",
            "LocalCertificateAuthority",
        );
    }
}

export interface LocalCertificateArgs {
    readonly ca: LocalCertificateAuthority;
    readonly commonName: pulumi.Input<string>;
    readonly dnsNames: pulumi.Input<pulumi.Input<string>[]>;
    /** Days the certificate is valid (default 90). */
    readonly validityDays?: pulumi.Input<number>;
}

/** A server certificate signed by the local CA; its key is a secret output. */
export class LocalCertificate extends pulumi.dynamic.Resource {
    declare public readonly certPem: pulumi.Output<string>;
    declare public readonly keyPem: pulumi.Output<string>;

    constructor(name: string, args: LocalCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            certProvider,
            name,
            {
                caCertPem: args.ca.certPem,
                caKeyPem: pulumi.secret(args.ca.keyPem),
                commonName: args.commonName,
                dnsNames: args.dnsNames,
                validityDays: args.validityDays ?? 90,
                certPem: undefined,
                keyPem: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["keyPem"] }),
            "watercloud",
            "LocalCertificate",
        );
    }
}
