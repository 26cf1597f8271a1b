/**
 * Models used as layers, in the TF.js layers format, against the real `@tensorflow/tfjs`
 * (cpu backend). TF.js (like Keras 2) gives every model a node of its own when it is made,
 * so a nested model's first call is node 1 in `inbound_nodes`; Neurite writes the same
 * numbering (src/io/serialize.ts) and reads both it and the 0-based numbering of older
 * Neurite files (src/io/deserialize.ts). Checked both ways, with nested Functional and
 * Sequential models called once and twice (shared), and two levels of nesting.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import type { JsonObject, JsonValue, ModelArtifacts } from '../../../src/io/types.js';
import { maxAbsDiff } from './helpers.js';

beforeAll(async () => {
  tf.enableProdMode(); // no "install tfjs-node" banner
  await tf.setBackend('cpu');
  await nn.ready();
});

type Kind = 'functional' | 'sequential';

/** An inner model 4 → 3 (Dense tanh, Dense) of either kind. */
function innerModel(kind: Kind, name: string): nn.Model {
  if (kind === 'sequential') {
    return nn.sequential({
      name,
      layers: [
        nn.layers.dense({ units: 5, activation: 'tanh', inputShape: [4] }),
        nn.layers.dense({ units: 3 }),
      ],
    });
  }
  const i = nn.input({ shape: [4] });
  const h = nn.layers.dense({ units: 5, activation: 'tanh' }).apply(i);
  return nn.model({ name, inputs: i, outputs: nn.layers.dense({ units: 3 }).apply(h) });
}

/** An outer model calling `inner` once (one input) or twice (two inputs, shared). */
function outerModel(inner: nn.Model, twice: boolean): nn.Model {
  nn.setSeed(5);
  const a = nn.input({ shape: [4], name: 'a' });
  const ya = inner.apply(a);
  if (!twice) return nn.model({ inputs: a, outputs: nn.layers.dense({ units: 2 }).apply(ya) });
  const b = nn.input({ shape: [4], name: 'b' });
  const yb = inner.apply(b);
  const sum = nn.layers.add().apply([ya, yb]) as nn.SymbolicTensor;
  // The second call's output is also an output of the model (output_layers names node 2).
  return nn.model({ inputs: [a, b], outputs: [nn.layers.dense({ units: 2 }).apply(sum), yb] });
}

const inputs = (n: number): nn.Tensor[] =>
  Array.from({ length: n }, (_, i) => nn.randomNormal([3, 4], 0, 1, 'float32', 10 + i));

function nnPredict(model: nn.Model, xs: nn.Tensor[]): Float32Array {
  let out = new Float32Array(0);
  nn.tidy(() => {
    const y = model.predict(xs.length === 1 ? xs[0]! : xs);
    const list: nn.Tensor[] = Array.isArray(y) ? y : [y];
    out = Float32Array.from(list.flatMap((t) => [...(t.dataSync() as Float32Array)]));
  });
  return out;
}

function tfPredict(model: tf.LayersModel, xs: nn.Tensor[]): Float32Array {
  const ts = xs.map((x) => tf.tensor(x.dataSync() as Float32Array, [...x.shape]));
  const y = model.predict(ts.length === 1 ? ts[0]! : ts);
  const out = Float32Array.from(
    (Array.isArray(y) ? y : [y]).flatMap((t) => [...(t.dataSync() as Float32Array)]),
  );
  tf.dispose([ts, y]);
  return out;
}

async function neuriteArtifacts(model: nn.Model): Promise<ModelArtifacts> {
  let saved: ModelArtifacts | undefined;
  await nn.saveModel(
    model,
    nn.io.withSaveHandler((a) => void (saved = a)),
  );
  return saved!;
}

/** `[layer name, node index]` of every reference in a Functional topology's layers and outputs. */
function references(topology: object): [string, number][] {
  const config = (topology as { config: JsonObject }).config;
  const out: [string, number][] = [];
  const walk = (x: JsonValue | undefined): void => {
    if (!Array.isArray(x)) return;
    if (typeof x[0] === 'string' && typeof x[1] === 'number') out.push([x[0], x[1]]);
    else x.forEach(walk);
  };
  for (const l of config.layers as JsonObject[]) walk(l.inbound_nodes);
  walk(config.output_layers);
  return out;
}

/** The topology with every reference to `name` renumbered by `delta`. */
function renumber(topology: object, name: string, delta: number): object {
  const fix = (x: JsonValue): JsonValue => {
    if (!Array.isArray(x)) return x;
    if (x[0] === name && typeof x[1] === 'number') return [x[0], x[1] + delta, ...x.slice(2)];
    return x.map(fix);
  };
  const t = structuredClone(topology) as { config: JsonObject };
  for (const l of t.config.layers as JsonObject[]) l.inbound_nodes = fix(l.inbound_nodes ?? []);
  t.config.output_layers = fix(t.config.output_layers ?? []);
  return t;
}

