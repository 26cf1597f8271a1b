/**
 * Shared by the compiled-step tests: train a case eagerly and compiled from the same
 * seeds, and compare every bit (weights, optimizer state, history, evaluation, predictions).
 */
import { expect } from 'vitest';
import * as nn from 'neurite';

export type Mode = 'auto' | boolean;

export interface Case {
  build: () => nn.Model;
  compile: () => Omit<nn.CompileArgs, 'jitCompile'>;
  x: () => nn.Tensor | nn.Tensor[];
  y: () => nn.Tensor | nn.Tensor[];
  /** fit's options, or a function of the model giving them (callbacks that need it). */
  fit?: Omit<nn.FitArgs, 'verbose'> | ((m: nn.Model) => Omit<nn.FitArgs, 'verbose'>);
  /** Also compare evaluate and predict (default true). */
  inference?: boolean;
}

export interface Run {
  weights: string[];
  optimizer: string[];
  history: string;
  evaluation: string;
  predictions: string[];
  replays: { train: number; test: number; predict: number };
  eager: (string | null)[];
  /** Calls of the optimizer's applyGradients (eager steps only: a replay makes none). */
  updates: number;
}

/** The bytes of a tensor's values, as hex: equal strings are equal bits. */
export function bits(t: nn.Tensor): string {
  const v = t.dataSync();
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}

export async function train(c: Case, mode: Mode): Promise<Run> {
  nn.setSeed(11);
  const x = c.x();
  const y = c.y();
  const m = c.build();
  m.compile({ ...c.compile(), jitCompile: mode });
  // Counts the optimizer's eager updates: a replay runs the update from its plan.
  const opt = m.optimizer!;
  const apply = opt.applyGradients.bind(opt);
  let updates = 0;
  opt.applyGradients = (pairs) => {
    updates++;
    apply(pairs);
  };
  nn.setSeed(12);
  const fit = typeof c.fit === 'function' ? c.fit(m) : c.fit;
  const h = await m.fit(x, y, { batchSize: 32, epochs: 10, ...fit, verbose: 0 });
  const inference = c.inference ?? true;
  let evaluation = '';
  const predictions: string[] = [];
  if (inference) {
    for (let i = 0; i < 3; i++) {
      const logs = await m.evaluate(x, y, { batchSize: 64, verbose: 0 });
      evaluation = JSON.stringify(logs);
    }
    for (let i = 0; i < 3; i++) {
      const p: nn.Tensor | nn.Tensor[] = m.predict(x, { batchSize: 64 });
      for (const t of p instanceof nn.Tensor ? [p] : p) predictions.push(bits(t));
    }
  }
  const jit = m.compiled!.jit;
  const run: Run = {
    weights: m.getWeights().map(bits),
    optimizer: m.optimizer!.getWeights().map((w) => bits(w.tensor)),
    history: JSON.stringify(h.history),
    evaluation,
    predictions,
    replays: { train: jit.train.replays, test: jit.test.replays, predict: jit.predict.replays },
    eager: [jit.train.eagerReason, jit.test.eagerReason, jit.predict.eagerReason],
    updates,
  };
  m.dispose();
  return run;
}

/** Trains the case eagerly and compiled from the same seeds; expects the same bits. */
export async function expectSame(c: Case): Promise<Run> {
  const eager = await train(c, false);
  const compiled = await train(c, 'auto');
  expect(eager.replays).toEqual({ train: 0, test: 0, predict: 0 });
  expect(compiled.eager).toEqual([null, null, null]);
  expect(compiled.replays.train).toBeGreaterThan(0);
  // The whole step replays, the optimizer update included: no eager update during a replay.
  expect(compiled.updates + compiled.replays.train).toBe(eager.updates);
  if (c.inference ?? true) {
    expect(compiled.replays.test).toBeGreaterThan(0);
    expect(compiled.replays.predict).toBeGreaterThan(0);
  }
  expect(compiled.weights).toEqual(eager.weights);
  expect(compiled.optimizer).toEqual(eager.optimizer);
  expect(compiled.history).toEqual(eager.history);
  expect(compiled.evaluation).toEqual(eager.evaluation);
  expect(compiled.predictions).toEqual(eager.predictions);
  return compiled;
}

export const features = (rows: number, cols: number) => () => nn.randomUniform([rows, cols]);
export const labels = (rows: number, classes: number) => () =>
  nn.cast(nn.mul(nn.randomUniform([rows]), classes - 0.001), 'int32');

export function mlp(
  sizes: readonly number[],
  extra?: (m: nn.Sequential, i: number) => void,
): nn.Model {
  const m = nn.sequential();
  sizes.slice(1, -1).forEach((units, i) => {
    m.add(
      nn.layers.dense({
        units,
        activation: 'relu',
        ...(i === 0 ? { inputShape: [sizes[0]!] } : {}),
      }),
    );
    extra?.(m, i);
  });
  m.add(nn.layers.dense({ units: sizes[sizes.length - 1]!, activation: 'softmax' }));
  return m;
}

export const adamSparse = () => ({
  optimizer: 'adam',
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});
