/**
 * The playground's whole state (data, features, network, training settings) and its
 * round trip through the URL. Pure: no DOM, no tensors. A value the URL gets wrong falls
 * back to its default (and is reported), so a hand-edited link never breaks the page.
 */

/** The data sets: five generated ones and the user's own points (drawn or from a CSV). */
export const DATASETS = ['moons', 'circles', 'xor', 'spiral', 'blobs', 'custom'] as const;
export type DatasetId = (typeof DATASETS)[number];

/** Input features computed from the point (x1, x2), as TensorFlow Playground offers them. */
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type FeatureId = (typeof FEATURES)[number];

/** Hidden-layer activations offered (Neurite's activation ids). */
export const ACTIVATIONS = [
  'relu',
  'tanh',
  'sigmoid',
  'linear',
  'leakyRelu',
  'elu',
  'gelu',
  'silu',
] as const;
export type ActivationId = (typeof ACTIVATIONS)[number];

/** Optimizers offered; `momentum` is SGD with momentum 0.9. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', 'nadam'] as const;
export type OptimizerId = (typeof OPTIMIZERS)[number];

export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type RegularizationId = (typeof REGULARIZATIONS)[number];

/** Limits of the controls (Playground stops at 6 layers of 8 units). */
export const LIMITS = {
  maxLayers: 8,
  maxUnits: 64,
  minClasses: 2,
  maxClasses: 5,
  /** Classes a CSV may have (labels 0..7). */
  maxCustomClasses: 8,
  minPoints: 20,
  maxPoints: 1000,
  /** Custom points kept in the URL (rounded to 2 decimals). */
  maxUrlPoints: 1000,
} as const;

/** One labelled point in the plane, the data's domain being [-6, 6]². */
export interface Point {
  x: number;
  y: number;
  label: number;
}

/** One hidden layer. */
export interface LayerSpec {
  units: number;
  activation: ActivationId;
}

/** Everything that defines an experiment; reloading it reproduces the same run. */
export interface PlaygroundState {
  data: DatasetId;
  /** Classes of blobs and spiral (the other generated sets have two). */
  classes: number;
  /** Points generated. */
  points: number;
  /** Noise, 0..50 (per cent of the data's scale). */
  noise: number;
  /** Per cent of the points used for training; the rest is the test set. */
  trainPercent: number;
  /** Seeds the data, the split, the shuffles and the network's initial weights. */
  seed: number;
  /** The user's points (data 'custom'). */
  custom: Point[];
  features: FeatureId[];
  layers: LayerSpec[];
  /** Dropout rate after every hidden layer, 0 (none) to 0.8. */
  dropout: number;
  regularization: RegularizationId;
  regRate: number;
  optimizer: OptimizerId;
  learningRate: number;
  batchSize: number;
}

export const DEFAULT_STATE: Readonly<PlaygroundState> = {
  data: 'moons',
  classes: 2,
  points: 400,
  noise: 10,
  trainPercent: 50,
  seed: 1,
  custom: [],
  features: ['x1', 'x2'],
  layers: [
    { units: 8, activation: 'relu' },
    { units: 8, activation: 'relu' },
  ],
  dropout: 0,
  regularization: 'none',
  regRate: 0.001,
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 10,
};

/** A fresh copy of the default state. */
export function defaultState(): PlaygroundState {
  return cloneState(DEFAULT_STATE);
}

/** A deep copy. */
export function cloneState(s: Readonly<PlaygroundState>): PlaygroundState {
  return {
    ...s,
    custom: s.custom.map((p) => ({ ...p })),
    features: [...s.features],
    layers: s.layers.map((l) => ({ ...l })),
  };
}

/** How many classes the state's data has (custom: the largest label + 1, at least 2). */
export function classCount(s: Readonly<PlaygroundState>): number {
  if (s.data === 'blobs' || s.data === 'spiral') return s.classes;
  if (s.data === 'custom') return Math.max(2, ...s.custom.map((p) => p.label + 1));
  return 2;
}

function isOneOf<T extends string>(list: readonly T[], v: string | null): v is T {
  return v !== null && (list as readonly string[]).includes(v);
}

/** A finite number from the URL within [min, max], or null. */
function num(v: string | null, min: number, max: number, integer: boolean): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) return null;
  if (integer && !Number.isInteger(n)) return null;
  return n;
}

/** Encodes points as `x,y,label;…` with two decimals. */
export function encodePoints(points: readonly Point[]): string {
  const r = (v: number): string => String(Math.round(v * 100) / 100);
  return points.map((p) => `${r(p.x)},${r(p.y)},${p.label}`).join(';');
}

