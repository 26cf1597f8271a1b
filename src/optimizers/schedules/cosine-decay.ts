/** Cosine learning-rate decay with optional linear warmup (Keras `CosineDecay`). */
import { checkNumber, checkOptionalNumber, checkString } from '../check-args.js';
import { type LearningRateSchedule, makeSchedule } from './learning-rate-schedule.js';

/**
 * Options of {@link optimizers.schedules.cosineDecay} (Keras `CosineDecay`'s arguments in camelCase).
 */
export interface CosineDecayArgs {
  /** The learning rate at step 0 (the warmup start when `warmupTarget` is set). Required. */
  initialLearningRate: number;
  /** Steps of the cosine decay; must be > 0. Required. */
  decaySteps: number;
  /** Final rate as a fraction of the decay's starting rate. Default 0. */
  alpha?: number;
  /** Rate reached at the end of warmup; null skips warmup. Default null. */
  warmupTarget?: number | null;
  /** Steps of linear warmup (used only with `warmupTarget`). Default 0. */
  warmupSteps?: number;
  /** Default `'CosineDecay'`. */
  name?: string;
}

/**
 * SGDR cosine decay (Loshchilov & Hutter, https://arxiv.org/abs/1608.03983), with the linear
 * warmup of Goyal et al. (https://arxiv.org/abs/1706.02677).
 *
 * Without warmup: `s = min(step, decaySteps)`,
 * `lr = initialLearningRate · ((1 − alpha) · 0.5 · (1 + cos(π · s / decaySteps)) + alpha)`.
 * With `warmupTarget`: `s = min(step, decaySteps + warmupSteps)`; while `s < warmupSteps`,
 * `lr = initialLearningRate + (warmupTarget − initialLearningRate) · s / warmupSteps`; after,
 * the cosine decay above from `warmupTarget` at step `s − warmupSteps`.
 *
 * @example
 * const lr = nn.optimizers.schedules.cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
 * lr(50); // 0.05
 */
export function cosineDecay(args: CosineDecayArgs): LearningRateSchedule {
  const where = 'cosineDecay';
  const { alpha = 0, warmupTarget = null, warmupSteps = 0, name = 'CosineDecay' } = args;
  const initialLearningRate = checkNumber(where, 'initialLearningRate', args.initialLearningRate);
  const decaySteps = checkNumber(where, 'decaySteps', args.decaySteps, { min: 0, minOpen: true });
  checkNumber(where, 'alpha', alpha);
  checkOptionalNumber(where, 'warmupTarget', warmupTarget);
  checkNumber(where, 'warmupSteps', warmupSteps, { min: 0 });
  checkString(where, 'name', name);
  const decay = (step: number, from: number): number => {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / decaySteps)));
    return from * ((1 - alpha) * cosine + alpha);
  };
  return makeSchedule(
    'CosineDecay',
    { initialLearningRate, decaySteps, alpha, name, warmupTarget, warmupSteps },
    (step) => {
      if (warmupTarget === null) return decay(Math.min(step, decaySteps), initialLearningRate);
      const s = Math.min(step, decaySteps + warmupSteps);
      if (s < warmupSteps) {
        return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
      }
      return decay(s - warmupSteps, warmupTarget);
    },
  );
}
