/**
 * How an error message shows a value it received. Numbers print bare (their type is plain
 * from the digits); everything else says its type, so that `batchSize: '8'` reads
 * "received the string '8'" rather than the misleading "received 8".
 */
import { Tensor } from '../tensor/tensor.js';

/** Longest preview of a string or array kept in a message. */
const MAX_PREVIEW = 40;

function clip(text: string): string {
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

function previewArray(v: readonly unknown[]): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = undefined; // cycles or bigints: the item count alone is still useful
  }
  const count = `${v.length} item${v.length === 1 ? '' : 's'}`;
  return json === undefined ? `an array of ${count}` : `an array of ${count} ${clip(json)}`;
}

/**
 * `null`, `undefined`, `8`, `the string '8'`, `the boolean true`, `a Tensor of shape [2,3]
 * (float32)`, `an array of 1 item [[1,2,3,4]]`, `an object {onEpochEnd}`, `a Map`, `a function
 * (f)`.
 */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'string':
      return `the string '${clip(v)}'`;
    case 'boolean':
      return `the boolean ${v}`;
    case 'bigint':
      return `the bigint ${v}n`;
    case 'symbol':
      return `a symbol (${String(v.description)})`;
    case 'function':
      return v.name ? `a function (${v.name})` : 'a function';
    default:
      break;
  }
  if (v instanceof Tensor) {
    return v.isDisposed
      ? 'a disposed Tensor'
      : `a Tensor of shape [${v.shape.join(',')}] (${v.dtype})`;
  }
  if (Array.isArray(v)) return previewArray(v);
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object {}' : `an object {${clip(keys.join(', '))}}`;
  }
  const ctor = (v as { constructor?: { name?: unknown } }).constructor;
  const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'object';
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}
