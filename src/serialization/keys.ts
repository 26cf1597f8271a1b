/**
 * Spellings, written once: camelCase config keys (ours) ⇄ snake_case (Keras's and TF.js's
 * JSON), Keras's class name → snake_case rule (default layer names), the loose form the
 * registries look names up by, and the walkers that respell a whole config tree.
 *
 * A format whose spelling of a key is not the mechanical one (Keras's optimizer `clipnorm`,
 * `beta_1`; Keras 3's `batch_shape`) passes its own `KeyTable`: the exceptions belong to the
 * format, the rules here know none. Objects are rebuilt with `Object.fromEntries` so a
 * `__proto__` key in a file stays a plain key and never changes a prototype.
 */

/** TF.js's `toSnakeCase` (tfjs-layers `generic_utils`): `batchInputShape` → `batch_input_shape`; `beta1` stays. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** TF.js's `toCamelCase`: `kernel_initializer` → `kernelInitializer`, `beta_1` → `beta1`. */
export function toCamelCase(name: string): string {
  if (name.length <= 1 || !name.includes('_')) return name;
  return name.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Keras's `to_snake_case` for class names (`BatchNormalization` → `batch_normalization`,
 * `LeakyReLU` → `leaky_re_lu`, `Conv2D` → `conv2d`, `MaxPooling2D` → `max_pooling2d`): the
 * base of default layer names. Unlike TF.js's key rule, a digit does not start a word.
 */
export function classNameToSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The id a class gets unless its registration names one: `MaxPooling2D` → `maxPooling2d`. */
export function idFromClassName(className: string): string {
  return toCamelCase(classNameToSnakeCase(className));
}

/**
 * The form registries compare names in: `'sparse_categorical_crossentropy'`,
 * `'SparseCategoricalCrossentropy'` and `'sparseCategoricalCrossentropy'` are one key.
 */
export function looseKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** A format's spellings of the keys it does not spell mechanically: ours (camelCase) → its. */
export type KeyTable = Readonly<Record<string, string>>;

/** `key` as the format spells it: the table's entry, else TF.js's snake_case rule. */
export function snakeKey(key: string, table: KeyTable = {}): string {
  return Object.hasOwn(table, key) ? table[key]! : toSnakeCase(key);
}

/** A key of the format in our spelling: the table read backwards, else TF.js's camelCase rule. */
export function camelKey(key: string, table: KeyTable = {}): string {
  for (const [ours, theirs] of Object.entries(table)) if (theirs === key) return ours;
  return toCamelCase(key);
}

/** A flat config with its keys in our camelCase (`from_logits` → `fromLogits`). */
export function camelKeys<V>(
  config: Readonly<Record<string, V>>,
  table?: KeyTable,
): Record<string, V> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [camelKey(k, table), v]));
}

/** A flat config with its keys in the format's snake_case. */
export function snakeKeys<V>(
  config: Readonly<Record<string, V>>,
  table?: KeyTable,
): Record<string, V> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [snakeKey(k, table), v]));
}

// ---- config trees ------------------------------------------------------------------------

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonRecord = { [key: string]: Json };

/** What a walk met that it cannot convert: its key (ours) and value, and the class whose config it is. */
export interface WalkProblem {
  key: string;
  value: unknown;
  /** Set when `value` is the config of a serialized object and not an object. */
  className?: string;
}

/** How one format spells a config tree, for `toKerasTree` / `fromKerasTree`. */
export interface TreeSpelling {
  /** Keys the format spells otherwise than TF.js's rule, ours → its. */
  keys?: KeyTable;
  /** The format's keys that carry nothing for us: left out when reading. */
  dropped?: ReadonlySet<string>;
  /**
   * A value the format writes its own way, given our (camelCase) key: the converted value,
   * or undefined for the generic walk. Runs before anything else, on any value.
   */
  value?: (value: unknown, key: string) => Json | undefined;
  /** A class name in the output spelling (e.g. TF.js's `LeCunNormal` read as `LecunNormal`). */
  className?: (name: string, key: string) => string;
  /** Throws for what the format cannot hold (undefined, a function, a config that is no object). */
  fail: (problem: WalkProblem) => never;
}

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/**
 * One walk over a tree: keys respelled, arrays walked, and the serialized-object marker
 * (`className` ⇄ `class_name`) renamed, its config walked as a config.
 */
function walk(
  value: unknown,
  key: string,
  s: TreeSpelling,
  direction: 'toKeras' | 'fromKeras',
): Json {
  const special = s.value?.(value, key);
  if (special !== undefined) return special;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => walk(v, key, s, direction));
  if (!isRecord(value)) return s.fail({ key, value });
  const [from, to] =
    direction === 'toKeras' ? ['className', 'class_name'] : ['class_name', 'className'];
  const cls = Object.hasOwn(value, from) ? value[from] : undefined;
  if (typeof cls === 'string') {
    const config = Object.hasOwn(value, 'config') ? value.config : undefined;
    // A missing or null config is an empty one, as the readers and writers have always taken it.
    if (config === undefined || config === null || isRecord(config)) {
      const name = s.className ? s.className(cls, key) : cls;
      return { [to]: name, config: walkObject(config ?? {}, s, direction) };
    }
    if (direction === 'fromKeras') return s.fail({ key, value: config, className: cls });
  }
  return walkObject(value, s, direction);
}

function walkObject(
  o: Readonly<Record<string, unknown>>,
  s: TreeSpelling,
  direction: 'toKeras' | 'fromKeras',
): JsonRecord {
  const entries: [string, Json][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (direction === 'fromKeras' && s.dropped?.has(k)) continue;
    const ours = direction === 'toKeras' ? k : camelKey(k, s.keys);
    const out = direction === 'toKeras' ? snakeKey(k, s.keys) : ours;
    entries.push([out, walk(v, ours, s, direction)]);
  }
  return Object.fromEntries(entries);
}

/**
 * Our camelCase config → Keras JSON: snake_case keys, `{className, config}` written as
 * `{class_name, config}`, at every depth. String values are kept unless `value` says
 * otherwise.
 */
export function toKerasTree(
  config: Readonly<Record<string, unknown>>,
  spelling: TreeSpelling,
): JsonRecord {
  return walkObject(config, spelling, 'toKeras');
}

/** Keras JSON → our camelCase config: the reverse of `toKerasTree`. */
export function fromKerasTree(
  config: Readonly<Record<string, unknown>>,
  spelling: TreeSpelling,
): JsonRecord {
  return walkObject(config, spelling, 'fromKeras');
}
