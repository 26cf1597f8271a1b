/** Types of core-bundle.mjs, for the test that calls it. */
export interface CoreBundleReport {
  /** The source files esbuild bundled (paths relative to the working directory). */
  inputs: string[];
  /** Minified bytes of the chunks a page loads at once. */
  entryBytes: number;
  /** Minified bytes of every chunk. */
  totalBytes: number;
  entryGzip: number;
  totalGzip: number;
}
export function bundleCore(): Promise<CoreBundleReport>;
