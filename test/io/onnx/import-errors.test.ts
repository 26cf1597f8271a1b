/**
 * ONNX import refuses what it cannot import or what is damaged, with a ModelIOError naming
 * the file (and the node, its op type and the opset): hand-made graphs (encoded with the
 * official schema) for each check.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { ModelIOError } from '../../../src/io/index.js';
import { importOnnx } from '../../../src/io/onnx/import/index.js';
import {
  encodeModel,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from '../../../src/io/onnx/proto.js';
import { loadOnnx } from './import-helpers.js';

const F = 'bad.onnx';

function floats(name: string, dims: number[], values?: number[]): OnnxTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = Float32Array.from(values ?? Array.from({ length: n }, (_, i) => ((i % 7) - 3) / 10));
  return { name, dims, dataType: 1, rawData: new Uint8Array(data.buffer) };
}
const ints = (name: string, v: number[]): OnnxAttribute => ({ name, type: 7, ints: v });
const int = (name: string, v: number): OnnxAttribute => ({ name, type: 2, i: v });

/** A one-input model: x [batch, ...shape] through `nodes` to output `out`. */
function model(
  nodes: OnnxNode[],
  init: OnnxTensor[],
  shape: (number | string)[],
  out = 'y',
  opset = 13,
): Uint8Array {
  const dim = (d: number | string) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
  return encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'g',
      node: nodes,
      initializer: init,
      input: [
        {
          name: 'x',
          type: { tensorType: { elemType: 1, shape: { dim: ['batch', ...shape].map(dim) } } },
        },
      ],
      output: [{ name: out, type: { tensorType: { elemType: 1 } } }],
    },
  });
}

async function refusal(bytes: Uint8Array): Promise<string> {
  const err = await importOnnx(bytes, F, {}).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ModelIOError);
  expect((err as ModelIOError).file).toBe(F);
  return (err as Error).message;
}

describe('damaged files', () => {
  test('bytes that are not a protobuf', async () => {
    expect(await refusal(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]))).toMatch(
      /^bad\.onnx: not a valid ONNX file/,
    );
  });
  test('an empty file, and a protobuf with no graph', async () => {
    expect(await refusal(new Uint8Array())).toMatch(/the file is empty/);
    expect(await refusal(encodeModel({ irVersion: 7 }))).toMatch(/no graph with nodes/);
  });
  test('raw_data shorter than dims × 4', async () => {
    const w = { ...floats('w', [3, 2]), rawData: new Uint8Array(20) };
    const bytes = model(
      [{ opType: 'MatMul', name: 'mm', input: ['x', 'w'], output: ['y'] }],
      [w],
      [3],
    );
    expect(await refusal(bytes)).toContain(
      "initializer 'w' has dims [3,2] of FLOAT (1): expected 24 bytes of raw_data, received 20",
    );
  });
  test('float_data of the wrong length, negative dims, huge dims', async () => {
    const mm = [{ opType: 'MatMul', name: 'mm', input: ['x', 'w'], output: ['y'] }];
    const short: OnnxTensor = { name: 'w', dims: [3, 2], dataType: 1, floatData: [1, 2] };
    expect(await refusal(model(mm, [short], [3]))).toContain(
      '(6 values) of FLOAT (1), but its data field holds 2',
    );
    expect(await refusal(model(mm, [{ ...floats('w', [3, 2]), dims: [3, -2] }], [3]))).toMatch(
      /dims \[3,-2\]: expected non-negative integers/,
    );
    expect(
      await refusal(model(mm, [{ ...floats('w', [3, 2]), dims: [1 << 20, 1 << 20] }], [3])),
    ).toMatch(/more than the 268435456 Neurite loads/);
  });
  test('external data is refused, never read', async () => {
    const w: OnnxTensor = {
      name: 'w',
      dims: [3, 2],
      dataType: 1,
      dataLocation: 1,
      externalData: [{ key: 'location', value: '../../etc/passwd' }],
    };
    const bytes = model(
      [{ opType: 'MatMul', name: 'mm', input: ['x', 'w'], output: ['y'] }],
      [w],
      [3],
    );
    expect(await refusal(bytes)).toMatch(
      /keeps its values in an external file; Neurite reads only what is inside the \.onnx file/,
    );
  });
  test('a cycle, an undefined input, a value written twice', async () => {
    const cyc = model(
      [
        { opType: 'Relu', name: 'a', input: ['x2'], output: ['x1'] },
        { opType: 'Relu', name: 'b', input: ['x1'], output: ['x2'] },
        { opType: 'Relu', name: 'c', input: ['x'], output: ['y'] },
      ],
      [],
      [3],
    );
    expect(await refusal(cyc)).toMatch(
      /the graph has a cycle \(node Relu 'a' depends on its own output\)/,
    );
    const undef = model(
      [{ opType: 'Relu', name: 'r', input: ['nowhere'], output: ['y'] }],
      [],
      [3],
    );
    expect(await refusal(undef)).toContain(
      "node Relu 'r' reads 'nowhere', which no node, graph input or initializer defines",
    );
    const twice = model(
      [
        { opType: 'Relu', name: 'r1', input: ['x'], output: ['y'] },
        { opType: 'Relu', name: 'r2', input: ['x'], output: ['y'] },
      ],
      [],
      [3],
    );
    expect(await refusal(twice)).toMatch(
      /node Relu 'r2' writes 'y', which node Relu 'r1' also writes/,
    );
  });
});

