// Pulumi entry point (Pulumi.yaml `main`). The project root (stacks/, blueprints/, compliance/) is this file's
// parent folder, wherever the engine's working directory is, unless WATERCLOUD_ROOT names another checkout's data,
// as `watercloud --root` does for the CLI (a copy of the fleet with one value changed, run by this program).
// Exported as a function so the engine awaits it: an input error then surfaces as the program's error
// (FILE:LINE:COL), not as a rejection Node reports on its own.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { runStack } from "./program";

export = async () =>
    runStack(path.resolve(process.env.WATERCLOUD_ROOT || path.resolve(__dirname, "..")), pulumi.getStack());
