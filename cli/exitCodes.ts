/** Exit codes other programs script against (ARCHITECTURE.md): never renumber them. */
export const EXIT_OK = 0;
/** A mandatory level-3 rule says no. */
export const EXIT_POLICY = 1;
/** The input is wrong: parse, schema, reference or usage. */
export const EXIT_INPUT = 2;
