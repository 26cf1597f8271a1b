/**
 * Bounds on what a load reads, so that a damaged or hostile `model.json` fails at once with
 * a ModelIOError naming the file and the part, instead of taking minutes and gigabytes (a
 * 200 MB model.json of numbers took 22 s and 2.9 GB to parse; 250 MB of `[{},{},…]` ran past
 * 500 s at 5.9 GB) or overflowing the stack (a layer config nested 1,500 levels deep).
 *
 * A topology is kilobytes: the weights live in the binary shards, not in the JSON. Every
 * bound below sits far above the largest real models (a few thousand layers, a few thousand
 * weights, JSON nested some dozens of levels) and far below what costs seconds of work.
 *
 * The checks run before the work they protect: the file size before the file is read, the
 * nesting depth and value counts in one linear scan of the text before `JSON.parse` (which
 * is what takes the time and memory), and an iterative walk over topologies handed over in
 * memory (IOHandlers, `fromMemory`) before anything recursive touches them.
 */
import { ModelIOError } from './model-io-error.js';

/** The largest model JSON file (`model.json`, `weights.json`) read: 32 MiB. */
export const MAX_MODEL_JSON_BYTES = 32 * 1024 * 1024;

/**
 * The deepest nesting of arrays and objects in a model JSON. A Keras config nests about a
 * dozen levels, plus three per nested model (at most 32 of them, see deserialize.ts): about
 * 110 at worst. Deserialization recurses once per level, so this also bounds its stack.
 */
export const MAX_JSON_DEPTH = 256;

/** The most arrays and objects in a model JSON (parsing millions of `{}` takes seconds). */
export const MAX_JSON_CONTAINERS = 2 ** 20;

/** The most values (array items and object members) in a model JSON. */
export const MAX_JSON_VALUES = 2 ** 22;

/** The most layers a topology may have, those of nested models included. */
export const MAX_LAYERS = 10_000;

/** The most layer calls (`inbound_nodes` entries) a topology may have, in all. */
export const MAX_INBOUND_NODES = 100_000;

/**
 * The longest chain of layer calls in a Functional graph. Building the model walks the graph
 * recursively (src/models/functional.ts), and a chain of ~5,500 overflows Node's stack; the
 * deepest Keras models chain about a thousand.
 */
export const MAX_GRAPH_DEPTH = 2_000;

/** The most entries in a weights manifest (model weights and optimizer slots together). */
export const MAX_WEIGHTS = 100_000;

/** The most shard files (4 MiB each when Neurite or TF.js writes them: 40 GB) and groups. */
export const MAX_SHARDS = 10_000;

/**
 * The largest single model file read (`.keras`, `.h5`, `.onnx`): 2 GiB, what Node reads into
 * one buffer; a WebAssembly tensor holds at most 1 GiB anyway.
 */
export const MAX_MODEL_FILE_BYTES = 2 ** 31 - 1;

const MiB = 1024 * 1024;

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

/** `a.b[3].c`, shortened after 8 steps; `steps` are `.key` or `[i]`. */
function renderPath(steps: readonly string[]): string {
  const shown = steps.length > 8 ? [...steps.slice(0, 8), '…'] : steps;
  const path = shown.join('');
  const trimmed = path.startsWith('.') ? path.slice(1) : path;
  return trimmed === '' ? 'the top level' : trimmed;
}

/** Refuses a model JSON file or buffer of more than MAX_MODEL_JSON_BYTES, before it is read. */
export function checkJsonBytes(bytes: number, where: string): void {
  if (bytes > MAX_MODEL_JSON_BYTES) {
    fail(
      where,
      `is ${bytes} bytes, more than the ${MAX_MODEL_JSON_BYTES / MiB} MiB a model JSON file may have (a topology is kilobytes; weights belong in the binary shards), so it is not read`,
    );
  }
}

/**
 * One linear scan of JSON text, before `JSON.parse`: refuses nesting deeper than
 * MAX_JSON_DEPTH and more than MAX_JSON_CONTAINERS arrays and objects or MAX_JSON_VALUES
 * values, naming the JSON path where the bound was crossed. Brackets inside strings do not
 * count. Malformed text is left for `JSON.parse` to report.
 */
