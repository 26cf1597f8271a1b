/**
 * The zip container of a `.keras` file, read and written in memory with fflate. Reading
 * checks every entry's name and declared size before anything is inflated: an absolute or
 * `..` name is refused (nothing is ever extracted, but such a name marks a hostile file),
 * and an entry declaring more than its limit, or expanding more than 100× past 64 MiB (a
 * zip bomb; Keras stores its entries uncompressed), is refused without inflating it.
 */
import { unzipSync, zipSync } from 'fflate';
import { ModelIOError } from '../model-io-error.js';
import { MAX_MODEL_FILE_BYTES, MAX_MODEL_JSON_BYTES } from '../limits.js';

/** The 4 bytes a zip file starts with (a local file header). */
export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether `bytes` start like a zip file. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** The most entries a `.keras` file may list (Keras writes three, plus assets). */
const MAX_ENTRIES = 10_000;
/** Above this, an entry expanding more than MAX_RATIO× is a bomb. */
const BOMB_FLOOR = 64 * 1024 * 1024;
const MAX_RATIO = 100;

/** What may be read of a `.keras` file: entry name → most bytes it may declare. */
export type EntryLimits = Readonly<Record<string, number>>;

/** Default limits: the JSON files as model JSON, the weights as a model file. */
export const KERAS_ENTRY_LIMITS: EntryLimits = {
  'config.json': MAX_MODEL_JSON_BYTES,
  'metadata.json': 1024 * 1024,
  'model.weights.h5': MAX_MODEL_FILE_BYTES,
};

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${message}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The entries of a zip file named in `limits` (others are listed, checked and skipped).
 *
 * @throws ModelIOError naming the file and the entry for a damaged or truncated zip, an
 *   unsafe entry name, or an entry over its limit.
 */
export function readZip(
  bytes: Uint8Array,
  where: string,
  limits: EntryLimits = KERAS_ENTRY_LIMITS,
): Map<string, Uint8Array> {
  if (!isZip(bytes))
    fail(
      where,
      'not a zip file (a .keras file is a zip archive): it does not start with PK\\x03\\x04',
    );
  const declared = new Map<string, number>();
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (++count > MAX_ENTRIES) fail(where, `the zip lists more than ${MAX_ENTRIES} entries`);
        const name = f.name;
        if (/^[\\/]|^[A-Za-z]:|(^|[\\/])\.\.([\\/]|$)/.test(name) || name.includes('\0')) {
          fail(
            where,
            `zip entry '${name}' has an unsafe name (absolute or with '..'); the file is damaged or hostile, and is not read`,
          );
        }
        if (!Object.hasOwn(limits, name)) return false;
        const limit = limits[name]!;
        if (f.originalSize > limit) {
          fail(
            where,
            `zip entry '${name}' declares ${f.originalSize} bytes, more than the ${limit} it may have; it is not inflated`,
          );
        }
        if (f.originalSize > BOMB_FLOOR && f.originalSize > MAX_RATIO * f.size) {
          fail(
            where,
            `zip entry '${name}' declares ${f.originalSize} bytes from ${f.size} stored (a zip bomb?); it is not inflated`,
          );
        }
        if (f.compression !== 0 && f.compression !== 8)
          fail(
            where,
            `zip entry '${name}' uses compression method ${f.compression}; expected stored (0) or deflate (8)`,
          );
        declared.set(name, f.originalSize);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ModelIOError) throw e;
    fail(where, `damaged or truncated zip file: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (data.length !== declared.get(name)) {
      fail(
        where,
        `zip entry '${name}' holds ${data.length} bytes but declares ${declared.get(name)}; the file is damaged`,
      );
    }
    out.set(name, data);
  }
  return out;
}

/** A zip file of `entries`, stored uncompressed as Keras writes them. */
export function writeZip(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
  const mtime = new Date();
  for (const [name, data] of entries) files[name] = [data, { level: 0, mtime }];
  return zipSync(files, { level: 0 });
}
