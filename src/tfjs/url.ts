/**
 * What the tf.io handlers and the model wrappers share about URLs and where they run:
 * the path of a `file://` URL, whether a string has a scheme, and the error for a URL no
 * handler takes.
 */
import { NeuriteError } from '../errors.js';

/** Whether this is Node (files, no DOM). */
export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
/** Whether this is a browser page (a DOM to click downloads in, IndexedDB, localStorage). */
export const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** The path a `file://` URL names, as tfjs-node reads it: the rest after the scheme. */
export function filePath(url: string): string {
  return url.slice('file://'.length);
}

/** Whether `s` starts with a URL scheme (`https://`, `indexeddb://`, …). */
export function hasScheme(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

const BROWSER_SCHEMES: Readonly<Record<string, string>> = {
  'indexeddb://': "the browser's IndexedDB",
  'localstorage://': "the browser's localStorage",
  'downloads://': 'browser downloads',
};

/**
 * The error for a URL no handler takes: a browser scheme in Node says that it belongs to
 * browsers, anything else lists the schemes neurite/tfjs knows.
 */
export function noHandlerError(url: string, where: string): NeuriteError {
  const scheme = Object.keys(BROWSER_SCHEMES).find((s) => url.startsWith(s));
  if (scheme && !isBrowser) {
    return new NeuriteError(
      `${where}: '${url}' uses ${scheme}, which stores models in ${BROWSER_SCHEMES[scheme]} and exists in browsers only; in Node use 'file://path/to/dir'`,
    );
  }
  return new NeuriteError(
    `${where}: cannot find a handler for '${url}'; neurite/tfjs knows file:// (Node), http(s)://, indexeddb://, localstorage:// and downloads:// (browsers), or pass an IOHandler`,
  );
}
