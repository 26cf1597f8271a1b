/**
 * Seeded two-class problems in the plane, for the decision-boundary figures: two blobs,
 * two moons, two circles and two interleaved spirals, each roughly within [-1.5, 1.5]².
 */
import { ValueError } from '../errors.js';
import { type Random, rngFor } from '../random/prng.js';

/**
 * The names of the toy two-class problems: blobs, moons, circles and spiral.
 *
 * @example
 * plots.TOY_DATASETS.includes('spiral'); // true
 */
export const TOY_DATASETS = ['blobs', 'moons', 'circles', 'spiral'] as const;
/**
 * One of {@link TOY_DATASETS}.
 */
export type ToyDatasetName = (typeof TOY_DATASETS)[number];

/**
 * Options of {@link toyDataset}.
 */
export interface ToyDatasetArgs {
  /** Number of points, split evenly between the classes. Default 200. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Default per set: blobs 0.45, moons 0.12, circles 0.08, spiral 0.06. */
  noise?: number;
  /** Seed of the generator. Default 0. */
  seed?: number;
}

/** Points `[x, y]` and labels 0/1, shuffled (so batches mix both classes). */
export interface ToyDataset {
  name: ToyDatasetName;
  points: [number, number][];
  labels: number[];
}

const NOISE: Readonly<Record<ToyDatasetName, number>> = {
  blobs: 0.45,
  moons: 0.12,
  circles: 0.08,
  spiral: 0.06,
};

/** Point i of class c (of n per class), before noise. */
const SHAPES: Readonly<
  Record<ToyDatasetName, (c: number, i: number, n: number) => [number, number]>
> = {
  blobs: (c) => (c === 0 ? [-0.8, -0.6] : [0.8, 0.6]),
  // scikit-learn's make_moons, centred: upper arc of class 0, lower arc of class 1.
  moons: (c, i, n) => {
    const t = (Math.PI * i) / Math.max(1, n - 1);
    return c === 0
      ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25]
      : [1 - Math.cos(t) - 0.5, 0.5 - Math.sin(t) - 0.25];
  },
  circles: (c, i, n) => {
    const t = (2 * Math.PI * i) / n;
    const r = c === 0 ? 1.2 : 0.5;
    return [r * Math.cos(t), r * Math.sin(t)];
  },
  // Two arms of 1.5 turns each, the second rotated by π.
  spiral: (c, i, n) => {
    const s = i / n;
    const t = 3 * Math.PI * s + c * Math.PI;
    const r = 0.15 + 1.2 * s;
    return [r * Math.cos(t), r * Math.sin(t)];
  },
};

function shuffleTogether(rng: Random, points: [number, number][], labels: number[]): void {
  for (let i = points.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [points[i], points[j]] = [points[j]!, points[i]!];
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
}

/**
 * One of the toy problems, reproducible from its seed.
 *
 * @throws ValueError for an unknown name, fewer than 2 samples or a negative noise.
 * @example
 * const { points, labels } = plots.toyDataset('moons', { samples: 100, seed: 1 });
 */
export function toyDataset(name: string, args: ToyDatasetArgs = {}): ToyDataset {
  if (!(TOY_DATASETS as readonly string[]).includes(name)) {
    throw new ValueError(
      `plots: unknown dataset '${name}'; expected one of ${TOY_DATASETS.join(', ')}`,
    );
  }
  const set = name as ToyDatasetName;
  const { samples = 200, noise = NOISE[set], seed = 0 } = args;
  if (!Number.isInteger(samples) || samples < 2)
    throw new ValueError(`plots: samples must be an integer >= 2, received ${samples}`);
  if (!(noise >= 0)) throw new ValueError(`plots: noise must be >= 0, received ${noise}`);
  const rng = rngFor(seed);
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let c = 0; c < 2; c++) {
    const n = c === 0 ? Math.ceil(samples / 2) : Math.floor(samples / 2);
    for (let i = 0; i < n; i++) {
      const [x, y] = SHAPES[set](c, i, n);
      points.push([x + noise * rng.normal(), y + noise * rng.normal()]);
      labels.push(c);
    }
  }
  shuffleTogether(rng, points, labels);
  return { name: set, points, labels };
}
