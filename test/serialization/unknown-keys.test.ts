/**
 * Unknown option keys: every factory refuses a key its class does not take (Keras 3 refuses
 * unknown keyword arguments), naming the factory, the key, the closest valid key and the
 * valid keys; every key a class takes (its getConfig's, and the kind's common ones) works.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import type { Registry } from '../../src/serialization/registry.js';
import { REQUIRED } from './required-options.js';

type Factory = (options?: Record<string, unknown>) => { getConfig?: () => object };

const KINDS: [string, Pick<Registry<unknown>, 'ids'>, Readonly<Record<string, unknown>>][] = [
  ['nn.layers', nn.layers.LAYERS, nn.layers],
  ['nn.initializers', nn.initializers.INITIALIZERS, nn.initializers],
  ['nn.regularizers', nn.regularizers.REGULARIZERS, nn.regularizers],
  ['nn.losses', nn.losses.LOSSES, nn.losses],
  ['nn.metrics', nn.metrics.METRICS, nn.metrics],
  ['nn.optimizers', nn.optimizers.OPTIMIZERS, nn.optimizers],
  ['nn.optimizers.schedules', nn.optimizers.schedules.SCHEDULES, nn.optimizers.schedules],
];

describe('a typo is refused with the closest valid key', () => {
  test.each([
    [() => nn.optimizers.adam({ lr: 0.5 } as never), 'adam', 'lr', 'learningRate'],
    [
      () => nn.optimizers.adam({ learning_rate: 0.5 } as never),
      'adam',
      'learning_rate',
      'learningRate',
    ],
    [() => nn.optimizers.sgd({ momentun: 0.9 } as never), 'sgd', 'momentun', 'momentum'],
    [
      () => nn.layers.dense({ units: 3, activaton: 'relu' } as never),
      'dense',
      'activaton',
      'activation',
    ],
    [
      () => nn.layers.dense({ units: 3, inputShap: [2] } as never),
      'dense',
      'inputShap',
      'inputShape',
    ],
    [() => nn.initializers.heNormal({ sed: 1 } as never), 'heNormal', 'sed', 'seed'],
    [() => nn.regularizers.l2({ ll2: 0.1 } as never), 'l2', 'll2', 'l2'],
    [() => nn.losses.huber({ delt: 1 } as never), 'huber', 'delt', 'delta'],
    [
      () => nn.losses.categoricalCrossentropy({ fromLogit: true } as never),
      'categoricalCrossentropy',
      'fromLogit',
      'fromLogits',
    ],
    [
      () => nn.metrics.binaryAccuracy({ treshold: 0.3 } as never),
      'binaryAccuracy',
      'treshold',
      'threshold',
    ],
    [
      () =>
        nn.optimizers.schedules.exponentialDecay({
          initialLearningRate: 1,
          decaySteps: 1,
          decayRate: 0.5,
          stairCase: true,
        } as never),
      'exponentialDecay',
      'stairCase',
      'staircase',
    ],
  ])('%#: %s', (make, name, key, hint) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(nn.ValueError);
    const message = (error as Error).message;
    expect(message).toContain(`.${name}: unknown option '${key}'`);
    expect(message).toContain(`(did you mean '${hint}'?)`);
    expect(message).toMatch(/valid options: .*\b/);
    expect(message).toContain(hint);
  });

  test('the message lists the valid keys', () => {
    expect(() => nn.optimizers.sgd({ momentun: 0.9 } as never)).toThrow(
      /^nn\.optimizers\.sgd: unknown option 'momentun' \(did you mean 'momentum'\?\); valid options: .*learningRate.*momentum.*nesterov/,
    );
  });

  test('a key far from every valid one gets no suggestion', () => {
    expect(() => nn.layers.flatten({ zzzzzzzz: 1 } as never)).toThrow(
      /^nn\.layers\.flatten: unknown option 'zzzzzzzz'; valid options: /,
    );
  });

  test('a key given as undefined is still refused', () => {
    expect(() => nn.optimizers.adam({ lr: undefined } as never)).toThrow(/unknown option 'lr'/);
  });
});

describe('every valid key still works', () => {
  for (const [kind, registry, namespace] of KINDS) {
    test(`${kind}: each factory takes back its own getConfig()`, () => {
      for (const id of registry.ids()) {
        const factory = namespace[id] as Factory | undefined;
        if (typeof factory !== 'function') continue;
        const made = factory(REQUIRED[id]);
        if (typeof made.getConfig !== 'function') continue;
        let config: object;
        try {
          config = made.getConfig();
        } catch {
          continue;
        }
        try {
          factory({ ...config });
        } catch (e) {
          expect.soft((e as Error).message, `${kind}.${id}`).not.toContain('unknown option');
        }
      }
    });
  }

  test('layers take the LayerArgs every layer takes', () => {
    const common = { name: 'd_common', trainable: false, inputShape: [2], batchSize: 4 };
    expect(nn.layers.dense({ units: 1, ...common, dtype: 'float32' }).name).toBe('d_common');
    expect(() => nn.layers.dense({ units: 1, inputDim: 2 })).not.toThrow();
    expect(() => nn.layers.flatten({ batchInputShape: [null, 2, 2] })).not.toThrow();
  });

  test('optimizers take the OptimizerArgs every optimizer takes', () => {
    for (const make of [nn.optimizers.sgd, nn.optimizers.adam, nn.optimizers.rmsprop]) {
      expect(() =>
        make({ learningRate: 0.1, clipNorm: 1, weightDecay: 0.01, name: 'opt' }),
      ).not.toThrow();
      expect(() => make({ globalClipNorm: 1 })).not.toThrow();
      expect(() => make({ clipValue: 1 })).not.toThrow();
    }
    expect(nn.optimizers.sgd({ momentum: 0.9, nesterov: true }).getConfig()).toMatchObject({
      momentum: 0.9,
    });
    expect(() => nn.optimizers.adam({ learningRate: () => 0.01 })).not.toThrow();
  });

  test('metrics and losses take name and their own options', () => {
    expect(() => nn.metrics.auc({ thresholds: [0.5], name: 'a' })).not.toThrow();
    expect(() => nn.metrics.auc({ thresholds: null })).not.toThrow();
    expect(() => nn.losses.huber({ delta: 2, reduction: 'sum', name: 'h' } as never)).not.toThrow();
  });

  test('saved configs are read leniently as before (extra keys are not refused)', () => {
    const opt = nn.optimizers.OPTIMIZERS.get({
      className: 'Adam',
      config: { learning_rate: 0.5, is_legacy_optimizer: false },
    });
    expect(opt.getConfig()).toMatchObject({ learningRate: 0.5 });
  });
});
