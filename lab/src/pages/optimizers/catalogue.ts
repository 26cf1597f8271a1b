/**
 * The optimizers of the race: every optimizer in `nn.optimizers` (SGD three ways: plain,
 * with momentum, with Nesterov momentum), each with its colour, its one extra setting shown
 * beside the learning rate (momentum μ, ρ or β1) and learning rates per surface chosen so
 * that each one's character shows within the surface's steps.
 */
import * as nn from 'neurite';
import type { SurfaceId } from './surfaces.js';

/** The optimizers of the race, by the id used in the URL and in `data-testid`s. */
export const OPTIMIZER_IDS = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'adadelta',
  'rmsprop',
  'adam',
  'adamax',
  'nadam',
  'adamw',
  'ftrl',
  'lion',
] as const;
/** One of {@link OPTIMIZER_IDS}. */
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

/** The one hyperparameter besides the learning rate that the page lets the user change. */
export interface ExtraSetting {
  /** The option's name in the optimizer's args (`momentum`, `rho`, `beta1`). */
  key: 'momentum' | 'rho' | 'beta1';
  /** Its symbol, as labelled. */
  symbol: string;
  min: number;
  max: number;
  default: number;
}

/** One optimizer of the race. */
export interface OptimizerSpec {
  id: OptimizerId;
  /** The legend label. */
  label: string;
  /** The `nn.optimizers` factory it calls. */
  factory: string;
  color: string;
  /** Fixed options besides lr and the extra one (`{ momentum: 0 }` style, as code). */
  fixed: Readonly<Record<string, number | boolean>>;
  extra: ExtraSetting | null;
  /** On when the page opens. */
  defaultOn: boolean;
}

const MU: ExtraSetting = { key: 'momentum', symbol: 'μ', min: 0, max: 0.99, default: 0.9 };
const BETA1: ExtraSetting = { key: 'beta1', symbol: 'β₁', min: 0, max: 0.99, default: 0.9 };

/** Every optimizer of the race, by id. */
export const OPTIMIZERS: { readonly [K in OptimizerId]: OptimizerSpec } = {
  sgd: {
    id: 'sgd',
    label: 'SGD',
    factory: 'sgd',
    color: '#4c78a8',
    fixed: {},
    extra: null,
    defaultOn: true,
  },
  momentum: {
    id: 'momentum',
    label: 'Momentum',
    factory: 'sgd',
    color: '#f58518',
    fixed: {},
    extra: MU,
    defaultOn: true,
  },
  nesterov: {
    id: 'nesterov',
    label: 'Nesterov',
    factory: 'sgd',
    color: '#9d755d',
    fixed: { nesterov: true },
    extra: MU,
    defaultOn: true,
  },
  adagrad: {
    id: 'adagrad',
    label: 'Adagrad',
    factory: 'adagrad',
    color: '#54a24b',
    fixed: {},
    extra: null,
    defaultOn: true,
  },
  adadelta: {
    id: 'adadelta',
    label: 'Adadelta',
    factory: 'adadelta',
    color: '#7b3294',
    fixed: {},
    extra: { key: 'rho', symbol: 'ρ', min: 0.5, max: 0.99, default: 0.95 },
    defaultOn: false,
  },
  rmsprop: {
    id: 'rmsprop',
    label: 'RMSprop',
    factory: 'rmsprop',
    color: '#b279a2',
    fixed: {},
    extra: { key: 'rho', symbol: 'ρ', min: 0.5, max: 0.99, default: 0.9 },
    defaultOn: true,
  },
  adam: {
    id: 'adam',
    label: 'Adam',
    factory: 'adam',
    color: '#e45756',
    fixed: {},
    extra: BETA1,
    defaultOn: true,
  },
  adamax: {
    id: 'adamax',
    label: 'Adamax',
    factory: 'adamax',
    color: '#1b9e77',
    fixed: {},
    extra: BETA1,
    defaultOn: false,
  },
  nadam: {
    id: 'nadam',
    label: 'Nadam',
    factory: 'nadam',
    color: '#d6277d',
    fixed: {},
    extra: BETA1,
    defaultOn: false,
  },
  adamw: {
    id: 'adamw',
    label: 'AdamW',
    factory: 'adamw',
    color: '#b8860b',
    fixed: { weightDecay: 0.004 },
    extra: BETA1,
    defaultOn: false,
  },
  ftrl: {
    id: 'ftrl',
    label: 'FTRL',
    factory: 'ftrl',
    color: '#17becf',
    fixed: {},
    extra: null,
    defaultOn: false,
  },
  lion: {
    id: 'lion',
    label: 'Lion',
    factory: 'lion',
    color: '#393b79',
    fixed: {},
    extra: BETA1,
    defaultOn: false,
  },
};

