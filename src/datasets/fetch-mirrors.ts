/**
 * Fetches one data set file from a list of mirrors and verifies it: the first mirror whose
 * response decompresses to the expected SHA-256 wins. Platform-neutral (global `fetch`,
 * fflate, WebCrypto or node:crypto); writing to disk is download.ts's job.
 */
import { NeuriteError } from '../errors.js';
import { maybeGunzip } from './idx.js';
import { sha256Hex } from './sha256.js';
import type { DatasetFile } from './spec.js';

/** How to fetch from mirrors. */
export interface FetchMirrorsArgs {
  /** Base URLs tried in order; the file is `${mirror}${name}.gz`. */
  mirrors: readonly string[];
  /** Time allowed for each request, body included, in milliseconds. Default 120000. */
  timeoutMs?: number;
}

/** A verified download. */
export interface Fetched {
  /** The URL that served it. */
  readonly url: string;
  /** The bytes as received (gzip, unless the server already decoded them). */
  readonly raw: Uint8Array;
  /** The uncompressed file, whose SHA-256 matched. */
  readonly data: Uint8Array;
}

/** `${mirror}${file}`, adding the `/` a base URL may lack. */
export function mirrorUrl(mirror: string, file: string): string {
  return mirror.endsWith('/') ? `${mirror}${file}` : `${mirror}/${file}`;
}

/** One mirror's attempt: the verified file, or throws with the reason. */
async function fetchOne(url: string, file: DatasetFile, timeoutMs: number): Promise<Fetched> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new Error(reason(e, timeoutMs), { cause: e });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new Error(`the response broke off: ${reason(e, timeoutMs)}`, { cause: e });
  }
  const declared = response.headers.get('content-length');
  if (declared !== null && response.headers.get('content-encoding') === null) {
    if (Number(declared) !== raw.length) {
      throw new Error(`truncated: Content-Length ${declared}, received ${raw.length} bytes`);
    }
  }
  // Some servers send .gz files with Content-Encoding: gzip, and fetch has decoded them.
  const data = maybeGunzip(raw, `${file.name}.gz`);
  const sum = await sha256Hex(data);
  if (sum !== file.sha256) {
    throw new Error(`checksum mismatch: uncompressed SHA-256 ${sum}, expected ${file.sha256}`);
  }
  return { url, raw, data };
}

function reason(e: unknown, timeoutMs: number): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
    const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
    return `${e.message}${cause}`;
  }
  return String(e);
}

/**
 * Downloads `${file.name}.gz` from the first mirror that serves it intact.
 *
 * @throws NeuriteError listing every URL tried and why it failed.
 */
export async function fetchFromMirrors(
  file: DatasetFile,
  args: FetchMirrorsArgs,
): Promise<Fetched> {
  const { mirrors, timeoutMs = 120_000 } = args;
  const failures: string[] = [];
  for (const mirror of mirrors) {
    const url = mirrorUrl(mirror, `${file.name}.gz`);
    try {
      return await fetchOne(url, file, timeoutMs);
    } catch (e) {
      failures.push(`  ${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const tried = failures.length > 0 ? `tried:\n${failures.join('\n')}` : 'no mirrors given';
  throw new NeuriteError(`could not download '${file.name}.gz': ${tried}`);
}
