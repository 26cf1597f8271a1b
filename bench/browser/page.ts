/**
 * The page of bench/browser-throughput.ts, bundled with esbuild (test/browser/harness.ts's
 * `bundle`) and served cross-origin isolated: runs bench/browser/program.ts with the
 * arguments in the URL's fragment (JSON) and reports on `window.neuriteResult` (or
 * `neuriteError`).
 */
import { runThroughput, type ThroughputArgs, type ThroughputResult } from './program.js';

interface PageWindow {
  neuriteResult?: ThroughputResult;
  neuriteError?: string;
}

const w = globalThis as PageWindow;
const args = JSON.parse(decodeURIComponent(location.hash.slice(1))) as ThroughputArgs;
runThroughput(args).then(
  (r) => void (w.neuriteResult = r),
  (e: unknown) =>
    void (w.neuriteError = e instanceof Error ? `${e.message}\n${e.stack}` : String(e)),
);
