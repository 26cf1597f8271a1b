/**
 * Contour lines of a function sampled on a grid (marching squares), joined into polylines
 * so that a figure draws one path per line instead of one per grid cell. Saddle cells are
 * resolved by the value at the cell centre.
 */

/** One contour line: its level and its points, in order. */
export interface ContourLine {
  level: number;
  points: [number, number][];
}

// Edges of cell (i, j): 0 bottom, 1 right, 2 top, 3 left; segments by corner case
// (bit 0 = (i,j), 1 = (i+1,j), 2 = (i+1,j+1), 3 = (i,j+1) at or above the level).
const SEGMENTS: readonly (readonly (readonly [number, number])[])[] = [
  [],
  [[3, 0]],
  [[0, 1]],
  [[3, 1]],
  [[1, 2]],
  [], // saddle, resolved below
  [[0, 2]],
  [[3, 2]],
  [[2, 3]],
  [[0, 2]],
  [], // saddle
  [[1, 2]],
  [[1, 3]],
  [[0, 1]],
  [[0, 3]],
  [],
];

/**
 * Contour lines of `values` (row-major, `values[j·nx + i]` at `(xs[i], ys[j])`) at each
 * level. Cells with a non-finite corner are skipped.
 */
export function contourLines(
  xs: readonly number[],
  ys: readonly number[],
  values: ArrayLike<number>,
  levels: readonly number[],
): ContourLine[] {
  const nx = xs.length;
  const ny = ys.length;
  const v = (i: number, j: number): number => values[j * nx + i]!;
  const out: ContourLine[] = [];
  for (const level of levels) {
    // Segments as pairs of edge keys, and where each edge crosses the level.
    const where = new Map<string, [number, number]>();
    const segs: [string, string][] = [];
    const edge = (i: number, j: number, e: number): string => {
      // Shared edges get one key: bottom of (i,j+1) is top of (i,j), etc.
      const [key, a, b]: [string, [number, number], [number, number]] =
        e === 0
          ? [`h${i},${j}`, [i, j], [i + 1, j]]
          : e === 2
            ? [`h${i},${j + 1}`, [i, j + 1], [i + 1, j + 1]]
            : e === 3
              ? [`v${i},${j}`, [i, j], [i, j + 1]]
              : [`v${i + 1},${j}`, [i + 1, j], [i + 1, j + 1]];
      if (!where.has(key)) {
        const va = v(a[0], a[1]);
        const vb = v(b[0], b[1]);
        const t = va === vb ? 0.5 : (level - va) / (vb - va);
        const x = xs[a[0]]! + t * (xs[b[0]]! - xs[a[0]]!);
        const y = ys[a[1]]! + t * (ys[b[1]]! - ys[a[1]]!);
        where.set(key, [x, y]);
      }
      return key;
    };
    for (let j = 0; j + 1 < ny; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        const c = [v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)];
        if (!c.every(Number.isFinite)) continue;
        const k = c.reduce((acc, x, b) => acc | (x >= level ? 1 << b : 0), 0);
        let pairs = SEGMENTS[k]!;
        if (k === 5 || k === 10) {
          const centreAbove = (c[0]! + c[1]! + c[2]! + c[3]!) / 4 >= level;
          // Above-corners joined through the centre: cut off the below-corners instead.
          const aroundLow: (readonly [number, number])[] =
            k === 5
              ? [
                  [0, 1],
                  [2, 3],
                ]
              : [
                  [3, 0],
                  [1, 2],
                ];
          const aroundHigh: (readonly [number, number])[] =
            k === 5
              ? [
                  [3, 0],
                  [1, 2],
                ]
              : [
                  [0, 1],
                  [2, 3],
                ];
          pairs = centreAbove ? aroundLow : aroundHigh;
        }
        for (const [e1, e2] of pairs) segs.push([edge(i, j, e1), edge(i, j, e2)]);
      }
    }
    out.push(...joinSegments(segs, where, level));
  }
  return out;
}

/** Chains segments that share an edge into polylines. */
function joinSegments(
  segs: readonly [string, string][],
  where: ReadonlyMap<string, [number, number]>,
  level: number,
): ContourLine[] {
  const byKey = new Map<string, number[]>();
  segs.forEach(([a, b], s) => {
    for (const k of [a, b]) {
      const list = byKey.get(k);
      if (list) list.push(s);
      else byKey.set(k, [s]);
    }
  });
  const used = new Uint8Array(segs.length);
  const lines: ContourLine[] = [];
  // Walks from `key` along unused segments, appending edge keys.
  const walk = (key: string, chain: string[]): void => {
    let k = key;
    for (;;) {
      const next = (byKey.get(k) ?? []).find((s) => !used[s]);
      if (next === undefined) return;
      used[next] = 1;
      const [a, b] = segs[next]!;
      k = a === k ? b : a;
      chain.push(k);
    }
  };
  segs.forEach(([a, b], s) => {
    if (used[s]) return;
    used[s] = 1;
    const forward = [b];
    walk(b, forward);
    const backward: string[] = [];
    walk(a, backward);
    const keys = [...backward.reverse(), a, ...forward];
    lines.push({ level, points: keys.map((k) => where.get(k)!) });
  });
  return lines;
}

/** `count` levels evenly spaced strictly inside the finite range of `values`. */
export function evenLevels(values: ArrayLike<number>, count: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isFinite(x)) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  if (!(hi > lo)) return [];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * (i + 1)) / (count + 1));
}
