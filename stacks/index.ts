// Pulumi entry point (Pulumi.yaml `main`). The project root is this file's parent folder, wherever the engine's
// working directory is. Exported as a function so the engine awaits it: an input error then surfaces as the
// program's error (FILE:LINE:COL), not as a rejection Node reports on its own.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { runStack } from "./program";

export = async () => runStack(path.resolve(__dirname, ".."), pulumi.getStack());
