/** The one check the shared clusters and the monitoring stack make of the address ranges they are given. */
import { describe, expect, it } from "vitest";
import { requireCidrs } from "../../components/common/errors";

const internet = (c: string) => `"${c}" is the whole internet`;

describe("requireCidrs", () => {
    it("accepts ranges of the prefix asked for or longer", () => {
        expect(() =>
            requireCidrs("C", "db", "clientCidrs", ["10.16.0.0/12", "172.16.0.0/16"], 1, internet),
        ).not.toThrow();
    });
    it("refuses the whole internet, naming the component, the argument and the value", () => {
        expect(() => requireCidrs("C", "db", "clientCidrs", ["10.16.0.0/12", "0.0.0.0/0"], 1, internet)).toThrow(
            'C "db": clientCidrs "0.0.0.0/0" is the whole internet',
        );
    });
    it("refuses a range wider than the component allows", () => {
        expect(() =>
            requireCidrs("Monitoring", "mon", "watchedCidrs", ["10.0.0.0/7"], 8, (c) => `"${c}" is wider than a /8`),
        ).toThrow('Monitoring "mon": watchedCidrs "10.0.0.0/7" is wider than a /8');
    });
    it("says what is wrong with a value that is not a CIDR block", () => {
        expect(() => requireCidrs("C", "db", "clientCidrs", ["10.0.0.0"], 1, internet)).toThrow(
            /^C "db": clientCidrs /,
        );
    });
});
