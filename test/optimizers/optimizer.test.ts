/**
 * The base class and the registry: Keras 3 defaults, config round trips, bad configs,
 * learning-rate handling, applyGradients edge cases, minimize, state naming and validation,
 * weight-decay exclusion and memory.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as optimizers from '../../src/optimizers/index.js';
import { type Optimizer } from '../../src/optimizers/index.js';

let counter = 0;
/** A variable with a fresh unique name `<base>_t<N>/<leaf>`. */
function named(values: number[], leaf: string, base = 'layer'): nn.Variable {
  return nn.variable(nn.tensor(values), true, `${base}_t${counter++}/${leaf}`);
}

const read = (t: nn.Tensor): number[] => Array.from(t.dataSync());

describe('Keras 3 defaults and string ids', () => {
  // REFERENCE.md §1.2, written out independently of the sources.
  const common = { weightDecay: null, clipNorm: null, globalClipNorm: null, clipValue: null };
  const DEFAULTS: Record<string, Record<string, unknown>> = {
    sgd: { name: 'SGD', learningRate: 0.01, momentum: 0, nesterov: false },
    rmsprop: {
      name: 'rmsprop',
      learningRate: 0.001,
      rho: 0.9,
      momentum: 0,
      epsilon: 1e-7,
      centered: false,
    },
    adagrad: { name: 'adagrad', learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7 },
    adadelta: { name: 'adadelta', learningRate: 0.001, rho: 0.95, epsilon: 1e-7 },
    adam: {
      name: 'adam',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
    },
    adamw: {
      name: 'adamw',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
      weightDecay: 0.004,
    },
    adamax: { name: 'adamax', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    nadam: { name: 'nadam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    lion: { name: 'lion', learningRate: 0.001, beta1: 0.9, beta2: 0.99 },
    ftrl: {
      name: 'ftrl',
      learningRate: 0.001,
      learningRatePower: -0.5,
      initialAccumulatorValue: 0.1,
      l1RegularizationStrength: 0,
      l2RegularizationStrength: 0,
      l2ShrinkageRegularizationStrength: 0,
      beta: 0,
    },
  };
  const CLASS: Record<string, string> = {
    sgd: 'SGD',
    rmsprop: 'RMSprop',
    adagrad: 'Adagrad',
    adadelta: 'Adadelta',
    adam: 'Adam',
    adamw: 'AdamW',
    adamax: 'Adamax',
    nadam: 'Nadam',
    lion: 'Lion',
    ftrl: 'Ftrl',
  };

  test.each(Object.keys(DEFAULTS))('%s resolves with the Keras 3 defaults', (id) => {
    const opt = optimizers.getOptimizer(id);
    expect(opt.className).toBe(CLASS[id]);
    expect(opt.getConfig()).toEqual({ ...common, ...DEFAULTS[id] });
    expect(opt.iterations).toBe(0);
    // Case-insensitive, like Keras ('Adam', 'SGD', 'RMSprop').
    expect(optimizers.getOptimizer(CLASS[id]!).className).toBe(CLASS[id]);
    expect(optimizers.getOptimizer(id.toUpperCase()).className).toBe(CLASS[id]);
  });

  test('the factories give the same defaults as the ids', () => {
    expect(optimizers.adam().getConfig()).toEqual(optimizers.getOptimizer('adam').getConfig());
    expect(optimizers.sgd().learningRate).toBe(0.01);
  });

  test('an unknown id is an error listing the valid ids', () => {
    expect(() => optimizers.getOptimizer('adamm')).toThrow(
      /unknown optimizer 'adamm'; expected one of 'sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam', 'adadelta', 'lion', 'ftrl'/,
    );
    expect(() => optimizers.getOptimizer({ className: 'Momentum', config: {} })).toThrow(
      /unknown optimizer 'Momentum'/,
    );
  });

  test('an Optimizer instance is returned as is', () => {
    const opt = optimizers.rmsprop();
    expect(optimizers.getOptimizer(opt)).toBe(opt);
  });
});

describe('config round trip', () => {
  const makers: (() => Optimizer)[] = [
    () => optimizers.sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, clipNorm: 1 }),
    () => optimizers.rmsprop({ rho: 0.8, momentum: 0.3, centered: true, globalClipNorm: 2 }),
    () => optimizers.adagrad({ initialAccumulatorValue: 0.3, epsilon: 1e-4, weightDecay: 0.1 }),
    () => optimizers.adadelta({ learningRate: 1, rho: 0.9 }),
    () => optimizers.adam({ beta1: 0.8, amsgrad: true, clipValue: 0.5, name: 'my_adam' }),
    () => optimizers.adamw({ weightDecay: 0.01 }),
    () => optimizers.adamax({ beta2: 0.99 }),
    () => optimizers.nadam({ epsilon: 1e-5 }),
    () => optimizers.lion({ beta1: 0.95, beta2: 0.98 }),
    () => optimizers.ftrl({ l1RegularizationStrength: 0.01, beta: 0.5 }),
    () =>
      optimizers.adam({
        learningRate: optimizers.schedules.cosineDecay({
          initialLearningRate: 0.1,
          decaySteps: 100,
          warmupTarget: 0.2,
          warmupSteps: 10,
        }),
      }),
  ];

  test.each(makers.map((m, i) => [i, m] as const))(
    'optimizer %i rebuilds from its config',
    (_i, make) => {
      const opt = make();
      const serialized = optimizers.serializeOptimizer(opt);
      // Through JSON, as a saved model would carry it.
      const copy = optimizers.getOptimizer(
        JSON.parse(JSON.stringify(serialized)) as {
          className: string;
          config: Record<string, unknown>;
        },
      );
      expect(copy.className).toBe(opt.className);
      expect(copy.getConfig()).toEqual(opt.getConfig());
      expect(copy.learningRate).toBe(opt.learningRate);
    },
  );

  test("Keras's snake_case config (with its neutral extra options) is understood", () => {
    const opt = optimizers.getOptimizer({
      class_name: 'Adam',
      config: {
        name: 'adam',
        learning_rate: {
          module: 'keras.optimizers.schedules',
          class_name: 'ExponentialDecay',
          config: {
            initial_learning_rate: 0.1,
            decay_steps: 10,
            decay_rate: 0.5,
            staircase: true,
            name: 'ExponentialDecay',
          },
          registered_name: null,
        },
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: 0.5,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.8,
        beta_2: 0.99,
        epsilon: 1e-6,
        amsgrad: true,
      },
    });
    expect(opt.getConfig()).toMatchObject({
      beta1: 0.8,
      beta2: 0.99,
      epsilon: 1e-6,
      amsgrad: true,
      clipValue: 0.5,
      learningRate: {
        className: 'ExponentialDecay',
        config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true },
      },
    });
    opt.iterations = 10;
    expect(opt.learningRate).toBeCloseTo(0.05, 12);
  });

  test('unknown or unsupported options are errors naming them', () => {
    expect(() => optimizers.getOptimizer({ className: 'Adam', config: { beta3: 0.5 } })).toThrow(
      /unknown Adam option\(s\) 'beta3'; expected name, learningRate, .*beta1, beta2, epsilon, amsgrad/,
    );
    expect(() => optimizers.getOptimizer({ className: 'SGD', config: { use_ema: true } })).toThrow(
      /SGD option 'useEma' = true is not supported/,
    );
  });

  test('a plain-function learning rate works but cannot be serialized', () => {
    const opt = optimizers.sgd({ learningRate: (step) => 0.1 / (step + 1) });
    expect(opt.learningRate).toBe(0.1);
    expect(() => opt.getConfig()).toThrow(/plain function, which cannot be serialized/);
  });
});

