/**
 * Password strength: a real estimator (zxcvbn-ts, with its common-password, name and English word lists) rather
 * than character-class rules alone, which `Password1234` and `password123!` pass. A password must be long (12+),
 * mix three kinds of characters (level 3's complexity requirement), and be estimated hard to guess (score 3 of 4,
 * about 10^8 guesses or more) with the user name and the portal's own words counted as known to the guesser.
 */
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { msg, type Msg } from "./i18n";

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 256;
const MIN_SCORE = 3;
/** Words anyone attacking this portal would try first. */
const SITE_WORDS = ["watercloud", "water", "cloud", "portal", "shuili", "shuiliyun", "hydrology", "flood"];

let estimator: ZxcvbnFactory | undefined;
/*
 * The word lists are decompressed when their modules load (a tenth of a second of CPU and their memory), and every
 * `watercloud` command loads the portal's entry (the CLI registers `serve` and `users`): loaded on the first
 * password checked instead.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const zxcvbn = () => {
    if (estimator) return estimator;
    const { ZxcvbnFactory } = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
    const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    const english = require("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
    return (estimator = new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
    }));
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Why the password is refused, or undefined when it is strong enough. */
export function passwordProblem(password: string, username: string): Msg | undefined {
    if (password.length < MIN_LENGTH) return msg("password.short", { min: MIN_LENGTH });
    if (password.length > MAX_LENGTH) return msg("password.long", { max: MAX_LENGTH });
    if ([/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length < 3)
        return msg("password.kinds");
    const lower = password.toLowerCase();
    if (username && lower.includes(username.toLowerCase())) return msg("password.username");
    const r = zxcvbn().check(
        password,
        [username, ...username.split(/[._-]/), ...SITE_WORDS].filter((w) => w.length >= 3),
    );
    if (r.score < MIN_SCORE) return msg("password.guessable");
    return undefined;
}
