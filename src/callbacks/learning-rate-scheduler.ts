/** LearningRateScheduler: sets the learning rate at the start of each epoch from `schedule(epoch, lr)`. */
import { ValueError } from '../errors.js';
import { Callback, type Logs } from './callback.js';

/**
 * A learning rate as a function of the epoch (0-based) and the current rate.
 */
export type EpochSchedule = (epoch: number, lr: number) => number;

/**
 * The callback behind {@link callbacks.learningRateScheduler}.
 *
 * @example
 * const cb = new nn.callbacks.LearningRateScheduler((epoch) => 0.1 * 0.9 ** epoch);
 */
export class LearningRateScheduler extends Callback {
  constructor(
    readonly schedule: EpochSchedule,
    readonly verbose: 0 | 1 = 0,
  ) {
    super();
    if (typeof schedule !== 'function')
      throw new ValueError('learningRateScheduler: schedule must be a function (epoch, lr) => lr');
  }

  override onEpochBegin(epoch: number): void {
    const opt = this.requireModel('learningRateScheduler').optimizer;
    if (!opt) return;
    const lr = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new ValueError(
        `learningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; it must return a finite number`,
      );
    }
    opt.learningRate = lr;
    if (this.verbose)
      console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    const opt = this.model?.optimizer;
    if (logs && opt) logs.learning_rate = opt.learningRate;
  }
}
