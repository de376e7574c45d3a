import { describe, expect, it } from "vitest";
import { stderrErrors } from "../../engine/stackRun";

describe("what a failed Pulumi command said", () => {
    it("takes the CLI's own error lines from its stderr, without the prefix", () => {
        // The Automation API wraps a failed command's result; its message's first line is only the exit code.
        const failed = Object.assign(new Error("code: -2\n stdout: \n stderr: ..."), {
            commandResult: {
                stderr: "Updating (platform):\nerror: could not deserialize deployment: unexpected end of JSON input\nerror: update failed\n",
            },
        });
        expect(stderrErrors(failed)).toEqual([
            "could not deserialize deployment: unexpected end of JSON input",
            "update failed",
        ]);
    });

    it("finds none in an error that is not the CLI's, and none in a value that is not an error", () => {
        expect(stderrErrors(new Error("ENOENT: no such file or directory"))).toEqual([]);
        expect(stderrErrors(undefined)).toEqual([]);
    });
});
