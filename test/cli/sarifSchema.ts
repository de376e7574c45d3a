/**
 * The part of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that `check --format sarif` uses, with the
 * official constraints on those parts: required members, enums, minimums, uri formats and no unknown members.
 * The full official schema ships in an npm package (see test/cli/sarif.test.ts); until it is a devDependency,
 * this subset is what the suite validates against.
 */
const message = { type: "object", required: ["text"], properties: { text: { type: "string" }, markdown: { type: "string" } }, additionalProperties: false };
const multiformat = { type: "object", required: ["text"], properties: { text: { type: "string" }, markdown: { type: "string" } }, additionalProperties: false };
const propertyBag = { type: "object", properties: { tags: { type: "array", uniqueItems: true, items: { type: "string" } } } };
const artifactLocation = {
    type: "object",
    properties: { uri: { type: "string", format: "uri-reference" }, uriBaseId: { type: "string" }, index: { type: "integer", minimum: -1 } },
    additionalProperties: false,
};
const region = {
    type: "object",
    properties: { startLine: { type: "integer", minimum: 1 }, startColumn: { type: "integer", minimum: 1 }, endLine: { type: "integer", minimum: 1 }, endColumn: { type: "integer", minimum: 1 } },
    additionalProperties: false,
};
const physicalLocation = {
    type: "object",
    anyOf: [{ required: ["address"] }, { required: ["artifactLocation"] }],
    properties: { artifactLocation, region, address: { type: "object" } },
    additionalProperties: false,
};
const logicalLocation = {
    type: "object",
    properties: { name: { type: "string" }, fullyQualifiedName: { type: "string" }, kind: { type: "string" }, index: { type: "integer", minimum: -1 } },
    additionalProperties: false,
};
const location = {
    type: "object",
    properties: { id: { type: "integer", minimum: -1 }, physicalLocation, logicalLocations: { type: "array", uniqueItems: true, items: logicalLocation }, message },
    additionalProperties: false,
};
const reportingDescriptor = {
    type: "object",
    required: ["id"],
    properties: {
        id: { type: "string" },
        name: { type: "string" },
        shortDescription: multiformat,
        fullDescription: multiformat,
        help: multiformat,
        helpUri: { type: "string", format: "uri" },
        defaultConfiguration: {
            type: "object",
            properties: { enabled: { type: "boolean" }, level: { enum: ["none", "note", "warning", "error"] }, rank: { type: "number" } },
            additionalProperties: false,
        },
        properties: propertyBag,
    },
    additionalProperties: false,
};
const suppression = {
    type: "object",
    required: ["kind"],
    properties: {
        kind: { enum: ["inSource", "external"] },
        status: { enum: ["accepted", "underReview", "rejected"] },
        justification: { type: "string" },
        guid: { type: "string" },
    },
    additionalProperties: false,
};
const result = {
    type: "object",
    required: ["message"],
    properties: {
        ruleId: { type: "string" },
        ruleIndex: { type: "integer", minimum: -1 },
        kind: { enum: ["notApplicable", "pass", "fail", "review", "open", "informational"] },
        level: { enum: ["none", "note", "warning", "error"] },
        message,
        locations: { type: "array", items: location },
        relatedLocations: { type: "array", uniqueItems: true, items: location },
        partialFingerprints: { type: "object", additionalProperties: { type: "string" } },
        suppressions: { type: "array", uniqueItems: true, items: suppression },
        properties: propertyBag,
    },
    additionalProperties: false,
};
const run = {
    type: "object",
    required: ["tool"],
    properties: {
        tool: {
            type: "object",
            required: ["driver"],
            properties: {
                driver: {
                    type: "object",
                    required: ["name"],
                    properties: {
                        name: { type: "string" },
                        version: { type: "string" },
                        semanticVersion: { type: "string" },
                        informationUri: { type: "string", format: "uri" },
                        rules: { type: "array", uniqueItems: true, items: reportingDescriptor },
                    },
                    additionalProperties: false,
                },
            },
            additionalProperties: false,
        },
        originalUriBaseIds: { type: "object", additionalProperties: { type: "object", properties: { uri: { type: "string", format: "uri-reference" } } } },
        results: { type: "array", items: result },
        columnKind: { enum: ["utf16CodeUnits", "unicodeCodePoints"] },
    },
    additionalProperties: false,
};

export const SARIF_SUBSET_SCHEMA = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["version", "runs"],
    properties: { $schema: { type: "string", format: "uri" }, version: { enum: ["2.1.0"] }, runs: { type: "array", items: run } },
    additionalProperties: false,
} as const;