export function checkJsonText(text: string, where: string): void {
  // Per open container, for the path in errors: array or object, the index of the current
  // item (arrays), where the current key lies in the text (objects).
  const isArray: boolean[] = [];
  const index: number[] = [];
  const keyAt: number[] = [];
  const keyEnd: number[] = [];
  let depth = 0;
  let containers = 0;
  let values = 0;
  let strAt = -1;
  let strEnd = -1;
  const path = (): string =>
    renderPath(
      isArray.slice(0, depth).map((arr, d) => {
        if (arr) return `[${index[d]!}]`;
        const at = keyAt[d]!;
        return at < 0 ? '' : `.${text.slice(at + 1, Math.min(keyEnd[d]!, at + 41))}`;
      }),
    );
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string: the next quote not escaped by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return; // unterminated: JSON.parse reports it
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c /* \ */) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      strAt = i;
      strEnd = j;
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= MAX_JSON_DEPTH) {
        fail(
          where,
          `${path()}: nested deeper than ${MAX_JSON_DEPTH} levels (a model JSON nests a few dozen); the file is damaged or not a model, so it is not parsed`,
        );
      }
      if (++containers > MAX_JSON_CONTAINERS) {
        fail(
          where,
          `${path()}: the file holds more than ${MAX_JSON_CONTAINERS} arrays and objects (a topology holds thousands); it is not parsed`,
        );
      }
      isArray[depth] = c === 0x5b;
      index[depth] = 0;
      keyAt[depth] = -1;
      keyEnd[depth] = -1;
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 0x3a /* : */) {
      // The string just read was the key of the innermost object.
      if (depth > 0) {
        keyAt[depth - 1] = strAt;
        keyEnd[depth - 1] = strEnd;
      }
    } else if (c === 0x2c /* , */) {
      if (depth > 0) index[depth - 1]!++;
      if (++values > MAX_JSON_VALUES) {
        fail(
          where,
          `${path()}: the file holds more than ${MAX_JSON_VALUES} values (a topology holds thousands); it is not parsed`,
        );
      }
    }
  }
}

/** Bytes a JSON scalar takes as text, near enough for a size bound. */
function scalarBytes(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'number') return String(v).length;
  return 5; // true, false, null
}

interface Frame {
  items: readonly unknown[] | null;
  keys: readonly string[];
  object: Readonly<Record<string, unknown>> | null;
  i: number;
}

/**
 * The bounds of `checkJsonBytes` and `checkJsonText`, for JSON-like values already in memory
 * (artifacts from an IOHandler or `fromMemory`): their size as JSON text, nesting depth and
 * counts, over all `parts` together, in one iterative walk that stops at the first bound
 * crossed. A cyclic value is refused as too deep.
 */
export function checkJsonValues(
  parts: readonly (readonly [name: string, value: unknown])[],
  where: string,
): void {
  let containers = 0;
  let values = 0;
  let bytes = 0;
  for (const [name, value] of parts) {
    if (value === undefined || value === null) continue;
    const frames: Frame[] = [];
    const path = (): string =>
      renderPath([
        `.${name}`,
        ...frames.map((f) => (f.items ? `[${f.i - 1}]` : `.${f.keys[f.i - 1]!.slice(0, 40)}`)),
      ]);
    const visit = (v: unknown): void => {
      if (++values > MAX_JSON_VALUES) {
        fail(
          where,
          `${path()}: holds more than ${MAX_JSON_VALUES} values (a topology holds thousands)`,
        );
      }
      if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
        if (frames.length >= MAX_JSON_DEPTH) {
          fail(
            where,
            `${path()}: nested deeper than ${MAX_JSON_DEPTH} levels (a model topology nests a few dozen; a cycle nests forever)`,
          );
        }
        if (++containers > MAX_JSON_CONTAINERS) {
          fail(
            where,
            `${path()}: holds more than ${MAX_JSON_CONTAINERS} arrays and objects (a topology holds thousands)`,
          );
        }
        bytes += 2;
        if (Array.isArray(v)) frames.push({ items: v, keys: [], object: null, i: 0 });
        else {
          const object = v as Readonly<Record<string, unknown>>;
          frames.push({ items: null, keys: Object.keys(object), object, i: 0 });
        }
      } else bytes += scalarBytes(v);
      if (bytes > MAX_MODEL_JSON_BYTES) {
        fail(
          where,
          `${path()}: is more than ${MAX_MODEL_JSON_BYTES / MiB} MiB as JSON, more than a model topology may be (it is kilobytes; weights belong in weightData)`,
        );
      }
    };
    visit(value);
    for (let f = frames.at(-1); f; f = frames.at(-1)) {
      if (f.items) {
        if (f.i < f.items.length) {
          bytes += 1;
          visit(f.items[f.i++]);
        } else frames.pop();
      } else if (f.i < f.keys.length) {
        const k = f.keys[f.i++]!;
        bytes += k.length + 4;
        visit(f.object![k]);
      } else frames.pop();
    }
  }
}

/**
 * Refuses more than `max` items of a kind: `<where>: <part>: <count> <noun>, more than the
 * <max> Neurite loads (<why>)`.
 */
export function checkCount(
  count: number,
  max: number,
  where: string,
  part: string,
  noun: string,
  why: string,
): void {
  if (count > max) {
    fail(
      where,
      `${part}: ${count} ${noun}, more than the ${max} Neurite loads (${why}); the file is damaged or not a model`,
    );
  }
}
