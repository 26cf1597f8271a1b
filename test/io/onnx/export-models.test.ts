/**
 * ONNX export of whole models: Sequential, Functional (several inputs and outputs, a shared
 * layer) and nested models at opsets 13 and 17, checked in onnxruntime-web; the dynamic
 * batch, the channels-first input option, names and raw initializers in the file; and the
 * errors for what cannot be exported.
 */
import { describe, expect, it } from 'vitest';
import * as nn from 'neurite';
import { exportOnnx } from '../../../src/io/onnx/export/index.js';
import { decodeModel } from '../../../src/io/onnx/proto.js';
import { ModelIOError } from '../../../src/io/model-io-error.js';
import {
  maxError,
  neuriteOutputs,
  ortError,
  randomInputs,
  randomizeWeights,
  runOrt,
} from './export-harness.js';

const L = nn.layers;

function cnn(): nn.Sequential {
  const model = nn.sequential({
    layers: [
      L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [8, 8, 2] }),
      L.batchNormalization(),
      L.activation({ activation: 'relu' }),
      L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 3, kernelSize: 3, activation: 'elu' }),
      L.dropout({ rate: 0.3 }),
      L.flatten(),
      L.dense({ units: 5, activation: 'softmax' }),
    ],
  });
  randomizeWeights(model);
  return model;
}

/** Two inputs, two outputs, a Dense shared by both inputs. */
function twoByTwo(): nn.Functional {
  const a = nn.input({ shape: [4], name: 'left' });
  const b = nn.input({ shape: [4], name: 'right' });
  const shared = L.dense({ units: 3, activation: 'tanh', name: 'shared' });
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const sum = L.add({ name: 'sum' }).apply([ha, hb]) as nn.SymbolicTensor;
  const cat = L.concatenate({ name: 'cat' }).apply([ha, hb, a]) as nn.SymbolicTensor;
  const out1 = L.dense({ units: 2, name: 'head1' }).apply(sum);
  const out2 = L.dense({ units: 1, activation: 'sigmoid', name: 'head2' }).apply(cat);
  const model = nn.model({ inputs: [a, b], outputs: [out1, out2], name: 'two_by_two' });
  randomizeWeights(model);
  return model;
}

/** A Sequential used twice inside a Functional, and that Functional inside a Sequential. */
function nested(): nn.Sequential {
  const block = nn.sequential({
    layers: [L.dense({ units: 4, activation: 'relu', inputShape: [3] }), L.layerNormalization()],
    name: 'block',
  });
  const x = nn.input({ shape: [3] });
  const y = nn.input({ shape: [3] });
  const merged = L.average().apply([block.apply(x), block.apply(y)]) as nn.SymbolicTensor;
  const inner = nn.model({
    inputs: [x, y],
    outputs: L.dense({ units: 3 }).apply(merged),
    name: 'inner',
  });
  const p = nn.input({ shape: [3] });
  const pair = nn.model({
    inputs: p,
    outputs: inner.apply([p, p]),
    name: 'pair',
  });
  const model = nn.sequential({
    layers: [L.inputLayer({ inputShape: [3] }), pair, L.dense({ units: 2 })],
  });
  randomizeWeights(model);
  return model;
}

describe.each([13, 17])(
  'ONNX export at opset %i runs in onnxruntime-web as in Neurite',
  (opset) => {
    it('a Sequential CNN', async () => {
      expect(await ortError(cnn(), randomInputs([[3, 8, 8, 2]]), { opset })).toBeLessThan(1e-5);
    });

    it('a Functional model with two inputs, two outputs and a shared layer', async () => {
      const err = await ortError(
        twoByTwo(),
        randomInputs([
          [5, 4],
          [5, 4],
        ]),
        { opset },
      );
      expect(err).toBeLessThan(1e-5);
    });

    it('nested models (a shared Sequential inside a Functional inside a Sequential)', async () => {
      expect(await ortError(nested(), randomInputs([[4, 3]]), { opset })).toBeLessThan(1e-5);
    });

    it('a CNN taking channels-first inputs (inputLayout)', async () => {
      const model = cnn();
      const bytes = exportOnnx(model, 'cf.onnx', { opset, inputLayout: 'channels_first' });
      const dims = decodeModel(bytes).graph!.input![0]!.type!.tensorType!.shape!.dim!;
      expect(dims.map((d) => d.dimValue ?? d.dimParam)).toEqual(['batch', 2, 8, 8]);
      const err = await ortError(model, randomInputs([[2, 8, 8, 2]]), {
        opset,
        inputLayout: 'channels_first',
      });
      expect(err).toBeLessThan(1e-5);
    });
  },
);

