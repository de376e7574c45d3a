// Pulumi entry point (Pulumi.yaml `main`). The engine runs programs from the project root.
import * as pulumi from "@pulumi/pulumi";
import { runStack } from "./program";

export = runStack(process.cwd(), pulumi.getStack());
