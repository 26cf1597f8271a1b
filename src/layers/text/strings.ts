/**
 * Plain JavaScript string arrays as the text layers take them. Neurite tensors hold numbers
 * only (float32, int32, bool), so text stays on the host as nested arrays of strings until
 * a text layer turns it into an int32 or float32 tensor; these helpers flatten such arrays
 * and check that they are rectangular, as a tensor would be.
 */
import { ValueError } from '../../errors.js';

/** A string, or arrays of strings nested as Keras nests string tensors (`[['a'], ['b']]`). */
export type NestedStrings = string | readonly NestedStrings[];

/** Values and shape of a rectangular nested array. */
export interface Flat<T> {
  values: T[];
  shape: number[];
}

/** The most nesting a text input may have (Keras's text layers take rank 2 at most). */
const MAX_DEPTH = 8;

/** True when `x` is a string or an array whose leaves are all strings. */
export function isNestedStrings(x: unknown, depth = 0): x is NestedStrings {
  if (typeof x === 'string') return true;
  if (!Array.isArray(x) || depth > MAX_DEPTH) return false;
  return x.length > 0 && x.every((e) => isNestedStrings(e, depth + 1));
}

/**
 * Flattens a rectangular nested array whose leaves pass `isLeaf`, in row-major order.
 * Throws a ValueError naming `where` when it is ragged, empty or holds another kind of leaf.
 */
export function flatten<T>(
  x: unknown,
  isLeaf: (v: unknown) => v is T,
  what: string,
  where: string,
): Flat<T> {
  const values: T[] = [];
  let shape: number[] | null = null;
  const visit = (v: unknown, path: number[]): void => {
    if (isLeaf(v)) {
      if (shape === null) shape = path.map(() => 0);
      if (shape.length !== path.length) ragged();
      values.push(v);
      return;
    }
    if (!Array.isArray(v)) {
      throw new ValueError(
        `${where}: expected ${what}, found ${v === null ? 'null' : typeof v} ${JSON.stringify(v)?.slice(0, 40) ?? ''} at [${path.join('][')}]`,
      );
    }
    if (path.length >= MAX_DEPTH) {
      throw new ValueError(`${where}: input is nested more than ${MAX_DEPTH} deep`);
    }
    if (v.length === 0) throw new ValueError(`${where}: expected ${what}, found an empty array`);
    (v as unknown[]).forEach((e, i) => visit(e, [...path, i]));
  };
  const ragged = (): never => {
    throw new ValueError(
      `${where}: the input must be rectangular (every row the same length), as a tensor`,
    );
  };
  visit(x, []);
  // Shape from the first path of each depth; check every row has the same length.
  const dims: number[] = [];
  let node: unknown = x;
  while (Array.isArray(node)) {
    dims.push(node.length);
    node = node[0];
  }
  const check = (v: unknown, d: number): void => {
    if (!Array.isArray(v)) return;
    if (v.length !== dims[d]) ragged();
    for (const e of v as unknown[]) check(e, d + 1);
  };
  check(x, 0);
  return { values, shape: dims };
}

/** Rebuilds nested arrays of `shape` from row-major `values`. */
export function unflatten<T>(values: readonly T[], shape: readonly number[]): T | unknown[] {
  if (shape.length === 0) return values[0]!;
  let pos = 0;
  const build = (d: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < shape[d]!; i++)
      out.push(d === shape.length - 1 ? values[pos++] : build(d + 1));
    return out;
  };
  return build(0);
}

/** True for a string. */
export const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * Orders tokens as Keras's adapt does: most frequent first, ties broken by the token in
 * descending order (NumPy's lexsort of UTF-8 bytes, reversed; code points order as bytes do).
 */
export function byCountThenToken<K extends string | number>(counts: ReadonlyMap<K, number>): K[] {
  const cmpToken = (a: K, b: K): number => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const sa = Array.from(String(a), (c) => c.codePointAt(0)!);
    const sb = Array.from(String(b), (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(sa.length, sb.length); i++)
      if (sa[i] !== sb[i]) return sa[i]! - sb[i]!;
    return sa.length - sb.length;
  };
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || cmpToken(b, a));
}
