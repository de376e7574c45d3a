#!/usr/bin/env node
// Entry point of `npx watercloud`. Runs the compiled CLI from dist/ (built by `npm ci` through the prepare script);
// in a checkout that was never built, falls back to compiling TypeScript on the fly.
"use strict";
const path = require("path");
const fs = require("fs");

// An older Node.js cannot load the CLI (it needs node:sqlite and Node 24's module loader) and would stop with a
// stack trace at the first missing module: say what is wrong and how to put it right instead.
const engines = require("../package.json").engines.node; // ">=24.11"
const [needMajor, needMinor] = engines
    .replace(/^>=\s*/, "")
    .split(".")
    .map(Number);
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor)) {
    process.stderr.write(
        `watercloud: needs Node.js ${engines.replace(/^>=\s*/, "")} or later (package.json "engines"); this is ${process.version} (${process.execPath}).\n` +
            "`bash scripts/node/ensure.sh` installs it and prints the folder to put first on PATH:\n" +
            '    export PATH="$(bash scripts/node/ensure.sh):$PATH"\n',
    );
    process.exit(2);
}

// Node keeps the compiled bytecode of the CLI and its dependencies (the Pulumi SDK is most of it) in its compile
// cache (under the system's temporary folder), so a command does not compile them again: `check` of one tenant
// starts in half the CPU time. Node before 22.1 has no cache; the CLI then compiles as before.
require("module").enableCompileCache?.();

const compiled = path.join(__dirname, "..", "dist", "cli", "main.js");
// From source, both of tsx's hooks: the CLI loads each command's module with a dynamic import (ESM's loader).
const fromSource = () => {
    require("tsx/cjs/api").register();
    require("tsx/esm/api").register();
    return path.join(__dirname, "..", "cli", "main.ts");
};
const entry = fs.existsSync(compiled) ? compiled : fromSource();
require(entry)
    .main(process.argv.slice(2))
    .catch((e) => {
        // Not the user's mistake (those exit 2 with a message): a defect. Say so plainly; the trace on request.
        process.stderr.write(`watercloud: internal error: ${e && e.message ? e.message : e}\n`);
        if (process.env.WATERCLOUD_DEBUG) process.stderr.write(`${e && e.stack}\n`);
        else process.stderr.write("Run again with WATERCLOUD_DEBUG=1 for the stack trace, and report it.\n");
        process.exitCode = 3;
    });