/** Decodes {@link encodePoints}; null if any part is malformed. */
export function decodePoints(text: string): Point[] | null {
  if (text === '') return [];
  const out: Point[] = [];
  for (const part of text.split(';')) {
    const [x, y, label, extra] = part.split(',').map(Number);
    if (
      extra !== undefined ||
      x === undefined ||
      y === undefined ||
      label === undefined ||
      !Number.isFinite(x) ||
      !Number.isFinite(y) ||
      !Number.isInteger(label) ||
      label < 0 ||
      label >= LIMITS.maxCustomClasses
    ) {
      return null;
    }
    out.push({ x, y, label });
  }
  return out;
}

/** The URL parameters of a state (all of it: a link reproduces the run). */
export function stateToParams(s: Readonly<PlaygroundState>): Record<string, string | number> {
  const p: Record<string, string | number> = {
    data: s.data,
    n: s.points,
    noise: s.noise,
    train: s.trainPercent,
    seed: s.seed,
    feat: s.features.join(','),
    layers: s.layers.map((l) => l.units).join(','),
    act: s.layers.map((l) => l.activation).join(','),
    drop: s.dropout,
    reg: s.regularization,
    rr: s.regRate,
    opt: s.optimizer,
    lr: s.learningRate,
    bs: s.batchSize,
  };
  if (s.data === 'blobs' || s.data === 'spiral') p.classes = s.classes;
  if (s.data === 'custom') p.pts = encodePoints(s.custom.slice(0, LIMITS.maxUrlPoints));
  return p;
}

/** A state read from the URL, and the names of the parameters that were ignored. */
export interface ParsedState {
  state: PlaygroundState;
  ignored: string[];
}

/**
 * Reads a state from URL parameters over `base` (the defaults, or a preset's settings).
 * Each bad parameter keeps the base value and is named in `ignored`.
 */
export function paramsToState(
  params: URLSearchParams,
  base: Readonly<PlaygroundState> = DEFAULT_STATE,
): ParsedState {
  const s = cloneState(base);
  const ignored: string[] = [];
  const read = <T>(key: string, parse: (v: string) => T | null, set: (v: T) => void): void => {
    const raw = params.get(key);
    if (raw === null) return;
    const v = parse(raw);
    if (v === null) ignored.push(key);
    else set(v);
  };
  read(
    'data',
    (v) => (isOneOf(DATASETS, v) ? v : null),
    (v) => (s.data = v),
  );
  read(
    'classes',
    (v) => num(v, LIMITS.minClasses, LIMITS.maxClasses, true),
    (v) => (s.classes = v),
  );
  read(
    'n',
    (v) => num(v, LIMITS.minPoints, LIMITS.maxPoints, true),
    (v) => (s.points = v),
  );
  read(
    'noise',
    (v) => num(v, 0, 50, false),
    (v) => (s.noise = v),
  );
  read(
    'train',
    (v) => num(v, 10, 90, true),
    (v) => (s.trainPercent = v),
  );
  read(
    'seed',
    (v) => num(v, 0, 2 ** 31 - 1, true),
    (v) => (s.seed = v),
  );
  read('pts', decodePoints, (v) => (s.custom = v));
  read(
    'feat',
    (v) => {
      const list = v.split(',');
      return list.length > 0 && list.every((f) => isOneOf(FEATURES, f))
        ? FEATURES.filter((f) => list.includes(f))
        : null;
    },
    (v) => (s.features = v),
  );
  read(
    'layers',
    (v) => {
      if (v === '') return [];
      const units = v.split(',').map((u) => num(u, 1, LIMITS.maxUnits, true));
      return units.length <= LIMITS.maxLayers && units.every((u) => u !== null) ? units : null;
    },
    (units) => {
      s.layers = units.map((u, i) => ({ units: u, activation: s.layers[i]?.activation ?? 'relu' }));
    },
  );
  read(
    'act',
    (v) => {
      const acts = v === '' ? [] : v.split(',');
      return acts.length === s.layers.length && acts.every((a) => isOneOf(ACTIVATIONS, a))
        ? acts
        : null;
    },
    (acts) => acts.forEach((a, i) => (s.layers[i]!.activation = a)),
  );
  read(
    'drop',
    (v) => num(v, 0, 0.8, false),
    (v) => (s.dropout = v),
  );
  read(
    'reg',
    (v) => (isOneOf(REGULARIZATIONS, v) ? v : null),
    (v) => (s.regularization = v),
  );
  read(
    'rr',
    (v) => num(v, 0, 1, false),
    (v) => (s.regRate = v),
  );
  read(
    'opt',
    (v) => (isOneOf(OPTIMIZERS, v) ? v : null),
    (v) => (s.optimizer = v),
  );
  read(
    'lr',
    (v) => num(v, 1e-5, 100, false),
    (v) => (s.learningRate = v),
  );
  read(
    'bs',
    (v) => num(v, 1, LIMITS.maxPoints, true),
    (v) => (s.batchSize = v),
  );
  return { state: s, ignored };
}
