/** LearningRateScheduler: sets the learning rate at the start of each epoch from `schedule(epoch, lr)`. */
import { ValueError } from '../errors.js';
import { Callback, type Logs } from './callback.js';

export type EpochSchedule = (epoch: number, lr: number) => number;

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
