/** Adding a service to a stack file keeps every byte people wrote, and the result parses to the old content plus the entry. */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addServiceToStack } from "../../portal/stackEdit";

const svc = { name: "intranet", blueprint: "web-app@1.1.0", parameters: { replicas: 3, flavor: "m1.small" } };

describe("addServiceToStack", () => {
    it("appends after the last entry, comments and spacing untouched", () => {
        const text = [
            "# the tenant's file",
            "config:",
            "  watercloud:tenant: { name: t, cidr: 10.9.0.0/16 }  # inline comment",
            "  watercloud:services:",
            "    # first service",
            "    - name: a",
            "      blueprint: static-site@1.0.0",
            "  other:key: [x,y]",
            "",
        ].join("\n");
        const out = addServiceToStack(text, svc);
        expect(out).toBe(
            [
                "# the tenant's file",
                "config:",
                "  watercloud:tenant: { name: t, cidr: 10.9.0.0/16 }  # inline comment",
                "  watercloud:services:",
                "    # first service",
                "    - name: a",
                "      blueprint: static-site@1.0.0",
                "    - name: intranet",
                "      blueprint: web-app@1.1.0",
                "      parameters: { replicas: 3, flavor: m1.small }",
                "  other:key: [x,y]",
                "",
            ].join("\n"),
        );
    });

    it("handles a last line without a newline, and a service without parameters", () => {
        const out = addServiceToStack(
            "config:\n  watercloud:services:\n  - name: a\n    blueprint: static-site@1.0.0",
            { ...svc, parameters: {} },
        );
        expect(out).toBe(
            "config:\n  watercloud:services:\n  - name: a\n    blueprint: static-site@1.0.0\n  - name: intranet\n    blueprint: web-app@1.1.0\n",
        );
    });

    it("creates the list when the tenant runs no service yet, keeping comments", () => {
        const out = addServiceToStack("# keep me\nconfig:\n  watercloud:tenant: { name: t }\n", svc);
        expect(out).toContain("# keep me");
        expect(parse(out).config["watercloud:services"]).toEqual([svc]);
    });

    it("refuses a file that does not parse", () => {
        expect(() => addServiceToStack("config: [", svc)).toThrow(/does not parse/);
    });
});
