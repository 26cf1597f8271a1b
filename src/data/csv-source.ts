/**
 * Where CSV text comes from, read lazily in chunks: a file path (Node, read as a stream), a
 * `file://` URL (Node) or an `http(s)://` URL (fetch, streamed), a Blob or File (browsers,
 * Node ≥ 20), or the CSV text itself. Node modules are imported only on the paths that use
 * them, so this module is safe in a browser bundle.
 */
import { NeuriteError, ValueError } from '../errors.js';
import { describeValue } from '../training/describe-value.js';

/**
 * A CSV source: a path or URL (string or `URL`), a Blob, or CSV text. A string holding a
 * line break is CSV text; one starting with a scheme (`https://`, `file://`) is a URL; any
 * other string is a file path (a URL relative to the page in a browser).
 *
 * @example
 * const sources: nn.data.CsvSource[] = ['data.csv', 'https://example.com/d.csv', 'a,b\n1,2\n'];
 */
export type CsvSource = string | URL | Blob;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Text chunks are at most this long: a large string source is parsed piece by piece too. */
const CHUNK = 1 << 16;

type Kind =
  | { kind: 'text'; text: string }
  | { kind: 'path'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'blob'; blob: Blob };

function classify(source: unknown): Kind {
  if (typeof source === 'string') {
    if (/[\r\n]/.test(source)) return { kind: 'text', text: source };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return { kind: 'url', url: source };
    if (source === '') {
      throw new ValueError(
        'data.csv: the source is an empty string; give a file path, a URL, a Blob or CSV text',
      );
    }
    return isNode ? { kind: 'path', path: source } : { kind: 'url', url: source };
  }
  if (source instanceof URL) return { kind: 'url', url: source.href };
  if (typeof Blob !== 'undefined' && source instanceof Blob) return { kind: 'blob', blob: source };
  throw new ValueError(
    `data.csv: the source must be a file path, a URL, a Blob or CSV text, received ${describeValue(source)}`,
  );
}

/** How error messages name the source: `'data.csv'`, `'https://…'`, `(CSV text)`, `(Blob)`. */
export function describeCsvSource(source: unknown): string {
  const k = classify(source);
  switch (k.kind) {
    case 'text':
      return '(CSV text)';
    case 'path':
      return `'${k.path}'`;
    case 'url':
      return `'${k.url}'`;
    case 'blob': {
      const name = (k.blob as { name?: unknown }).name;
      return typeof name === 'string' ? `'${name}'` : '(Blob)';
    }
  }
}

/** Checks the source now (its type), so that a bad argument fails at `data.csv`, not later. */
export function checkCsvSource(source: unknown): void {
  classify(source);
}

async function* decodeStream(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<string, void, undefined> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  let done = false;
  try {
    while (true) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        break;
      }
      yield decoder.decode(r.value, { stream: true });
    }
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  } finally {
    // Stopped early: stop the download or the read.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

async function* readPath(path: string, shown: string): AsyncGenerator<string, void, undefined> {
  const { createReadStream } = await import('node:fs');
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  const decoder = new TextDecoder('utf-8');
  const chunks = stream[Symbol.asyncIterator]();
  try {
    while (true) {
      let r: IteratorResult<unknown>;
      try {
        r = await chunks.next();
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        const why =
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
              ? 'it is a folder'
              : e instanceof Error
                ? e.message
                : String(e);
        throw new NeuriteError(`data.csv: cannot read ${shown}: ${why}`);
      }
      if (r.done) break;
      yield decoder.decode(r.value as Uint8Array, { stream: true });
    }
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  } finally {
    stream.destroy();
  }
}

/**
 * The path a `file:` URL names. `file:///abs/x.csv` (or `file://localhost/…`) is absolute;
 * `file://x.csv` and `file://./x.csv` are relative to the working directory, as tfjs-node's
 * `file://` handler reads them (the rest after the scheme).
 */
async function fileUrlPath(url: string, shown: string): Promise<string> {
  const rest = url.startsWith('file://') ? url.slice('file://'.length) : null;
  if (rest !== null && rest !== '' && !rest.startsWith('/') && !/^localhost\//i.test(rest)) {
    return rest;
  }
  const { fileURLToPath } = await import('node:url');
  try {
    return fileURLToPath(url);
  } catch (e) {
    throw new ValueError(
      `data.csv: cannot read ${shown}: not a file URL that names a file (${e instanceof Error ? e.message : String(e)}); use 'file:///absolute/path.csv', 'file://relative/path.csv' or a plain path`,
    );
  }
}

async function* fetchUrl(url: string, shown: string): AsyncGenerator<string, void, undefined> {
  if (isNode && url.startsWith('file:')) {
    yield* readPath(await fileUrlPath(url, shown), shown);
    return;
  }
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new NeuriteError(
      `data.csv: cannot fetch ${shown}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new NeuriteError(`data.csv: cannot fetch ${shown}: HTTP ${res.status} ${res.statusText}`);
  }
  if (!res.body) {
    yield await res.text();
    return;
  }
  yield* decodeStream(res.body);
}

/** The text of `source`, in chunks, read only as far as the consumer asks. */
export async function* csvText(source: CsvSource): AsyncGenerator<string, void, undefined> {
  const k = classify(source);
  const shown = describeCsvSource(source);
  switch (k.kind) {
    case 'text':
      for (let i = 0; i < k.text.length; i += CHUNK) yield k.text.slice(i, i + CHUNK);
      return;
    case 'path':
      yield* readPath(k.path, shown);
      return;
    case 'url':
      yield* fetchUrl(k.url, shown);
      return;
    case 'blob':
      yield* decodeStream(k.blob.stream());
      return;
  }
}
