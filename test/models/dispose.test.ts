/** model.dispose(): frees weights and owned optimizer state as TF.js does; later use is a clear error. */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

function mlp(name?: string): nn.Sequential {
  return nn.sequential({
    name,
    layers: [
      nn.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

const x = nn.randomNormal([8, 3], 0, 1, 'float32', 1);
const y = nn.tensor([0, 1, 0, 1, 0, 1, 0, 1], [8], 'int32');

describe('model.dispose', () => {
  test('an uncompiled model: its 4 weights are freed; memory returns to what it was', () => {
    const before = nn.memory().numTensors;
    const m = mlp();
    expect(nn.memory().numTensors).toBe(before + 4);
    const result = m.dispose();
    expect(result).toEqual({ refCountAfterDispose: 0, numDisposedVariables: 4 });
    expect(nn.memory().numTensors).toBe(before);
    expect(m.isDisposed).toBe(true);
  });

  test("a model compiled with 'adam' after fit: weights and Adam's m and v slots are freed", async () => {
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await m.fit(x, y, { verbose: 0 });
    const before = nn.memory().numTensors;
    const result = m.dispose();
    // 4 weights + 2 slots for each of them.
    expect(result).toEqual({ refCountAfterDispose: 0, numDisposedVariables: 4 + 8 });
    expect(before - nn.memory().numTensors).toBe(12);
  });

  test('an Optimizer object given to compile may be shared, so it is left alone (as TF.js)', async () => {
    const opt = nn.optimizers.adam();
    const m = mlp();
    m.compile({ optimizer: opt, loss: 'sparseCategoricalCrossentropy' });
    await m.fit(x, y, { verbose: 0 });
    expect(m.dispose().numDisposedVariables).toBe(4);
    const state = opt.getWeights();
    expect(state.length).toBe(1 + 8); // iter + the slots
    for (const s of state) s.tensor.dispose();
  });

  test("every later use throws a DisposedError saying that model 'x' was disposed", async () => {
    const m = mlp('doomed');
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    m.dispose();
    const message = (where: string): string =>
      `${where}: model 'doomed' was disposed (model.dispose() freed its weights), so it cannot be used any more; build or load the model again`;
    const syncCalls: [string, () => unknown][] = [
      ['predict', () => m.predict(x)],
      ['predictOnBatch', () => m.predictOnBatch(x)],
      ['trainOnBatch', () => m.trainOnBatch(x, y)],
      ['testOnBatch', () => m.testOnBatch(x, y)],
      ['compile', () => m.compile({ optimizer: 'sgd', loss: 'mse' })],
      ['getWeights', () => m.getWeights()],
      ['setWeights', () => m.setWeights([])],
      ['dispose', () => m.dispose()],
      ["Sequential 'doomed'", () => m.apply(x)],
    ];
    for (const [where, call] of syncCalls) {
      expect(call).toThrow(nn.DisposedError);
      expect(call).toThrow(message(where));
    }
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(message('fit'));
    await expect(m.evaluate(x, y, { verbose: 0 })).rejects.toThrow(message('evaluate'));
    await expect(m.save('/nonexistent/never-written')).rejects.toThrow(message('save'));
    expect(m.isTraining).toBe(false);
  });

  test('a model nested in another is disposed with it; its weights are counted once', () => {
    const inner = mlp('inner');
    const outer = nn.sequential({
      layers: [inner, nn.layers.dense({ units: 1 })],
    });
    outer.predict(x).dispose(); // builds the last layer
    const before = nn.memory().numTensors;
    expect(outer.dispose().numDisposedVariables).toBe(4 + 2);
    expect(before - nn.memory().numTensors).toBe(6);
    expect(inner.isDisposed).toBe(true);
    expect(() => inner.predict(x)).toThrow("predict: model 'inner' was disposed");
    // Disposing the inner one again is the same clear error.
    expect(() => inner.dispose()).toThrow(nn.DisposedError);
  });

  test('a subclassed model frees the weights of the layers it holds', () => {
    class Net extends nn.Model {
      hidden = nn.layers.dense({ units: 5 });
      head = nn.layers.dense({ units: 1 });
      override call(t: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
        return this.head.apply(this.hidden.apply(t, opts), opts);
      }
    }
    const net = new Net();
    net.apply(x).dispose();
    expect(net.dispose().numDisposedVariables).toBe(4);
    expect(() => net.predict(x)).toThrow(nn.DisposedError);
  });
});
