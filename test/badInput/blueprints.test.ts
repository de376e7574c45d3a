/** Blueprint files gone wrong: each case exits 2 with its exact message, writes nothing, neither crashes nor hangs. */
import { describe } from "vitest";
import { blueprintCases } from "./cases/blueprints";
import { badInput } from "./suite";

describe("blueprint files", () => badInput(blueprintCases));
