/**
 * Factories take one options object (`nn.optimizers.adam({learningRate: 0.1})`), never
 * positional values. TF.js and Keras habits write `adam(0.1)` or `dense(64)`; destructuring
 * a number gives no options at all, so the call would silently build the defaults (adam at
 * 0.001). Every registered factory checks its argument here and says what to write instead.
 */
import { ValueError } from '../errors.js';
import { closest } from './did-you-mean.js';

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** A value as the options-object error shows it: `the number 0.1`, `a Tensor`, `null`. */
export function describeArgument(v: unknown): string {
  switch (typeof v) {
    case 'number':
    case 'boolean':
    case 'bigint':
      return `the ${typeof v} ${String(v)}`;
    case 'string':
      return `the string '${clip(v)}'`;
    case 'function':
      return v.name ? `a function (${v.name})` : 'a function';
    case 'object':
      break;
    default:
      return String(v); // undefined, a symbol
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length} item${v.length === 1 ? '' : 's'}`;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object {}' : `an object {${clip(keys.join(', '))}}`;
  }
  // A class instance: its class says what it is (`a Tensor`, `a Map`).
  const name: unknown = v.constructor?.name;
  const shown = typeof name === 'string' && name !== '' ? name : 'object';
  return `${/^[AEIOU]/.test(shown) ? 'an' : 'a'} ${shown}`;
}

/** Whether `v` can be an options object: a plain object (or absent: the defaults). */
function isOptions(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v))
    return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Who calls: the factory's public path and the option a bare value most likely meant. */
export interface FactoryName {
  /** `nn.optimizers` */
  namespace: string;
  /** `adam` */
  name: string;
  /** `learningRate`: a bare value `x` is shown as `{learningRate: x}`. */
  positional?: string;
  /**
   * Added when the argument is an object of another kind (a Tensor, an array): the usage a
   * TF.js habit missed, e.g. that a loss is built first and then called on tensors.
   */
  note?: string;
}

/**
 * Throws a ValueError unless `options` is an options object or undefined, e.g.
 * `adam: expected an options object, received the number 0.1; write
 * nn.optimizers.adam({learningRate: 0.1})`.
 */
export function checkOptions(
  options: unknown,
  { namespace, name, positional, note }: FactoryName,
): void {
  if (isOptions(options)) return;
  const primitive =
    typeof options === 'number' || typeof options === 'boolean' || typeof options === 'string';
  const shown = typeof options === 'string' ? `'${clip(options)}'` : String(options);
  const call =
    positional === undefined
      ? `${namespace}.${name}({...}) with its options named`
      : `${namespace}.${name}({${positional}: ${primitive ? shown : '…'}})`;
  const more = note !== undefined && !primitive && options !== null ? `; ${note}` : '';
  throw new ValueError(
    `${name}: expected an options object, received ${describeArgument(options)}; write ${call}${more}`,
  );
}

/**
 * Throws a ValueError when `options` has a key outside `valid` (Keras 3 refuses unknown
 * keyword arguments; a typo such as `activaton` would otherwise build the defaults):
 * `nn.layers.dense: unknown option 'activaton' (did you mean 'activation'?); valid options:
 * …`. `renamed` gives the key to suggest for names of other libraries (`lr` → `learningRate`).
 * Keys whose value is undefined are checked too: `{lr: undefined}` is still a typo.
 */
export function checkKeys(
  options: unknown,
  valid: Iterable<string>,
  where: string,
  renamed: Readonly<Record<string, string>> = {},
): void {
  if (typeof options !== 'object' || options === null) return;
  const known = [...new Set(valid)];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = Object.hasOwn(renamed, key) ? renamed[key] : closest(key, known);
    const mean = hint === undefined ? '' : ` (did you mean '${hint}'?)`;
    throw new ValueError(
      `${where}: unknown option '${clip(key)}'${mean}; valid options: ${[...known].sort().join(', ')}`,
    );
  }
}
