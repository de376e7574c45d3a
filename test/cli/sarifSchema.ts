/**
 * The official SARIF 2.1.0 (rtm.5) JSON Schema, as published with the standard (fixtures/sarif-2.1.0-rtm.5.json,
 * MIT, from the schema store copy that SARIF tooling ships). It is a draft-04 schema: ajv 8 validates it once the
 * draft-04 `$schema`/`id` keys are dropped, and with unicode regular expressions off (one pattern is not valid
 * under the `u` flag).
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export function sarifValidator(): ValidateFunction {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "sarif-2.1.0-rtm.5.json"), "utf8"));
    delete schema.$schema;
    delete schema.id;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(schema);
}
