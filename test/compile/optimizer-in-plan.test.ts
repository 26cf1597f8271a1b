/**
 * The optimizer update inside the compiled plan: for every optimizer, on every backend, and
 * with the options that make its numbers change from step to step (schedules, callbacks
 * setting the learning rate, clipping, weight decay), a compiled fit ends with the same
 * weights and optimizer state as an eager one, bit for bit, and a replay calls no eager
 * update (helpers.ts counts applyGradients).
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { type Case, expectSame, features, labels, mlp } from './helpers.js';

/** 64 rows at batch 32 for 50 epochs: 100 steps. */
function small(optimizer: () => nn.CompileArgs['optimizer'], fit?: Case['fit']): Case {
  return {
    build: () => mlp([8, 10, 3]),
    compile: () => ({ optimizer: optimizer(), loss: 'sparseCategoricalCrossentropy' }),
    x: features(64, 8),
    y: labels(64, 3),
    fit: fit ?? { epochs: 50 },
    inference: false,
  };
}

describeEachBackend('compiled steps: the optimizer update in the plan', () => {
  for (const id of nn.optimizers.optimizerIds) {
    test(`${id}: 100 steps bit for bit`, async () => {
      const run = await expectSame(small(() => id));
      expect(run.replays.train).toBe(100 - 2);
      expect(run.updates).toBe(2);
    });
  }

  test('a learning-rate schedule with global clipping (Adam)', async () => {
    const schedule = () =>
      nn.optimizers.schedules.exponentialDecay({
        initialLearningRate: 0.01,
        decaySteps: 5,
        decayRate: 0.5,
      });
    await expectSame(
      small(() => nn.optimizers.adam({ learningRate: schedule(), globalClipNorm: 0.5 })),
    );
  });

  test('clipNorm, clipValue and weight decay, with momentum and AMSGrad', async () => {
    await expectSame(
      small(() =>
        nn.optimizers.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipNorm: 0.1 }),
      ),
    );
    await expectSame(
      small(() => nn.optimizers.rmsprop({ centered: true, momentum: 0.5, clipValue: 0.01 })),
    );
    await expectSame(small(() => nn.optimizers.adamw({ weightDecay: 0.1, amsgrad: true })));
    await expectSame(small(() => nn.optimizers.lion({ weightDecay: 0.05 })));
    await expectSame(
      small(() => nn.optimizers.nadam({ learningRate: (step) => 0.01 / (1 + step) })),
    );
    await expectSame(
      small(() =>
        nn.optimizers.ftrl({ learningRate: 0.1, beta: 0.5, l1RegularizationStrength: 0.01 }),
      ),
    );
  });

  test('callbacks that set the learning rate between epochs (the replay reads it each step)', async () => {
    await expectSame(
      small(() => nn.optimizers.adam({ learningRate: 0.01 }), {
        epochs: 20,
        callbacks: [
          nn.callbacks.learningRateScheduler((epoch, lr) => (epoch % 2 === 1 ? lr * 0.5 : lr)),
        ],
      }),
    );
    await expectSame(
      small(
        () => nn.optimizers.sgd({ learningRate: 0.05, momentum: 0.9 }),
        (m) => ({
          epochs: 20,
          callbacks: {
            onEpochEnd: (epoch: number) => {
              m.optimizer!.learningRate = 0.05 / (epoch + 2);
            },
          },
        }),
      ),
    );
  });
});