describe('Neurite → TF.js: nested models load with tf.loadLayersModel', () => {
  for (const kind of ['functional', 'sequential'] as const) {
    for (const twice of [false, true]) {
      test(`a nested ${kind} called ${twice ? 'twice (shared)' : 'once'}`, async () => {
        const model = outerModel(innerModel(kind, 'inner'), twice);
        const saved = await neuriteArtifacts(model);
        // Calls of the nested model are numbered from 1, as TF.js numbers them.
        const nodes = references(saved.modelTopology!).filter(([n]) => n === 'inner');
        expect(nodes.map(([, i]) => i).sort()).toEqual(twice ? [1, 2, 2] : [1]);
        const theirs = await tf.loadLayersModel(tf.io.fromMemory(saved));
        const xs = inputs(twice ? 2 : 1);
        expect(maxAbsDiff(tfPredict(theirs, xs), nnPredict(model, xs))).toBeLessThan(1e-5);
        theirs.dispose();
        // Neurite reads its own file back exactly.
        const again = await nn.loadModel(nn.io.fromMemory(saved));
        expect(maxAbsDiff(nnPredict(again, xs), nnPredict(model, xs))).toBe(0);
      });
    }
  }

  test('two levels of nesting: a Functional inside a Functional inside the model', async () => {
    const innermost = innerModel('functional', 'innermost');
    const i = nn.input({ shape: [4] });
    const middle = nn.model({
      name: 'middle',
      inputs: i,
      outputs: nn.layers.dense({ units: 3 }).apply(innermost.apply(i)),
    });
    const model = outerModel(middle, true);
    const saved = await neuriteArtifacts(model);
    const theirs = await tf.loadLayersModel(tf.io.fromMemory(saved));
    const xs = inputs(2);
    expect(maxAbsDiff(tfPredict(theirs, xs), nnPredict(model, xs))).toBeLessThan(1e-5);
    theirs.dispose();
  });
});

describe('TF.js → Neurite: nested models TF.js saved', () => {
  for (const kind of ['functional', 'sequential'] as const) {
    test(`a nested ${kind} called twice`, async () => {
      const inner =
        kind === 'sequential'
          ? tf.sequential({
              name: 'inner',
              layers: [
                tf.layers.dense({ units: 5, activation: 'relu', inputShape: [4] }),
                tf.layers.dense({ units: 3 }),
              ],
            })
          : (() => {
              const i = tf.input({ shape: [4] });
              const h = tf.layers.dense({ units: 5, activation: 'relu' }).apply(i);
              const o = tf.layers.dense({ units: 3 }).apply(h) as tf.SymbolicTensor;
              return tf.model({ name: 'inner', inputs: i, outputs: o });
            })();
      const a = tf.input({ shape: [4], name: 'a' });
      const b = tf.input({ shape: [4], name: 'b' });
      const ya = inner.apply(a) as tf.SymbolicTensor;
      const yb = inner.apply(b) as tf.SymbolicTensor;
      const sum = tf.layers.add().apply([ya, yb]) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 2 }).apply(sum) as tf.SymbolicTensor;
      const theirs = tf.model({ inputs: [a, b], outputs: out });
      let saved: tf.io.ModelArtifacts | undefined;
      await theirs.save(
        tf.io.withSaveHandler((art) => {
          saved = art;
          return Promise.resolve({
            modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
          });
        }),
      );
      // TF.js's own numbering of the nested model's calls.
      const nodes = references(saved!.modelTopology as object).filter(([n]) => n === 'inner');
      expect(nodes.map(([, i]) => i).sort()).toEqual([1, 2]);
      const ours = await nn.loadModel(nn.io.fromMemory(saved!));
      const xs = inputs(2);
      expect(maxAbsDiff(nnPredict(ours, xs), tfPredict(theirs, xs))).toBeLessThan(1e-5);
      theirs.dispose();
    });
  }
});

describe('older Neurite files, which numbered a nested model’s calls from 0', () => {
  for (const kind of ['functional', 'sequential'] as const) {
    test(`a nested ${kind} called twice, its output also a model output`, async () => {
      const model = outerModel(innerModel(kind, 'inner'), true);
      const saved = await neuriteArtifacts(model);
      const old = { ...saved, modelTopology: renumber(saved.modelTopology!, 'inner', -1) };
      expect(
        references(old.modelTopology)
          .filter(([n]) => n === 'inner')
          .map(([, i]) => i)
          .sort(),
      ).toEqual([0, 1, 1]);
      const again = await nn.loadModel(nn.io.fromMemory(old));
      const xs = inputs(2);
      expect(maxAbsDiff(nnPredict(again, xs), nnPredict(model, xs))).toBe(0);
    });
  }
});