describe('bad configs fail in the constructor with clear messages', () => {
  test.each([
    [
      () => optimizers.sgd({ learningRate: -0.1 }),
      /SGD: learningRate must be a number >= 0, received -0.1/,
    ],
    [
      () => optimizers.adam({ learningRate: NaN }),
      /Adam: learningRate must be a number >= 0, received NaN/,
    ],
    [
      () => optimizers.sgd({ momentum: 1.5 }),
      /SGD: momentum must be a number in \[0, 1\], received 1.5/,
    ],
    [
      () => optimizers.sgd({ momentum: -0.1 }),
      /SGD: momentum must be a number in \[0, 1\], received -0.1/,
    ],
    [() => optimizers.rmsprop({ momentum: 2 }), /RMSprop: momentum must be a number in \[0, 1\]/],
    [() => optimizers.rmsprop({ rho: 1.2 }), /RMSprop: rho must be a number in \[0, 1\]/],
    [
      () => optimizers.adam({ clipNorm: 1, clipValue: 0.5 }),
      /Adam: only one of clipNorm, clipValue and globalClipNorm can be set, received clipNorm=1 and clipValue=0.5/,
    ],
    [
      () => optimizers.sgd({ globalClipNorm: 1, clipNorm: 2 }),
      /only one of clipNorm, clipValue and globalClipNorm can be set/,
    ],
    [() => optimizers.sgd({ clipNorm: 0 }), /SGD: clipNorm must be a number > 0, received 0/],
    [() => optimizers.adam({ beta1: 1 }), /Adam: beta1 must be a number in \[0, 1\), received 1/],
    [() => optimizers.adamax({ beta2: -0.5 }), /Adamax: beta2 must be a number in \[0, 1\)/],
    [() => optimizers.nadam({ epsilon: -1 }), /Nadam: epsilon must be a number >= 0/],
    [
      () => optimizers.adamw({ weightDecay: null as unknown as number }),
      /AdamW: weightDecay must be a number, received null/,
    ],
    [() => optimizers.adam({ weightDecay: -1 }), /Adam: weightDecay must be a number >= 0/],
    [() => optimizers.lion({ beta1: 0 }), /Lion: beta1 must be a number in \(0, 1\], received 0/],
    [
      () => optimizers.ftrl({ learningRatePower: 0.5 }),
      /Ftrl: learningRatePower must be a number <= 0/,
    ],
    [
      () => optimizers.adagrad({ initialAccumulatorValue: -1 }),
      /Adagrad: initialAccumulatorValue must be a number >= 0/,
    ],
    [
      () => optimizers.sgd({ nesterov: 'yes' as unknown as boolean }),
      /SGD: nesterov must be true or false, received 'yes'/,
    ],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('learning rate', () => {
  test('assigning a number changes the next steps (as reduceLROnPlateau does)', () => {
    const opt = optimizers.sgd({ learningRate: 0.1 });
    const w = named([1], 'w');
    opt.applyGradients([[nn.tensor([1]), w]]);
    expect(read(w)[0]).toBeCloseTo(0.9, 6);
    opt.learningRate = 0.5;
    expect(opt.learningRate).toBe(0.5);
    expect(opt.getConfig().learningRate).toBe(0.5);
    opt.applyGradients([[nn.tensor([1]), w]]);
    expect(read(w)[0]).toBeCloseTo(0.4, 6);
    expect(() => {
      opt.learningRate = -1;
    }).toThrow(/learningRate must be a number >= 0/);
  });

  test('a schedule is evaluated at iterations; a number cannot replace it', () => {
    const schedule = optimizers.schedules.piecewiseConstantDecay({
      boundaries: [0, 1],
      values: [1, 0.1, 0.01],
    });
    const opt = optimizers.sgd({ learningRate: schedule });
    expect(opt.learningRateSchedule).toBe(schedule);
    const w = named([0], 'w');
    const lrs: number[] = [];
    for (let i = 0; i < 3; i++) {
      lrs.push(opt.learningRate);
      opt.applyGradients([[nn.tensor([-1]), w]]);
    }
    expect(lrs).toEqual([1, 0.1, 0.01]);
    expect(read(w)[0]).toBeCloseTo(1.11, 6);
    expect(() => {
      opt.learningRate = 0.1;
    }).toThrow(
      /created with a learning-rate schedule, so its learning rate cannot be set to a number/,
    );
    // A new schedule may replace it.
    opt.learningRate = optimizers.schedules.exponentialDecay({
      initialLearningRate: 0.2,
      decaySteps: 1,
      decayRate: 0.5,
    });
    expect(opt.learningRate).toBeCloseTo(0.2 * 0.5 ** 3, 12);
  });

  test('a schedule returning a bad value is a clear error', () => {
    const opt = optimizers.sgd({ learningRate: () => NaN });
    expect(() => opt.learningRate).toThrow(/schedule returned NaN at step 0/);
  });
});

describe('applyGradients', () => {
  test('null gradients are dropped: that variable and its slots are left alone', () => {
    const opt = optimizers.adam({ learningRate: 0.1 });
    const a = named([1, 2], 'a');
    const b = named([3], 'b');
    opt.applyGradients([
      [nn.tensor([1, 1]), a],
      [null, b],
    ]);
    expect(read(b)).toEqual([3]);
    expect(opt.iterations).toBe(1);
    expect(opt.variables).toEqual([a]);
    const names = opt.getWeights().map((w) => w.name);
    expect(names).toEqual(['iter', `${a.name}/m`, `${a.name}/v`]);
  });

  test('an empty list does nothing; only null gradients is an error', () => {
    const opt = optimizers.sgd();
    opt.applyGradients([]);
    expect(opt.iterations).toBe(0);
    const a = named([1], 'a');
    expect(() => opt.applyGradients([[null, a]])).toThrow(
      new RegExp(`SGD.applyGradients: no gradients provided for any variable \\('${a.name}'\\)`),
    );
  });

  test('shape, dtype, duplicate and type errors name the variable', () => {
    const opt = optimizers.sgd();
    const a = named([1, 2], 'a');
    expect(() => opt.applyGradients([[nn.tensor([1, 2, 3]), a]])).toThrow(
      new RegExp(`the gradient of variable '${a.name}' has shape \\[3\\], expected \\[2\\]`),
    );
    expect(() =>
      opt.applyGradients([
        [nn.tensor([1, 2]), a],
        [nn.tensor([1, 2]), a],
      ]),
    ).toThrow(new RegExp(`variable '${a.name}' appears more than once`));
    expect(() =>
      opt.applyGradients([[nn.tensor([1, 2]), nn.tensor([1, 2]) as nn.Variable]]),
    ).toThrow(/pair 0: expected a Variable as second element/);
    const i = nn.variable(nn.tensor([1, 2], undefined, 'int32'));
    expect(() => opt.applyGradients([[nn.tensor([1, 2]), i]])).toThrow(
      /must be float32, received int32/,
    );
    expect(opt.iterations).toBe(0);
  });

  test('updates inside a recording GradientTape are not recorded', () => {
    const opt = optimizers.adam();
    const w = named([1, 2], 'w');
    const tape = new nn.GradientTape();
    tape.record(() => opt.applyGradients([[nn.tensor([1, 1]), w]]));
    expect(tape.watchedVariables()).toEqual([]);
    tape.dispose();
  });
});

describe('minimize', () => {
  test('decreases a quadratic and returns the loss before the step', () => {
    const target = nn.tensor([1, -2, 3]);
    const w = named([0, 0, 0], 'w');
    const opt = optimizers.adam({ learningRate: 0.1 });
    const loss = () => nn.sum(nn.square(nn.sub(w, target)));
    const first = opt.minimize(loss);
    expect(first).toBeCloseTo(14, 5);
    let last = first;
    for (let i = 0; i < 200; i++) last = opt.minimize(loss);
    expect(last).toBeLessThan(1e-2);
    expect(opt.iterations).toBe(201);
    read(w).forEach((v, i) => expect(v).toBeCloseTo([1, -2, 3][i]!, 1));
  });

  test('varList restricts which variables move', () => {
    const a = named([1], 'a');
    const b = named([1], 'b');
    const opt = optimizers.sgd({ learningRate: 0.1 });
    opt.minimize(() => nn.sum(nn.mul(a, b)), [a]);
    expect(read(a)[0]).toBeCloseTo(0.9, 6);
    expect(read(b)).toEqual([1]);
  });

  test('a non-scalar loss, or one reading no variable, is an error', () => {
    const a = named([1, 2], 'a');
    const opt = optimizers.sgd();
    expect(() => opt.minimize(() => nn.square(a))).toThrow(
      /SGD.minimize: lossFn must return a scalar, received shape \[2\]/,
    );
    expect(() => opt.minimize(() => nn.sum(nn.tensor([1, 2])))).toThrow(
      /the loss does not read any trainable variable/,
    );
  });

  test('50 steps with clipping and weight decay leave no tensors behind', () => {
    const w = named([0.5, -0.5, 2, 1], 'w');
    const b = named([0.1, 0.2], 'b');
    const x = nn.tensor([1, 2]);
    const opt = optimizers.adam({ learningRate: 0.01, clipNorm: 1, weightDecay: 0.01 });
    const loss = () =>
      nn.sum(
        nn.square(
          nn.add(nn.matMul(nn.reshape(w, [2, 2]), nn.reshape(x, [2, 1])), nn.reshape(b, [2, 1])),
        ),
      );
    opt.minimize(loss);
    const before = nn.memory();
    for (let i = 0; i < 50; i++) opt.minimize(loss);
    const after = nn.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    // dispose() frees the slots.
    opt.dispose();
    expect(nn.memory().numBytes).toBe(before.numBytes - 2 * 4 * (4 + 2));
  });
});

describe('state: getWeights / setWeights', () => {
  test('TF.js names and order: iter, then each slot for every variable', () => {
    const kernel = named([1, 2, 3, 4], 'kernel', 'dense');
    const bias = named([0, 0], 'bias', 'dense');
    const opt = optimizers.adam();
    opt.applyGradients([
      [nn.tensor([1, 1, 1, 1]), kernel],
      [nn.tensor([1, 1]), bias],
    ]);
    const weights = opt.getWeights();
    expect(weights.map((w) => w.name)).toEqual([
      'iter',
      `${kernel.name}/m`,
      `${bias.name}/m`,
      `${kernel.name}/v`,
      `${bias.name}/v`,
    ]);
    expect(kernel.name).toMatch(/^dense_t\d+\/kernel$/);
    expect(weights[0]!.tensor.dtype).toBe('int32');
    expect(weights[0]!.tensor.shape).toEqual([]);
    // Snapshots: later steps do not change them.
    const m = read(weights[1]!.tensor);
    opt.applyGradients([[nn.tensor([5, 5, 5, 5]), kernel]]);
    expect(read(weights[1]!.tensor)).toEqual(m);
    // Other optimizers' slot names (TF.js where it has them).
    const slotNames = (opt2: Optimizer): string[] => {
      const v = named([1], 'v');
      opt2.applyGradients([[nn.tensor([1]), v]]);
      return opt2.getWeights().map((w) => w.name.replace(`${v.name}/`, ''));
    };
    expect(slotNames(optimizers.sgd({ momentum: 0.9 }))).toEqual(['iter', 'momentum']);
    expect(slotNames(optimizers.sgd())).toEqual(['iter']);
    expect(slotNames(optimizers.rmsprop({ momentum: 0.9, centered: true }))).toEqual([
      'iter',
      'rms',
      'momentum',
      'mg',
    ]);
    expect(slotNames(optimizers.adagrad())).toEqual(['iter', 'accumulator']);
    expect(slotNames(optimizers.adadelta())).toEqual(['iter', 'accum_grad', 'accum_var']);
    expect(slotNames(optimizers.adam({ amsgrad: true }))).toEqual(['iter', 'm', 'v', 'vhat']);
    expect(slotNames(optimizers.nadam())).toEqual(['iter', 'mu_prod', 'm', 'v']);
    expect(slotNames(optimizers.lion())).toEqual(['iter', 'm']);
    expect(slotNames(optimizers.ftrl())).toEqual(['iter', 'accumulator', 'linear']);
  });

  test('setWeights then getWeights gives the same state, even before any step', () => {
    const opt = optimizers.adam();
    const state = [
      { name: 'iter', tensor: nn.scalar(7, 'int32') },
      { name: 'x/y/m', tensor: nn.tensor([1, 2]) },
      { name: 'x/y/v', tensor: nn.tensor([3, 4]) },
    ];
    opt.setWeights(state);
    expect(opt.iterations).toBe(7);
    const back = opt.getWeights();
    expect(back.map((w) => [w.name, read(w.tensor)])).toEqual([
      ['iter', [7]],
      ['x/y/m', [1, 2]],
      ['x/y/v', [3, 4]],
    ]);
  });

  test('bad state is rejected with clear errors, changing nothing', () => {
    const w = named([1, 2], 'w');
    const opt = optimizers.adam();
    opt.applyGradients([[nn.tensor([1, 1]), w]]);
    const good = opt.getWeights();
    const m = good.find((x) => x.name.endsWith('/m'))!;
    const v = good.find((x) => x.name.endsWith('/v'))!;
    const iter = good[0]!;
    expect(() => opt.setWeights([m, v])).toThrow(/Adam.setWeights: the state must include 'iter'/);
    expect(() => opt.setWeights([iter, { name: `${w.name}/velocity`, tensor: v.tensor }])).toThrow(
      new RegExp(
        `unknown state '${w.name}/velocity' for Adam \\(slots 'm', 'v'\\); expected names iter, <variable>/m, <variable>/v`,
      ),
    );
    expect(() =>
      opt.setWeights([iter, { name: `${w.name}/m`, tensor: nn.tensor([1, 2, 3]) }, v]),
    ).toThrow(
      new RegExp(
        `saved state '${w.name}/m' has shape \\[3\\], but variable '${w.name}' has shape \\[2\\]`,
      ),
    );
    expect(() => opt.setWeights([iter, m, m])).toThrow(/appears more than once/);
    expect(() => opt.setWeights([{ name: 'iter', tensor: nn.tensor([1, 2]) }])).toThrow(
      /'iter' must be a scalar, received shape \[2\]/,
    );
    expect(() => opt.setWeights([{ name: 'iter', tensor: nn.scalar(-1) }])).toThrow(
      /'iter' must be an integer >= 0, received -1/,
    );
    expect(() =>
      optimizers.nadam().setWeights([{ name: 'iter', tensor: nn.scalar(1, 'int32') }]),
    ).toThrow(/Nadam.setWeights: the state must include 'mu_prod'/);
    expect(() =>
      opt.setWeights([{ name: 'iter' } as unknown as { name: string; tensor: nn.Tensor }]),
    ).toThrow(/every entry must be \{name: string, tensor: Tensor\}/);
    // Nothing changed.
    expect(opt.iterations).toBe(1);
    expect(opt.getWeights().map((x) => [x.name, read(x.tensor)])).toEqual(
      good.map((x) => [x.name, read(x.tensor)]),
    );
  });

  test('pending state with the wrong shape fails when the variable is built', () => {
    const opt = optimizers.adagrad();
    opt.setWeights([
      { name: 'iter', tensor: nn.scalar(2, 'int32') },
      { name: 'other/accumulator', tensor: nn.tensor([1, 2, 3]) },
    ]);
    const w = named([1, 2], 'w');
    expect(() => opt.applyGradients([[nn.tensor([1, 1]), w]])).toThrow(
      /Adagrad.build: saved state 'other\/accumulator' has shape \[3\], but variable '.*' has shape \[2\]/,
    );
  });
});

describe('weight decay', () => {
  test('excludeFromWeightDecay by variable and by name pattern', () => {
    const kernel = named([1, 1], 'kernel');
    const bias = named([1, 1], 'bias');
    const gamma = named([1, 1], 'gamma');
    const opt = optimizers.sgd({ learningRate: 0.1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay({ varList: [gamma], varNames: ['bias$'] });
    const zero = () => nn.tensor([0, 0]);
    opt.applyGradients([
      [zero(), kernel],
      [zero(), bias],
      [zero(), gamma],
    ]);
    expect(read(kernel)).toEqual([0.95, 0.95].map(Math.fround));
    expect(read(bias)).toEqual([1, 1]);
    expect(read(gamma)).toEqual([1, 1]);
  });

  test('iterations can be set but must be a non-negative integer', () => {
    const opt = optimizers.adam();
    opt.iterations = 5;
    expect(opt.iterations).toBe(5);
    expect(() => {
      opt.iterations = 1.5;
    }).toThrow(/Adam: iterations must be an integer >= 0, received 1.5/);
  });
});