describe('ONNX export: the file', () => {
  it('has a dynamic batch: one file predicts batches of 1 and 7', async () => {
    const model = cnn();
    const bytes = exportOnnx(model, 'cnn.onnx');
    const graph = decodeModel(bytes).graph!;
    expect(graph.input![0]!.type!.tensorType!.shape!.dim![0]).toEqual({ dimParam: 'batch' });
    expect(graph.output![0]!.type!.tensorType!.shape!.dim![0]).toEqual({ dimParam: 'batch' });
    for (const n of [1, 7]) {
      const x = randomInputs([[n, 8, 8, 2]], n);
      expect(maxError(await runOrt(bytes, x), neuriteOutputs(model, x))).toBeLessThan(1e-5);
    }
  });

  it('names inputs, outputs, nodes and initializers after the model; weights as raw little-endian float32', async () => {
    const model = twoByTwo();
    const onnx = decodeModel(exportOnnx(model, 'm.onnx'));
    expect(onnx.opsetImport).toEqual([{ domain: '', version: 13 }]);
    expect(onnx.irVersion).toBe(7);
    expect(onnx.producerName).toBe('Neurite');
    const graph = onnx.graph!;
    expect(graph.name).toBe('two_by_two');
    expect(graph.input!.map((i) => i.name)).toEqual(['left', 'right']);
    expect(graph.output!.map((o) => o.name)).toEqual(model.outputNames);
    // The shared layer's weights are written once.
    const inits = graph.initializer!.map((t) => t.name).sort();
    expect(inits).toEqual([
      'head1/bias',
      'head1/kernel',
      'head2/bias',
      'head2/kernel',
      'shared/bias',
      'shared/kernel',
    ]);
    const names = graph.node!.map((n) => n.name);
    expect(names).toEqual(
      expect.arrayContaining(['shared', 'shared_1', 'sum', 'cat', 'head1', 'head2']),
    );
    const kernel = graph.initializer!.find((t) => t.name === 'shared/kernel')!;
    expect(kernel.dims).toEqual([4, 3]);
    expect(kernel.floatData ?? []).toEqual([]);
    const view = new DataView(
      kernel.rawData!.buffer,
      kernel.rawData!.byteOffset,
      kernel.rawData!.byteLength,
    );
    const values = Array.from({ length: 12 }, (_, i) => view.getFloat32(i * 4, true));
    const layer = model.getLayer('shared') as nn.layers.Dense;
    expect(values).toEqual(Array.from(layer.kernel!.dataSync()));
    // ONNX Runtime reports the same input and output names.
    const out = await runOrt(
      exportOnnx(model, 'm.onnx'),
      randomInputs([
        [1, 4],
        [1, 4],
      ]),
    );
    expect(out.map((o) => o.name)).toEqual(model.outputNames);
  });

  it('writes an output that is an input (Identity), one output twice, and an output another layer uses', async () => {
    const x = nn.input({ shape: [3], name: 'x' });
    const h = L.dense({ units: 2, name: 'h' }).apply(x);
    const next = L.dense({ units: 2, name: 'next' }).apply(h);
    const model = nn.model({ inputs: x, outputs: [x, h, h, next] });
    const bytes = exportOnnx(model, 'id.onnx');
    const graph = decodeModel(bytes).graph!;
    expect(new Set(graph.output!.map((o) => o.name)).size).toBe(4);
    const xs = randomInputs([[2, 3]]);
    expect(maxError(await runOrt(bytes, xs), neuriteOutputs(model, xs))).toBeLessThan(1e-5);
  });

  it('writes opset 17 with IR version 8, and LayerNormalization as one node', () => {
    const model = nn.sequential({ layers: [L.layerNormalization({ inputShape: [4] })] });
    const onnx = decodeModel(exportOnnx(model, 'ln.onnx', { opset: 17 }));
    expect(onnx.irVersion).toBe(8);
    expect(onnx.graph!.node!.map((n) => n.opType)).toEqual(['LayerNormalization']);
    const at13 = decodeModel(exportOnnx(model, 'ln.onnx', { opset: 13 })).graph!.node!;
    expect(at13.map((n) => n.opType)).toContain('ReduceMean');
  });

  it('keeps a Conv → BatchNormalization → ReLU → MaxPool chain channels-first (two Transposes)', () => {
    const model = cnn();
    const nodes = decodeModel(exportOnnx(model, 'cnn.onnx')).graph!.node!;
    const ops = nodes.map((n) => n.opType);
    // Nodes are named after their layers (an Activation layer's node too).
    expect(nodes.slice(1, 5).map((n) => n.name)).toEqual(
      model.layers.slice(0, 4).map((l) => l.name),
    );
    expect(ops.filter((o) => o === 'Transpose')).toHaveLength(2);
    expect(ops.slice(0, 5)).toEqual(['Transpose', 'Conv', 'BatchNormalization', 'Relu', 'MaxPool']);
  });
});

