/**
 * The argument layout of the jobs the thread pool runs: one list of names per job kind,
 * shared by the side that writes a job (parallel.ts) and the sides that read it (the
 * workers' source and the main thread's twin in thread-pool.ts), so that neither counts
 * positions by hand.
 */

/** matMul: pointers, batch strides, sizes, transposes, and how the job is cut. */
export const MATMUL_ARGS = [
  'a',
  'b',
  'c',
  'batchA',
  'batchB',
  'm',
  'k',
  'n',
  'transA',
  'transB',
  /** Rows of the output (batch × m). */
  'rows',
  /** 1 when chunks are column blocks, 0 for row blocks. */
  'byCols',
  /** Chunk boundaries are multiples of this many rows or columns. */
  'unit',
] as const;

/**
 * A kernel over a range: chunk i calls the export `RANGE_KERNELS[kernel]` with the `argc`
 * arguments after these four, then [lo, hi) (chunk i's cut of `len` in whole `unit`s),
 * then the thread's scratch, pack and tile buffers (which kernels without a product
 * ignore).
 */
export const RANGE_ARGS = ['kernel', 'len', 'unit', 'argc'] as const;
/** The exports a range job may call. */
export const RANGE_KERNELS = [
  'conv2dForward',
  'conv2dFilter',
  'conv2dInput',
  'maxPool',
  'maxPoolGrad',
  'matMulKBlocks',
] as const;
export type RangeKernel = (typeof RANGE_KERNELS)[number];

/** Adam: seven pointers and the element count (int32)… */
export const ADAM_INT_ARGS = ['x', 'g', 'm', 'v', 'xOut', 'mOut', 'vOut', 'n'] as const;
/** …then the step's constants (float32), right after them. */
export const ADAM_FLOAT_ARGS = ['alpha', 'c1', 'c2', 'eps'] as const;

/**
 * A window op's geometry (Backend's WindowGeometry) as the wasm kernels read it: int32 in
 * this order (asm/window-geometry.ts declares the same fields in the same order).
 */
export const WINDOW_GEOMETRY = [
  'n',
  'h',
  'w',
  'c',
  'kh',
  'kw',
  'sh',
  'sw',
  'dh',
  'dw',
  'ho',
  'wo',
  'padTop',
  'padLeft',
] as const;

type Index<T extends readonly string[]> = { readonly [K in T[number]]: number };

function indexOf<T extends readonly string[]>(names: T): Index<T> {
  return Object.fromEntries(names.map((n, i) => [n, i])) as Index<T>;
}

/** Slot of each matMul argument, from the start of the job's arguments. */
export const MATMUL = indexOf(MATMUL_ARGS);
/** Slot of each range job argument (the kernel's own arguments follow). */
export const RANGE = indexOf(RANGE_ARGS);
/** Slot of each Adam argument (the floats follow the ints). */
export const ADAM = {
  ...indexOf(ADAM_INT_ARGS),
  ...Object.fromEntries(ADAM_FLOAT_ARGS.map((n, i) => [n, ADAM_INT_ARGS.length + i])),
} as Index<typeof ADAM_INT_ARGS> & Index<typeof ADAM_FLOAT_ARGS>;

/** The values of a job's arguments in slot order. */
export function pack<T extends readonly string[]>(
  names: T,
  values: { readonly [K in T[number]]: number },
): number[] {
  return names.map((n: T[number]) => values[n]);
}
