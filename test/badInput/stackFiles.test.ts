/** Tenant stack files gone wrong: each case exits 2 with its exact message, writes nothing, neither crashes nor hangs. */
import { describe } from "vitest";
import { stackFileCases } from "./cases/stackFiles";
import { badInput } from "./suite";

describe("tenant stack files", () => badInput(stackFileCases));
