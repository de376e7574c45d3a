/** Waivers and attestations gone wrong: each case exits 2 with its exact message, writes nothing, neither crashes nor hangs. */
import { describe } from "vitest";
import { complianceCases } from "./cases/compliance";
import { badInput } from "./suite";

describe("waivers and attestations", () => badInput(complianceCases));
