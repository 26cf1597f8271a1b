/** Types of import-cycles.mjs, for the test that calls it. */
/** Groups (strongly connected components) of more than one file, as repository paths. */
export function findCycles(srcDir?: string): string[][];
/** The groups that are not wholly inside src/ops/. */
export function disallowed(groups: string[][]): string[][];
