/**
 * Shape work for the wasm kernels, as pure functions: each collapses a broadcast, a
 * reduction or a transpose into the few loop forms the kernels implement (dropping size-1
 * dimensions and merging adjacent dimensions that behave alike), or returns null when the
 * result does not fit and the backend must use its JS fallback.
 */
import type { Shape } from '../../tensor/shape.js';

/** One JS-side loop around the kernel: `n` steps, advancing each operand by its stride. */
export interface OuterLoop {
  readonly n: number;
  readonly a: number;
  readonly b: number;
  readonly out: number;
}

/**
 * A broadcast binary op as the kernel's two levels (`rows` x `cols`, see asm/binary.ts)
 * inside zero or more outer loops (outermost first). Strides are in elements.
 */
export interface BinaryPlan {
  readonly outer: readonly OuterLoop[];
  readonly rows: number;
  readonly cols: number;
  readonly aRow: number;
  readonly aVec: boolean;
  readonly bRow: number;
  readonly bVec: boolean;
}

interface Dim {
  n: number;
  aB: boolean;
  bB: boolean;
}

export function planBinary(aShape: Shape, bShape: Shape, outShape: Shape): BinaryPlan {
  const r = outShape.length;
  const dims: Dim[] = [];
  for (let i = 0; i < r; i++) {
    const n = outShape[i]!;
    if (n === 1) continue;
    const aB = (aShape[aShape.length - r + i] ?? 1) === 1;
    const bB = (bShape[bShape.length - r + i] ?? 1) === 1;
    const last = dims[dims.length - 1];
    if (last && last.aB === aB && last.bB === bB) last.n *= n;
    else dims.push({ n, aB, bB });
  }
  const inner = dims.pop() ?? { n: 1, aB: false, bB: false };
  const cols = inner.n;
  const aVec = !inner.aB;
  // Both operands cannot repeat along a dimension longer than 1; with cols = 1 either form works.
  const bVec = !inner.bB || !aVec;
  let aSpan = aVec ? cols : 1;
  let bSpan = inner.bB ? 1 : cols;
  let oSpan = cols;
  let rows = 1;
  let aRow = 0;
  let bRow = 0;
  const row = dims.pop();
  if (row) {
    rows = row.n;
    aRow = row.aB ? 0 : aSpan;
    bRow = row.bB ? 0 : bSpan;
    if (!row.aB) aSpan *= rows;
    if (!row.bB) bSpan *= rows;
    oSpan *= rows;
  }
  const outer: OuterLoop[] = [];
  for (let i = dims.length - 1; i >= 0; i--) {
    const d = dims[i]!;
    outer.unshift({ n: d.n, a: d.aB ? 0 : aSpan, b: d.bB ? 0 : bSpan, out: oSpan });
    if (!d.aB) aSpan *= d.n;
    if (!d.bB) bSpan *= d.n;
    oSpan *= d.n;
  }
  return { outer, rows, cols, aRow, aVec, bRow, bVec };
}

/**
 * A reduction as `inner` (out[o] = op over x[o*n .. o*n+n)) or `outer` (out[o*n + j] = op
 * over r of x[(o*rows + r)*n + j]).
 */
export type ReducePlan =
  | { readonly kind: 'inner'; readonly outer: number; readonly n: number }
  | { readonly kind: 'outer'; readonly outer: number; readonly rows: number; readonly n: number };

export function planReduce(shape: Shape, axes: readonly number[]): ReducePlan | null {
  const dims: { n: number; red: boolean }[] = [];
  shape.forEach((n, i) => {
    if (n === 1) return;
    const red = axes.includes(i);
    const last = dims[dims.length - 1];
    if (last && last.red === red) last.n *= n;
    else dims.push({ n, red });
  });
  const [d0, d1, d2] = dims;
  if (dims.length === 0) return { kind: 'inner', outer: 1, n: 1 };
  if (dims.length === 1) {
    return d0!.red ? { kind: 'inner', outer: 1, n: d0!.n } : { kind: 'inner', outer: d0!.n, n: 1 };
  }
  if (dims.length === 2) {
    return d1!.red
      ? { kind: 'inner', outer: d0!.n, n: d1!.n }
      : { kind: 'outer', outer: 1, rows: d0!.n, n: d1!.n };
  }
  if (dims.length === 3 && d1!.red) return { kind: 'outer', outer: d0!.n, rows: d1!.n, n: d2!.n };
  return null;
}

/** A transpose as a copy (`batch` 0) or `batch` 2-D transposes of rows x cols. */
export interface TransposePlan {
  readonly batch: number;
  readonly rows: number;
  readonly cols: number;
}

export function planTranspose(shape: Shape, perm: readonly number[]): TransposePlan | null {
  // Drop size-1 axes, renumbering the rest.
  const kept = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  const rank = new Map(kept.map((axis, j) => [axis, j]));
  const p = perm.filter((a) => shape[a] !== 1).map((a) => rank.get(a)!);
  const dims = kept.map((a) => shape[a]!);
  // Group runs of output axes that read consecutive input axes.
  const groups: number[][] = [];
  for (const a of p) {
    const g = groups[groups.length - 1];
    if (g && g[g.length - 1]! + 1 === a) g.push(a);
    else groups.push([a]);
  }
  if (groups.length <= 1) return { batch: 0, rows: 0, cols: 0 };
  const byInput = [...groups].sort((x, y) => x[0]! - y[0]!);
  const size = (g: number[]): number => g.reduce((s, a) => s * dims[a]!, 1);
  const order = groups.map((g) => byInput.indexOf(g));
  if (groups.length === 2) return { batch: 1, rows: size(byInput[0]!), cols: size(byInput[1]!) };
  if (groups.length === 3 && order[0] === 0 && order[1] === 2 && order[2] === 1) {
    return { batch: size(byInput[0]!), rows: size(byInput[1]!), cols: size(byInput[2]!) };
  }
  return null;
}