describe('what Neurite cannot import', () => {
  test('an unknown op names the node, the op type, the opset and the supported list', async () => {
    const bytes = model(
      [{ opType: 'Hardmax', name: 'hm', input: ['x'], output: ['y'] }],
      [],
      [3],
      'y',
      12,
    );
    const msg = await refusal(bytes);
    expect(msg).toMatch(
      /^bad\.onnx: opset 12: node Hardmax 'hm' has an op type Neurite does not import\./,
    );
    expect(msg).toMatch(/Neurite imports: Add, AveragePool, BatchNormalization, .*Transpose/);
  });
  test('an op of another domain', async () => {
    const bytes = model(
      [{ opType: 'FusedGemm', domain: 'com.microsoft', name: 'fg', input: ['x'], output: ['y'] }],
      [],
      [3],
    );
    expect(await refusal(bytes)).toContain("node FusedGemm 'fg' (domain 'com.microsoft')");
  });
  test('a dynamic dimension other than the batch', async () => {
    const bytes = model(
      [{ opType: 'Relu', name: 'r', input: ['x'], output: ['y'] }],
      [],
      ['seq', 4],
    );
    expect(await refusal(bytes)).toContain("graph input 'x': dimension 1 is 'seq' (dynamic)");
  });
  test('Conv that strides and dilates at once; a 1-D Conv', async () => {
    const conv = (attrs: OnnxAttribute[], shape: number[], w: number[]) =>
      model(
        [{ opType: 'Conv', name: 'cv', input: ['x', 'w'], output: ['y'], attribute: attrs }],
        [floats('w', w)],
        shape,
      );
    expect(
      await refusal(
        conv([ints('strides', [2, 2]), ints('dilations', [2, 2])], [1, 9, 9], [2, 1, 3, 3]),
      ),
    ).toContain(
      "node Conv 'cv' (opset 13): strides [2,2] with dilations [2,2]: Neurite's Conv2D cannot stride and dilate at once",
    );
    expect(await refusal(conv([], [1, 9], [2, 1, 3]))).toMatch(/Conv 'cv' .*the input has rank 3/);
  });
  test('MaxPool with uneven padding of data that may be negative', async () => {
    const bytes = model(
      [
        {
          opType: 'MaxPool',
          name: 'mp',
          input: ['x'],
          output: ['y'],
          attribute: [ints('kernel_shape', [2, 2]), ints('pads', [1, 0, 0, 1])],
        },
      ],
      [],
      [1, 6, 6],
    );
    expect(await refusal(bytes)).toMatch(
      /MaxPool 'mp' \(opset 13\): pads \[1,0,0,1\] are neither TF's 'same' padding nor centred windows/,
    );
  });
  test('Flatten with axis 2 and a Reshape that moves the batch', async () => {
    const fl = model(
      [{ opType: 'Flatten', name: 'fl', input: ['x'], output: ['y'], attribute: [int('axis', 2)] }],
      [],
      [2, 3],
    );
    expect(await refusal(fl)).toMatch(/Flatten 'fl' .*Neurite imports Flatten with axis 1/);
    const shape: OnnxTensor = { name: 's', dims: [2], dataType: 7, int64Data: [3, -1] };
    const rs = model(
      [{ opType: 'Reshape', name: 'rs', input: ['x', 's'], output: ['y'] }],
      [shape],
      [2, 3],
    );
    expect(await refusal(rs)).toMatch(/Reshape 'rs' .*does not keep the batch axis first/);
  });
});

describe('small hand-made graphs import and compute as ONNX defines', () => {
  test('Gemm with alpha, beta, transA=0, transB=0 and a [1,u] bias', async () => {
    const w = [1, 2, 3, 4, 5, 6];
    const bytes = model(
      [
        {
          opType: 'Gemm',
          name: 'g',
          input: ['x', 'w', 'b'],
          output: ['y'],
          attribute: [
            { name: 'alpha', type: 1, f: 0.5 },
            { name: 'beta', type: 1, f: 2 },
          ],
        },
      ],
      [floats('w', [3, 2], w), floats('b', [1, 2], [1, -1])],
      [3],
    );
    const m = await loadOnnx(bytes);
    const y = m.predict(nn.tensor([[1, 0, 2]])).dataSync();
    // 0.5·[1·1 + 2·5, 1·2 + 2·6] + 2·[1, −1]
    expect(Array.from(y)).toEqual([7.5, 5]);
    m.dispose();
  });
  test('Clip(−1, 2), Sub from a constant, Transpose then Softmax on axis 1', async () => {
    const min: OnnxTensor = { name: 'lo', dims: [], dataType: 1, floatData: [-1] };
    const max: OnnxTensor = { name: 'hi', dims: [], dataType: 1, floatData: [2] };
    const bytes = model(
      [
        { opType: 'Clip', name: 'c', input: ['x', 'lo', 'hi'], output: ['c'] },
        { opType: 'Sub', name: 's', input: ['hi', 'c'], output: ['s'] },
        {
          opType: 'Transpose',
          name: 't',
          input: ['s'],
          output: ['t'],
          attribute: [ints('perm', [0, 2, 1])],
        },
        { opType: 'Softmax', name: 'sm', input: ['t'], output: ['y'], attribute: [int('axis', 1)] },
      ],
      [min, max],
      [2, 2],
    );
    const m = await loadOnnx(bytes);
    const x = [
      [
        [-3, 0.5],
        [4, 1],
      ],
    ];
    const y = m.predict(nn.tensor(x)).arraySync() as number[][][];
    // Independent: s = 2 − clip(x); y[j][i] = t[j][i] = s[i][j] normalized over j.
    const s = x[0]!.map((row) => row.map((v) => 2 - Math.min(Math.max(v, -1), 2)));
    for (let i = 0; i < 2; i++) {
      const z = Math.exp(s[i]![0]!) + Math.exp(s[i]![1]!);
      for (let j = 0; j < 2; j++) expect(y[0]![j]![i]).toBeCloseTo(Math.exp(s[i]![j]!) / z, 6);
    }
    m.dispose();
  });
});
