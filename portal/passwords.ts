/**
 * Password strength: a real estimator (zxcvbn-ts, with its common-password, name and English word lists) rather
 * than character-class rules alone, which `Password1234` and `password123!` pass. A password must be long (12+),
 * mix three kinds of characters (level 3's complexity requirement), and be estimated hard to guess (score 3 of 4,
 * about 10^8 guesses or more) with the user name and the portal's own words counted as known to the guesser.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";
import { msg, type Msg } from "./i18n";

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 256;
const MIN_SCORE = 3;
/** Words anyone attacking this portal would try first. */
const SITE_WORDS = ["watercloud", "water", "cloud", "portal", "shuili", "shuiliyun", "hydrology", "flood"];

let estimator: ZxcvbnFactory | undefined;
const zxcvbn = () =>
    (estimator ??= new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
    }));

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
