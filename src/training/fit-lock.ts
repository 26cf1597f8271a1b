/**
 * One fit at a time per model. Two fits of one model under `Promise.all` would interleave
 * their optimizer steps on the same weights and share metric state, giving meaningless
 * histories without any error; TF.js refuses the second fit, and so do we. The lock also
 * records whether an epoch is accumulating its training metrics, which evaluations made
 * meanwhile (from callbacks or concurrent calls) must not disturb.
 */
import { NeuriteError } from '../errors.js';
import type { Model } from '../models/model.js';

/** The state of a running fit. */
export interface FitState {
  /**
   * True from the first batch of an epoch until its logs are taken: the training metrics
   * hold a partial result then, and resetting them would change the epoch's logs.
   */
  accumulating: boolean;
}

const running = new WeakMap<Model, FitState>();

/** Marks `model` as being trained; throws when another fit of it is running. */
export function beginFit(model: Model): FitState {
  if (running.has(model)) {
    throw new NeuriteError(
      `fit: cannot start training ${model.className} '${model.name}' because another fit() call on it is ongoing; await the first fit (or stop it with model.stopTraining = true) before starting another`,
    );
  }
  const state: FitState = { accumulating: false };
  running.set(model, state);
  return state;
}

/** Releases the lock (fit calls this in `finally`, so errors and stops release it too). */
export function endFit(model: Model): void {
  running.delete(model);
}

/** The running fit of `model`, if any. */
export function runningFit(model: Model): FitState | undefined {
  return running.get(model);
}

/** Throws when `model` is being trained: for operations that would break a running fit. */
export function assertNotFitting(model: Model, where: string, why: string): void {
  if (running.has(model)) {
    throw new NeuriteError(
      `${where}: ${model.className} '${model.name}' is being trained by fit(); ${why}`,
    );
  }
}
