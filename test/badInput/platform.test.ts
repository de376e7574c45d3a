/** The platform stack file gone wrong: each case exits 2 with its exact message, writes nothing, neither crashes nor hangs. */
import { describe } from "vitest";
import { platformCases } from "./cases/platform";
import { badInput } from "./suite";

describe("the platform stack file", () => badInput(platformCases));