describe('ONNX export: layouts', () => {
  it('writes a Permute from NCHW to channels last before a Conv as no node at all', () => {
    const model = nn.sequential({
      layers: [
        L.permute({ dims: [2, 3, 1], inputShape: [3, 8, 8] }),
        L.conv2d({ filters: 2, kernelSize: 3 }),
        L.globalAveragePooling2d(),
      ],
    });
    const ops = decodeModel(exportOnnx(model, 'p.onnx')).graph!.node!.map((n) => n.opType);
    expect(ops).toEqual(['Conv', 'GlobalAveragePool', 'Flatten']);
  });
});

class Doubler extends nn.Layer {
  readonly className = 'Doubler';
  call(x: nn.Tensor): nn.Tensor {
    return nn.mul(x, 2);
  }
}

class Net extends nn.Model {
  readonly d = L.dense({ units: 2 });
  override call(x: nn.Tensor): nn.Tensor {
    return this.d.apply(x);
  }
}

function fails(f: () => unknown): ModelIOError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelIOError);
    return e as ModelIOError;
  }
  throw new Error('expected a ModelIOError');
}

describe('ONNX export: clear errors', () => {
  const mlp = (): nn.Model => nn.sequential({ layers: [L.dense({ units: 2, inputShape: [3] })] });

  it.each([12, 22, 13.5, '13', Number.NaN])('refuses opset %s, naming the range', (opset) => {
    const e = fails(() => exportOnnx(mlp(), 'm.onnx', { opset: opset as number }));
    expect(e.message).toMatch(/^m\.onnx: ONNX opset must be an integer from 13 to 21, received /);
    expect(e.file).toBe('m.onnx');
  });

  it('refuses an unknown option and a bad inputLayout', () => {
    expect(fails(() => exportOnnx(mlp(), 'm.onnx', { opst: 17 } as never)).message).toMatch(
      /unknown ONNX export option 'opst'; the options are opset, inputLayout/,
    );
    expect(
      fails(() => exportOnnx(mlp(), 'm.onnx', { inputLayout: 'NCHW' as never })).message,
    ).toMatch(/inputLayout must be 'channels_last' or 'channels_first', received "NCHW"/);
  });

  it('names a layer with no ONNX form, its class and the opset', () => {
    const model = nn.sequential({
      layers: [L.dense({ units: 2, inputShape: [3] }), new Doubler({ name: 'twice' })],
    });
    expect(fails(() => exportOnnx(model, 'm.onnx', { opset: 17 })).message).toMatch(
      /^m\.onnx: Doubler 'twice' \(class Doubler\) has no ONNX counterpart at opset 17; Neurite exports InputLayer, Dense, /,
    );
  });

  it('refuses a subclass of a built-in layer (its call may differ)', () => {
    class MyDense extends nn.layers.Dense {}
    const model = nn.sequential({
      layers: [new MyDense({ units: 2, inputShape: [3], name: 'mine' })],
    });
    expect(fails(() => exportOnnx(model, 'm.onnx')).message).toMatch(
      /Dense 'mine' \(class MyDense\) has no ONNX counterpart at opset 13/,
    );
  });

  it('names a custom activation function and its layer', () => {
    const twice = Object.assign((x: nn.Tensor) => nn.mul(x, 2), { id: 'relu' as const });
    const model = nn.sequential({
      layers: [L.dense({ units: 2, inputShape: [3], activation: twice, name: 'd' })],
    });
    expect(fails(() => exportOnnx(model, 'm.onnx')).message).toMatch(
      /^m\.onnx: Dense 'd': the custom activation function "relu" has no ONNX counterpart at opset 13; use one of Neurite's activation ids/,
    );
  });

  it('refuses a subclassed model, also when nested', () => {
    const net = new Net({ name: 'net' });
    expect(fails(() => exportOnnx(net, 'm.onnx')).message).toMatch(
      /'net' is a subclassed model \(its call\(\) is code\)/,
    );
    const outer = nn.sequential({ layers: [L.inputLayer({ inputShape: [3] }), net] });
    expect(fails(() => exportOnnx(outer, 'm.onnx')).message).toMatch(/'net' is a subclassed model/);
  });

  it('refuses a Sequential without an input shape and a non-float32 input', () => {
    const unbuilt = nn.sequential({ layers: [L.dense({ units: 2 })], name: 'open' });
    expect(fails(() => exportOnnx(unbuilt, 'm.onnx')).message).toMatch(
      /Sequential 'open' has no input shape yet/,
    );
    const ids = nn.input({ shape: [3], dtype: 'int32', name: 'ids' });
    const model = nn.model({ inputs: ids, outputs: L.flatten().apply(ids) });
    expect(fails(() => exportOnnx(model, 'm.onnx')).message).toMatch(
      /input 'ids' is int32; ONNX export writes float32 inputs only/,
    );
  });
});
