/**
 * The compliance report: every level-3 clause item against every checked stack (matrix.ts), rendered as markdown or
 * a self-contained HTML file, and the way back from a finding to the line a person edits (locate.ts). The CLI's
 * `report` and `check` formats and the portal's compliance pages use it.
 */
export { FAMILIES, VERDICTS, buildMatrix, readAttestations, tally, type Verdict } from "./matrix";
export { escapeHtml, matrixToHtml } from "./html";
export { matrixToMarkdown } from "./markdown";
export { StackLocator } from "./locate";
export { DISCLAIMER, stateOf, waiverOf, type FindingState } from "./findingInfo";
export * from "./usage";
