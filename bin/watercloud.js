#!/usr/bin/env node
// Entry point of `npx watercloud`. Runs the compiled CLI from dist/ (built by `npm ci` through the prepare script);
// in a checkout that was never built, falls back to compiling TypeScript on the fly.
"use strict";
const path = require("path");
const fs = require("fs");

const compiled = path.join(__dirname, "..", "dist", "cli", "main.js");
if (fs.existsSync(compiled)) {
    require(compiled).main(process.argv.slice(2));
} else {
    require("tsx/cjs");
    require(path.join(__dirname, "..", "cli", "main.ts")).main(process.argv.slice(2));
}
