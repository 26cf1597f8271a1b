/**
 * Every kind on the one registry: each registration builds the class it names, is found by
 * its Keras spellings, and its factory takes an options object only.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import { classNameToSnakeCase } from '../../src/serialization/keys.js';
import type { Registry } from '../../src/serialization/registry.js';
import { REQUIRED } from './required-options.js';

/** Keras's L1 and L2 are read by their own names, and built (and saved) as L1L2. */
const BUILDS: Readonly<Record<string, string>> = { l1: 'L1L2', l2: 'L1L2' };

interface Kind {
  name: string;
  registry: Pick<Registry<{ readonly className: string }>, 'entries' | 'find'>;
  /** The namespace holding the factories (`nn.optimizers`). */
  namespace: Readonly<Record<string, unknown>>;
  /** The option a bare value is shown as, per id, checked for a few. */
  positional: Readonly<Record<string, string>>;
}

const KINDS: Kind[] = [
  {
    name: 'nn.layers',
    registry: nn.layers.LAYERS,
    namespace: nn.layers,
    positional: { dense: 'units', conv2d: 'filters', dropout: 'rate' },
  },
  {
    name: 'nn.initializers',
    registry: nn.initializers.INITIALIZERS,
    namespace: nn.initializers,
    positional: { heNormal: 'seed', constant: 'value' },
  },
  {
    name: 'nn.regularizers',
    registry: nn.regularizers.REGULARIZERS,
    namespace: nn.regularizers,
    positional: { l2: 'l2' },
  },
  {
    name: 'nn.losses',
    registry: nn.losses.LOSSES,
    namespace: nn.losses,
    positional: { categoricalCrossentropy: 'fromLogits', huber: 'delta' },
  },
  {
    name: 'nn.metrics',
    registry: nn.metrics.METRICS,
    namespace: nn.metrics,
    positional: { binaryAccuracy: 'threshold', topKCategoricalAccuracy: 'k' },
  },
  {
    name: 'nn.optimizers',
    registry: nn.optimizers.OPTIMIZERS,
    namespace: nn.optimizers,
    positional: { adam: 'learningRate', sgd: 'learningRate' },
  },
  {
    name: 'nn.optimizers.schedules',
    registry: nn.optimizers.schedules.SCHEDULES,
    namespace: nn.optimizers.schedules,
    positional: { cosineDecay: 'initialLearningRate' },
  },
];

function factory(kind: Kind, id: string): (options?: unknown) => { readonly className: string } {
  const f = kind.namespace[id];
  if (typeof f !== 'function') throw new Error(`${kind.name}.${id} is not exported`);
  return f as (options?: unknown) => { readonly className: string };
}

describe.each(KINDS)('$name', (kind) => {
  test('each registration builds its class, found by id, class name and snake_case', () => {
    for (const entry of kind.registry.entries()) {
      const built = entry.fromConfig(REQUIRED[entry.id] ?? {});
      const className = BUILDS[entry.id] ?? entry.className;
      expect(built.className, entry.id).toBe(className);
      expect(factory(kind, entry.id)(REQUIRED[entry.id]).className, entry.id).toBe(className);
      for (const name of [entry.id, entry.className, classNameToSnakeCase(entry.className)]) {
        expect(kind.registry.find(name), name).toBe(entry);
      }
      expect(kind.registry.find(entry.className.toUpperCase())).toBe(entry);
      for (const alias of entry.aliases) expect(kind.registry.find(alias)).toBe(entry);
    }
  });

  test('every factory refuses a bare value and says what to write', () => {
    for (const entry of kind.registry.entries()) {
      const f = factory(kind, entry.id);
      const call = new RegExp(
        `^${entry.id}: expected an options object, received the number 7; write ${kind.name.replace(/\./g, '\\.')}\\.${entry.id}\\(`,
      );
      expect(() => f(7), entry.id).toThrow(call);
      expect(() => f(7), entry.id).toThrow(nn.ValueError);
    }
    for (const [id, key] of Object.entries(kind.positional)) {
      expect(() => factory(kind, id)(7)).toThrow(`write ${kind.name}.${id}({${key}: 7})`);
    }
  });
});