type Rates = { readonly [K in OptimizerId]: number };

/**
 * Learning rates per surface. SGD, Momentum, Adagrad, RMSprop and Adam take the figure's
 * (plots.PATH_PRESETS); the others were tuned on each surface so that they make progress
 * without blowing up.
 */
export const LEARNING_RATES: { readonly [K in SurfaceId]: Rates } = {
  bowl: {
    sgd: 0.18,
    momentum: 0.05,
    nesterov: 0.05,
    adagrad: 1,
    adadelta: 100,
    rmsprop: 0.1,
    adam: 0.3,
    adamax: 0.3,
    nadam: 0.3,
    adamw: 0.3,
    ftrl: 1,
    lion: 0.1,
  },
  saddle: {
    sgd: 0.05,
    momentum: 0.05,
    nesterov: 0.05,
    adagrad: 0.1,
    adadelta: 1,
    rmsprop: 0.01,
    adam: 0.05,
    adamax: 0.05,
    nadam: 0.05,
    adamw: 0.05,
    ftrl: 0.1,
    lion: 0.03,
  },
  twoMinima: {
    sgd: 0.015,
    momentum: 0.015,
    nesterov: 0.015,
    adagrad: 0.3,
    adadelta: 10,
    rmsprop: 0.02,
    adam: 0.05,
    adamax: 0.05,
    nadam: 0.05,
    adamw: 0.05,
    ftrl: 0.3,
    lion: 0.03,
  },
  rosenbrock: {
    sgd: 0.0008,
    momentum: 0.0004,
    nesterov: 0.0004,
    adagrad: 0.3,
    adadelta: 30,
    rmsprop: 0.01,
    adam: 0.1,
    adamax: 0.3,
    nadam: 0.1,
    adamw: 0.1,
    ftrl: 0.3,
    lion: 0.01,
  },
  beale: {
    sgd: 0.005,
    momentum: 0.001,
    nesterov: 0.001,
    adagrad: 0.5,
    adadelta: 30,
    rmsprop: 0.01,
    adam: 0.05,
    adamax: 0.3,
    nadam: 0.05,
    adamw: 0.05,
    ftrl: 0.3,
    lion: 0.1,
  },
  himmelblau: {
    sgd: 0.01,
    momentum: 0.002,
    nesterov: 0.002,
    adagrad: 0.5,
    adadelta: 10,
    rmsprop: 0.05,
    adam: 0.1,
    adamax: 0.1,
    nadam: 0.1,
    adamw: 0.1,
    ftrl: 0.3,
    lion: 0.03,
  },
};

/** One optimizer's settings in a race. */
export interface RacerSettings {
  id: OptimizerId;
  learningRate: number;
  /** The extra setting's value (μ, ρ or β1); ignored when the optimizer has none. */
  extra: number;
}

/** The options object passed to the factory, in the order the code panel shows them. */
export function optimizerOptions(s: RacerSettings): Record<string, number | boolean> {
  const spec = OPTIMIZERS[s.id];
  const options: Record<string, number | boolean> = { learningRate: s.learningRate };
  if (spec.extra) options[spec.extra.key] = s.extra;
  return { ...options, ...spec.fixed };
}

/** The real optimizer from `nn.optimizers` for these settings. */
export function makeOptimizer(s: RacerSettings): nn.optimizers.Optimizer {
  const o = optimizerOptions(s);
  switch (s.id) {
    case 'sgd':
    case 'momentum':
    case 'nesterov':
      return nn.optimizers.sgd(o);
    case 'adagrad':
      return nn.optimizers.adagrad(o);
    case 'adadelta':
      return nn.optimizers.adadelta(o);
    case 'rmsprop':
      return nn.optimizers.rmsprop(o);
    case 'adam':
      return nn.optimizers.adam(o);
    case 'adamax':
      return nn.optimizers.adamax(o);
    case 'nadam':
      return nn.optimizers.nadam(o);
    case 'adamw':
      return nn.optimizers.adamw(o);
    case 'ftrl':
      return nn.optimizers.ftrl(o);
    case 'lion':
      return nn.optimizers.lion(o);
  }
}

/** The settings an optimizer starts with on a surface. */
export function defaultSettings(id: OptimizerId, surface: SurfaceId): RacerSettings {
  const spec = OPTIMIZERS[id];
  return { id, learningRate: LEARNING_RATES[surface][id], extra: spec.extra?.default ?? 0 };
}

/** `nn.optimizers.adam({ learningRate: 0.05, beta1: 0.9 })`: the factory call as code. */
export function optimizerCode(s: RacerSettings): string {
  const o = optimizerOptions(s);
  const args = Object.entries(o)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
  return `nn.optimizers.${OPTIMIZERS[s.id].factory}({ ${args} })`;
}
