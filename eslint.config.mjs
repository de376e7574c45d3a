// The linter: ESLint's and typescript-eslint's recommended rules, for every room, test and script alike. The import
// boundaries between rooms are dependency-cruiser's (.dependency-cruiser.cjs), the formatting Prettier's.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
    { ignores: ["dist/", "schemas/", "coverage/", "test/portal/artefacts/", "policies/node_modules/"] },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        rules: {
            // A leading underscore says "deliberately unused": a parameter an interface requires, a field taken out of
            // a rest object.
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    destructuredArrayIgnorePattern: "^_",
                    ignoreRestSiblings: true,
                },
            ],
        },
    },
    {
        // Tests read the JSON of APIs and reports, whose shape is what they assert.
        files: ["test/**"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                __dirname: "readonly",
                console: "readonly",
            },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