describe('the options-object errors of the TF.js-compat issue', () => {
  const bare = (f: unknown, ...args: unknown[]): unknown =>
    (f as (...a: unknown[]) => unknown)(...args);

  test('optimizers: adam(0.1) no longer trains at 0.001', () => {
    expect(() => bare(nn.optimizers.adam, 0.1)).toThrow(
      'adam: expected an options object, received the number 0.1; write nn.optimizers.adam({learningRate: 0.1})',
    );
    expect(nn.optimizers.adam({ learningRate: 0.1 }).learningRate).toBe(0.1);
    expect(nn.optimizers.adam().learningRate).toBe(0.001);
  });

  test('layers, losses, initializers, regularizers, metrics, schedules', () => {
    expect(() => bare(nn.layers.dense, 64)).toThrow(
      'dense: expected an options object, received the number 64; write nn.layers.dense({units: 64})',
    );
    expect(() => bare(nn.layers.reshape, [2, 3])).toThrow(
      'reshape: expected an options object, received an array of 2 items; write nn.layers.reshape({targetShape: …})',
    );
    expect(() => bare(nn.layers.activation, 'relu')).toThrow(
      `write nn.layers.activation({activation: 'relu'})`,
    );
    expect(() => bare(nn.losses.categoricalCrossentropy, true)).toThrow(
      'categoricalCrossentropy: expected an options object, received the boolean true; write nn.losses.categoricalCrossentropy({fromLogits: true})',
    );
    expect(() => bare(nn.initializers.heNormal, 42)).toThrow(
      'heNormal: expected an options object, received the number 42; write nn.initializers.heNormal({seed: 42})',
    );
    expect(() => bare(nn.regularizers.l2, 0.01)).toThrow(
      'l2: expected an options object, received the number 0.01; write nn.regularizers.l2({l2: 0.01})',
    );
    expect(() => bare(nn.metrics.binaryAccuracy, 0.7)).toThrow(
      'binaryAccuracy: expected an options object, received the number 0.7; write nn.metrics.binaryAccuracy({threshold: 0.7})',
    );
    expect(() => bare(nn.metrics.mean, 'm')).toThrow(`write nn.metrics.mean({name: 'm'})`);
    expect(() => bare(nn.optimizers.schedules.exponentialDecay, 0.1)).toThrow(
      'write nn.optimizers.schedules.exponentialDecay({initialLearningRate: 0.1})',
    );
  });

  test("TF.js's loss and metric functions called on tensors say how Neurite's are used", () => {
    const y = nn.tensor([[1, 0]]);
    expect(() => bare(nn.losses.meanSquaredError, y, y)).toThrow(
      /^meanSquaredError: expected an options object, received a Tensor; write nn\.losses\.meanSquaredError\(\{reduction: …\}\); a loss is built first, then called: nn\.losses\.meanSquaredError\(\)\(yTrue, yPred\)$/,
    );
    expect(() => bare(nn.metrics.binaryAccuracy, y, y)).toThrow(
      /a metric is built first, then updated: nn\.metrics\.binaryAccuracy\(\)\.call\(yTrue, yPred\)$/,
    );
    y.dispose();
  });

  test('the aliases are the same checked factories', () => {
    expect(nn.losses.mse).toBe(nn.losses.meanSquaredError);
    expect(nn.losses.kld).toBe(nn.losses.kullbackLeiblerDivergence);
    expect(nn.metrics.mae).toBe(nn.metrics.meanAbsoluteError);
  });
});

describe('a uniform get on every namespace, old names kept', () => {
  test('get is Keras’s name; getLoss, getMetric, getOptimizer, getSchedule remain', () => {
    expect(nn.losses.get).toBe(nn.losses.getLoss);
    expect(nn.metrics.get).toBe(nn.metrics.getMetric);
    expect(nn.optimizers.get).toBe(nn.optimizers.getOptimizer);
    expect(nn.optimizers.schedules.get).toBe(nn.optimizers.schedules.getSchedule);
    expect(nn.layers.get('flatten').className).toBe('Flatten');
    expect(
      nn.layers.get({ class_name: 'Dense', config: { units: 3, use_bias: false } }),
    ).toMatchObject({
      className: 'Dense',
      units: 3,
      useBias: false,
    });
    expect(nn.activations.get('RELU').id).toBe('relu');
    expect(nn.initializers.get('LeCunNormal').className).toBe('LecunNormal');
    expect(nn.regularizers.get({ class_name: 'L1L2', config: { l1: 0.5 } }).getConfig()).toEqual({
      l1: 0.5,
      l2: 0,
    });
  });

  test('the id lists kept as before', () => {
    expect(nn.activations.ACTIVATION_IDS).toContain('hardSigmoid');
    expect(nn.initializers.INITIALIZER_IDS[0]).toBe('glorotUniform');
    expect(nn.optimizers.optimizerIds).toEqual([
      'sgd',
      'adagrad',
      'rmsprop',
      'adam',
      'adamw',
      'adamax',
      'nadam',
      'adadelta',
      'lion',
      'ftrl',
    ]);
    expect(Object.keys(nn.layers.LAYER_CLASSES)).toEqual(nn.layers.LAYERS.classNames());
    expect(nn.layers.LAYER_CLASSES.Dense).toBe(nn.layers.Dense);
  });

  test('a layer round-trips through the registry by its class name', () => {
    const d = nn.layers.dense({ units: 3, activation: 'tanh', kernelInitializer: 'heUniform' });
    const copy = nn.layers.deserializeLayer(nn.layers.serialize(d));
    expect(copy.getConfig()).toEqual({ ...d.getConfig(), name: copy.name });
    expect(() => nn.layers.deserializeLayer({ className: 'dense', config: {} })).toThrow(
      /^unsupported layer dense; Neurite knows Dense, /,
    );
  });
});
