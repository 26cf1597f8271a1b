/**
 * The playground's data: seeded generators of the 2-D problems (in [-6, 6]², as
 * TensorFlow Playground draws them), the train/test split and the input features. Pure
 * and deterministic: the same seed gives the same points in every browser and in Node.
 * code.ts prints the same generators into the program it shows; a test keeps them equal.
 */
import type { DatasetId, FeatureId, Point, PlaygroundState } from './state.js';
import { classCount } from './state.js';

/** The half-width of the square the points live in. */
export const DOMAIN = 6;

/** Mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

type Generator = (n: number, classes: number, noise: number, rand: () => number) => Point[];

/**
 * The generators. `noise` is 0..0.5; each scales it to its own shape. Point i goes to class
 * i mod classes, so the classes are balanced.
 */
const GENERATORS: Record<Exclude<DatasetId, 'custom'>, Generator> = {
  blobs: (n, classes, noise, rand) =>
    Array.from({ length: n }, (_, i) => {
      const c = i % classes;
      const a = (2 * Math.PI * c) / classes + Math.PI / 4;
      const sd = 0.5 + 4 * noise;
      return {
        x: 3 * Math.cos(a) + sd * gaussian(rand),
        y: 3 * Math.sin(a) + sd * gaussian(rand),
        label: c,
      };
    }),
  moons: (n, _classes, noise, rand) =>
    Array.from({ length: n }, (_, i) => {
      const c = i % 2;
      const t = Math.PI * rand();
      const x = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const y = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      return {
        x: 2.6 * (x - 0.5 + noise * gaussian(rand)),
        y: 2.6 * (y - 0.25 + noise * gaussian(rand)),
        label: c,
      };
    }),
  circles: (n, _classes, noise, rand) =>
    Array.from({ length: n }, (_, i) => {
      const c = i % 2;
      const r = c === 0 ? 5 * (0.7 + 0.3 * rand()) : 5 * 0.5 * rand();
      const a = 2 * Math.PI * rand();
      return {
        x: r * Math.cos(a) + 2.5 * noise * gaussian(rand),
        y: r * Math.sin(a) + 2.5 * noise * gaussian(rand),
        label: c,
      };
    }),
  xor: (n, _classes, noise, rand) =>
    Array.from({ length: n }, () => {
      const pad = (v: number): number => (v > 0 ? v + 0.3 : v - 0.3);
      const x = pad(10 * rand() - 5);
      const y = pad(10 * rand() - 5);
      return {
        x: x + 2.5 * noise * gaussian(rand),
        y: y + 2.5 * noise * gaussian(rand),
        label: x * y > 0 ? 0 : 1,
      };
    }),
  spiral: (n, classes, noise, rand) =>
    Array.from({ length: n }, (_, i) => {
      const c = i % classes;
      const s = rand();
      const r = 5 * s;
      const t = 1.75 * 2 * Math.PI * s + (2 * Math.PI * c) / classes;
      return {
        x: r * Math.sin(t) + 2 * noise * gaussian(rand),
        y: r * Math.cos(t) + 2 * noise * gaussian(rand),
        label: c,
      };
    }),
};

/** The state's points: generated from its seed, or its custom points. */
export function makePoints(s: Readonly<PlaygroundState>): Point[] {
  if (s.data === 'custom') return s.custom.map((p) => ({ ...p }));
  return GENERATORS[s.data](s.points, classCount(s), s.noise / 100, mulberry32(s.seed));
}

/** Train and test points. */
export interface Split {
  train: Point[];
  test: Point[];
}

/** Shuffles (seeded) and splits: the first `trainPercent` per cent train, the rest test. */
export function splitPoints(points: readonly Point[], trainPercent: number, seed: number): Split {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const p = points.map((q) => ({ ...q }));
  for (let i = p.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  const nTrain = Math.min(p.length - 1, Math.max(1, Math.round((p.length * trainPercent) / 100)));
  return { train: p.slice(0, nTrain), test: p.slice(nTrain) };
}

/** Each feature of a point (x1, x2). */
export const FEATURE_FNS: Record<FeatureId, (x1: number, x2: number) => number> = {
  x1: (x1) => x1,
  x2: (_x1, x2) => x2,
  x1sq: (x1) => x1 * x1,
  x2sq: (_x1, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  sinx1: (x1) => Math.sin(x1),
  sinx2: (_x1, x2) => Math.sin(x2),
};

/** The features of points, row-major [n, features.length]. */
export function featureMatrix(
  xy: readonly { x: number; y: number }[],
  features: readonly FeatureId[],
): Float32Array {
  const out = new Float32Array(xy.length * features.length);
  const fns = features.map((f) => FEATURE_FNS[f]);
  xy.forEach((p, i) => fns.forEach((fn, j) => (out[i * fns.length + j] = fn(p.x, p.y))));
  return out;
}

/** The centres of a res×res grid over the domain, row by row from the top (y = +6). */
export function gridPoints(res: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      out.push({
        x: -DOMAIN + ((c + 0.5) * 2 * DOMAIN) / res,
        y: DOMAIN - ((r + 0.5) * 2 * DOMAIN) / res,
      });
    }
  }
  return out;
}

/** A seeded permutation of 0..n-1 (the order of one epoch's batches). */
export function permutation(n: number, rand: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
