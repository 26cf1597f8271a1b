/**
 * `tf.io`'s routers: the registry of functions that map a URL to an IOHandler, which
 * `model.save(url)` and `tf.loadLayersModel(url)` consult, and TF.js's `LoadOptions`.
 * The built-in schemes are registered by io.ts.
 */
import type { IOHandler } from '../io/types.js';

/** A function from a URL to the handler for it, or null when the URL is not its scheme. */
export type IORouter = (
  url: string | readonly string[],
  loadOptions?: LoadOptions,
) => IOHandler | null;

/** Options of `tf.loadLayersModel` and `tf.io.http` (TF.js's `LoadOptions`). */
export interface LoadOptions {
  /** Every weight must be in the file and the file must hold no other (default true). */
  strict?: boolean;
  /** Called with the fraction of weight files fetched so far (http). */
  onProgress?: (fraction: number) => void;
  /** Fetches the weight shards from this prefix instead of the model.json's folder (http). */
  weightPathPrefix?: string;
  /** The function used to fetch (http); default the global `fetch`. */
  fetchFunc?: typeof fetch;
  /** Options of every request (http): headers, credentials, method for saving, … */
  requestInit?: RequestInit;
  /** Maps a shard's file name to its URL (http). */
  weightUrlConverter?: (weightFileName: string) => Promise<string>;
}

const saveRouters: IORouter[] = [];
const loadRouters: IORouter[] = [];

/**
 * Adds a router that `model.save(url)` consults (TF.js `tf.io.registerSaveRouter`).
 * @example
 * tf.io.registerSaveRouter((url) =>
 *   typeof url === 'string' && url.startsWith('mem://') ? tf.io.fromMemory({}) : null,
 * );
 */
export function registerSaveRouter(router: IORouter): void {
  saveRouters.push(router);
}

/**
 * Adds a router that `tf.loadLayersModel(url)` consults (TF.js `tf.io.registerLoadRouter`).
 * @example
 * tf.io.registerLoadRouter((url) =>
 *   typeof url === 'string' && url.startsWith('mem://') ? tf.io.fromMemory(savedArtifacts) : null,
 * );
 */
export function registerLoadRouter(router: IORouter): void {
  loadRouters.push(router);
}

function handlersFor(
  routers: readonly IORouter[],
  url: string | readonly string[],
  loadOptions?: LoadOptions,
): IOHandler[] {
  const out: IOHandler[] = [];
  for (const r of routers) {
    const h = r(url, loadOptions);
    if (h !== null) out.push(h);
  }
  return out;
}

/**
 * The save handlers whose routers accept `url` (TF.js `tf.io.getSaveHandlers`).
 * @example
 * tf.io.getSaveHandlers('indexeddb://my-model'); // [the IndexedDB handler]
 */
export function getSaveHandlers(url: string | readonly string[]): IOHandler[] {
  return handlersFor(saveRouters, url);
}

/**
 * The load handlers whose routers accept `url` (TF.js `tf.io.getLoadHandlers`).
 * @example
 * tf.io.getLoadHandlers('localstorage://my-model'); // [the localStorage handler]
 */
export function getLoadHandlers(
  url: string | readonly string[],
  loadOptions?: LoadOptions,
): IOHandler[] {
  return handlersFor(loadRouters, url, loadOptions);
}

/**
 * Whether `url` is an `http://` or `https://` URL (TF.js `tf.io.isHTTPScheme`).
 * @example
 * tf.io.isHTTPScheme('https://example.com/model.json'); // true
 * tf.io.isHTTPScheme('file://model.json'); // false
 */
export function isHTTPScheme(url: string): boolean {
  return /^https?:\/\//.test(url);
}
