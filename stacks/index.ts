// Pulumi entry point (Pulumi.yaml `main`). The project root is this file's parent folder, wherever the engine's
// working directory is.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { runStack } from "./program";

export = runStack(path.resolve(__dirname, ".."), pulumi.getStack());
