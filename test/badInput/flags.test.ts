/** Command lines gone wrong: each case exits 2 with its exact message, writes nothing, neither crashes nor hangs. */
import { describe } from "vitest";
import { flagCases } from "./cases/flags";
import { badInput } from "./suite";

describe("command lines", () => badInput(flagCases));
