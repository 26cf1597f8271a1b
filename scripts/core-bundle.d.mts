/** Types of core-bundle.mjs, for the test that calls it. */

/** One output file of the bundle. */
export interface BundleChunk {
  /** Its file name (`app.js`, `chunk-XXXX.js`, `hdf5_hl-XXXX.js`). */
  file: string;
  /** Minified bytes. */
  bytes: number;
  /** Gzipped bytes. */
  gzip: number;
  /** Whether a page loads it at start-up (the entry chunk or a static import of one). */
  eager: boolean;
  /** Whether some chunk loads it with a dynamic import(). */
  dynamicallyImported: boolean;
  /** The npm packages bundled into it, sorted. */
  packages: string[];
  /** Minified bytes each package contributes to this chunk. */
  packageBytes: Record<string, number>;
}

export interface CoreBundleReport {
  /** The source files esbuild bundled (paths relative to the working directory). */
  inputs: string[];
  /** Every JavaScript chunk. */
  chunks: BundleChunk[];
  /** Minified bytes of the chunks a page loads at start-up. */
  entryBytes: number;
  /** Minified bytes of every chunk. */
  totalBytes: number;
  entryGzip: number;
  totalGzip: number;
}
export function bundleCore(): Promise<CoreBundleReport>;
/** The npm package a bundled input path comes from, or null for the project's sources. */
export function packageOf(input: string): string | null;
