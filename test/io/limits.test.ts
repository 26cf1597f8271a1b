/**
 * Size bounds of loading (src/io/limits.ts): files and topologies too large, too deep or
 * with too many parts are refused quickly, before the work they would cost (reading,
 * JSON.parse, building), with a ModelIOError naming the file and the part; a refused load
 * leaves no tensor allocated. Topologies within the bounds, however deep, still load.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as nn from 'neurite';
import {
  fromMemory,
  type IOHandler,
  loadModel,
  ModelIOError,
  type ModelArtifacts,
  saveModel,
} from '../../src/io/index.js';
import { describe as describeValue, show } from '../../src/io/json.js';
import {
  MAX_GRAPH_DEPTH,
  MAX_INBOUND_NODES,
  MAX_JSON_CONTAINERS,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  MAX_LAYERS,
  MAX_MODEL_JSON_BYTES,
  MAX_SHARDS,
  MAX_WEIGHTS,
} from '../../src/io/limits.js';
import { tempDir } from './helpers.js';

const parent = tempDir();
let folders = 0;

/** A saved model's folder whose model.json is replaced by `text`. */
async function folderWith(text: (original: string) => string): Promise<string> {
  const dir = join(parent, `m${folders++}`);
  nn.setSeed(1);
  const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
  await saveModel(model, dir);
  nn.dispose(model.weights);
  const file = join(dir, 'model.json');
  writeFileSync(file, text(readFileSync(file, 'utf8')));
  return dir;
}

/** `original` with `"key": value` added at the end of its top-level object. */
function withField(original: string, key: string, value: string): string {
  return `${original.slice(0, original.lastIndexOf('}'))},${JSON.stringify(key)}:${value}}`;
}

/** Loads, expecting a ModelIOError within `ms`, with no tensor left allocated. */
async function refused(source: string | IOHandler, ms = 3000): Promise<ModelIOError> {
  const before = nn.memory().numTensors;
  const t0 = performance.now();
  const err = await loadModel(source).then(
    () => null,
    (e: unknown) => e,
  );
  const elapsed = performance.now() - t0;
  expect(err).toBeInstanceOf(ModelIOError);
  expect(elapsed).toBeLessThan(ms);
  expect(nn.memory().numTensors).toBe(before);
  return err as ModelIOError;
}

/** Records the lengths of the texts JSON.parse is given. */
function watchParse(): number[] {
  const lengths: number[] = [];
  const parse = JSON.parse.bind(JSON);
  vi.spyOn(JSON, 'parse').mockImplementation((text, reviver) => {
    lengths.push(text.length);
    return parse(text, reviver) as unknown;
  });
  return lengths;
}

afterEach(() => vi.restoreAllMocks());

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

const handler = (modelTopology: unknown, extra: Partial<ModelArtifacts> = {}): IOHandler =>
  fromMemory({
    modelTopology: modelTopology as object,
    weightSpecs: [],
    weightData: new ArrayBuffer(0),
    ...extra,
  });

/** A Functional chain input → a0 → … → a<n-1> of Activation layers, listed as `order` says. */
function chain(n: number, order: 'forward' | 'reverse'): object {
  const calls = Array.from({ length: n }, (_, i) => ({
    class_name: 'Activation',
    name: `a${i}`,
    config: { name: `a${i}`, activation: 'linear' },
    inbound_nodes: [[[i === 0 ? 'in' : `a${i - 1}`, 0, 0, {}]]],
  }));
  if (order === 'reverse') calls.reverse();
  return {
    class_name: 'Functional',
    config: {
      name: 'chain',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'in',
          config: { name: 'in', batch_input_shape: [null, 3], dtype: 'float32' },
          inbound_nodes: [],
        },
        ...calls,
      ],
      input_layers: [['in', 0, 0]],
      output_layers: [[`a${n - 1}`, 0, 0]],
    },
  };
}

describe('the size of model.json', () => {
  test('a file just over 32 MiB (a long array of numbers) is refused before it is read', async () => {
    const dir = await folderWith((original) => {
      const head = withField(original, 'padding', '[').slice(0, -1);
      const items = Math.ceil((MAX_MODEL_JSON_BYTES + 1 - head.length - 3) / 2);
      return `${head}${'0,'.repeat(items)}0]}`;
    });
    const file = join(dir, 'model.json');
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(MAX_MODEL_JSON_BYTES);
    expect(size).toBeLessThan(MAX_MODEL_JSON_BYTES + 8);
    const parsed = watchParse();
    const err = await refused(dir);
    expect(err.message).toBe(
      `${file}: is ${size} bytes, more than the 32 MiB a model JSON file may have (a topology is kilobytes; weights belong in the binary shards), so it is not read`,
    );
    expect(err.file).toBe(file);
    expect(parsed.filter((n) => n > 1e6)).toEqual([]);
  });

  test('a smaller file of more than 4M numbers is refused by the scan, not parsed', async () => {
    const n = MAX_JSON_VALUES + 2;
    const dir = await folderWith((o) => withField(o, 'padding', `[${'0,'.repeat(n - 1)}0]`));
    const parsed = watchParse();
    const err = await refused(dir);
    expect(err.message).toMatch(
      new RegExp(
        `model\\.json: padding\\[\\d+\\]: the file holds more than ${MAX_JSON_VALUES} values`,
      ),
    );
    expect(parsed.filter((x) => x > 1e6)).toEqual([]);
  });

  test('a file of a million empty objects ([{},{},…]) is refused by the scan, not parsed', async () => {
    const dir = await folderWith(() => `[${'{},'.repeat(MAX_JSON_CONTAINERS)}{}]`);
    const parsed = watchParse();
    const err = await refused(dir);
    expect(err.message).toMatch(
      new RegExp(
        `model\\.json: \\[\\d+\\]: the file holds more than ${MAX_JSON_CONTAINERS} arrays and objects`,
      ),
    );
    expect(parsed.filter((x) => x > 1e6)).toEqual([]);
  });

  test('a topology handed over in memory is bounded the same way', async () => {
    const huge = { class_name: 'Sequential', config: { name: 'x'.repeat(MAX_MODEL_JSON_BYTES) } };
    const err = await refused(handler(huge));
    expect(err.message).toBe(
      'IOHandler: modelTopology.config.name: is more than 32 MiB as JSON, more than a model topology may be (it is kilobytes; weights belong in weightData)',
    );
    const many = { class_name: 'Sequential', config: { layers: new Array(MAX_JSON_VALUES) } };
    expect((await refused(handler(many))).message).toMatch(
      /^IOHandler: modelTopology\.config\.layers\[\d+\]: holds more than 4194304 values/,
    );
  });
});

describe('nesting depth', () => {
  test('a layer config nested 2,000 deep in model.json: refused by the scan, never parsed', async () => {
    const dir = await folderWith((o) =>
      o.replace('"units":2', `"units":2,"extra":${JSON.stringify(nested(2000))}`),
    );
    const parsed = watchParse();
    const err = await refused(dir);
    expect(err.message).toBe(
      `${join(dir, 'model.json')}: modelTopology.config.layers[0].config.extra.a.a…: nested deeper than ${MAX_JSON_DEPTH} levels (a model JSON nests a few dozen); the file is damaged or not a model, so it is not parsed`,
    );
    expect(parsed.filter((x) => x > 1e4)).toEqual([]);
  });

  test('1,500 deep through a handler: a clear error, not a RangeError', async () => {
    const topology = {
      class_name: 'Sequential',
      config: {
        layers: [{ class_name: 'Dense', config: { units: 2, extra: nested(1500) } }],
      },
    };
    const err = await refused(handler(topology));
    expect(err.message).toMatch(
      /^IOHandler: modelTopology\.config\.layers\[0\]\.config\.extra\.a\.a…: nested deeper than 256 levels/,
    );
  });

  test('a deep modelTopology says it is too deep, not "must be an object, received object"', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const fromHandler = await refused(handler(deep));
    expect(fromHandler.message).toMatch(
      /^IOHandler: modelTopology\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]\[0\]…: nested deeper than 256 levels/,
    );
    const dir = await folderWith((o) =>
      withField(o, 'modelTopology', JSON.stringify(nested(2000))),
    );
    expect((await refused(dir)).message).toMatch(
      /model\.json: modelTopology\.a\.a\.a\.a\.a\.a\.a…: nested deeper than 256 levels/,
    );
  });

  test('a wrong kind of topology says which kind it is', async () => {
    expect((await refused(handler([1, 2, 3]))).message).toBe(
      'IOHandler: modelTopology must be an object, received an array [1,2,3]',
    );
    const dir = await folderWith((o) => withField(o, 'modelTopology', '"Sequential"'));
    expect((await refused(dir)).message).toMatch(
      /model\.json: modelTopology must be an object, received a string "Sequential"$/,
    );
    const tc = await folderWith((o) => withField(o, 'trainingConfig', '[]'));
    expect((await refused(tc)).message).toMatch(
      /model\.json: trainingConfig must be an object, received an array \[\]$/,
    );
  });

  test('a cyclic topology from a handler is refused as too deep', async () => {
    const layer: { class_name: string; config: Record<string, unknown> } = {
      class_name: 'Dense',
      config: { units: 2 },
    };
    layer.config.self = layer;
    const topology = { class_name: 'Sequential', config: { layers: [layer] } };
    expect((await refused(handler(topology))).message).toMatch(/nested deeper than 256 levels/);
  });

  test('models nested 32 deep, the most there may be, still load', async () => {
    let inner: object = {
      class_name: 'Sequential',
      config: {
        name: 's0',
        layers: [{ class_name: 'Dense', config: { units: 2, batch_input_shape: [null, 3] } }],
      },
    };
    for (let i = 1; i <= 32; i++)
      inner = { class_name: 'Sequential', config: { name: `s${i}`, layers: [inner] } };
    const model = await loadModel(handler(inner), { strict: false });
    expect(model.predict(nn.ones([1, 3])).shape).toEqual([1, 2]);
    nn.dispose(model.weights);
  });
});

describe('counts that imply work', () => {
  test(`more than ${MAX_LAYERS} layers: refused before any is built`, async () => {
    const layers = Array.from({ length: MAX_LAYERS + 1 }, (_, i) => ({
      class_name: 'Activation',
      config: { name: `a${i}`, activation: 'linear', batch_input_shape: [null, 3] },
    }));
    const err = await refused(handler({ class_name: 'Sequential', config: { layers } }), 1000);
    expect(err.message).toBe(
      `IOHandler: modelTopology: ${MAX_LAYERS + 1} layers, more than the ${MAX_LAYERS} Neurite loads (the largest Keras models have a few thousand, nested models included); the file is damaged or not a model`,
    );
  });

  test(`more than ${MAX_INBOUND_NODES} layer calls: refused before wiring`, async () => {
    const topology = chain(1, 'forward') as { config: { layers: { inbound_nodes: unknown[] }[] } };
    const node = topology.config.layers[1]!.inbound_nodes[0];
    topology.config.layers[1]!.inbound_nodes = new Array(MAX_INBOUND_NODES + 1).fill(node);
    const err = await refused(handler(topology), 1000);
    expect(err.message).toMatch(
      new RegExp(`^IOHandler: modelTopology: ${MAX_INBOUND_NODES + 1} inbound nodes, more than`),
    );
  });

  test(`more than ${MAX_WEIGHTS} weights, in a manifest or in weightSpecs`, async () => {
    const spec = { name: 'w', shape: [0], dtype: 'float32' };
    const dir = await folderWith((o) =>
      o.replace(
        /"weightsManifest":\[.*?\]\}\]/,
        `"weightsManifest":[{"paths":[],"weights":${JSON.stringify(new Array(MAX_WEIGHTS + 1).fill(spec))}}]`,
      ),
    );
    expect((await refused(dir, 1000)).message).toMatch(
      new RegExp(
        `model\\.json: weightsManifest: ${MAX_WEIGHTS + 1} weights, more than the ${MAX_WEIGHTS}`,
      ),
    );
    const specs = new Array(MAX_WEIGHTS + 1).fill(spec) as ModelArtifacts['weightSpecs'];
    expect(
      (await refused(handler(chain(1, 'forward'), { weightSpecs: specs }), 1000)).message,
    ).toMatch(new RegExp(`^IOHandler: weightSpecs: ${MAX_WEIGHTS + 1} weights, more than`));
  });

  test(`more than ${MAX_SHARDS} shard files: refused before any is looked at`, async () => {
    const dir = await folderWith((o) =>
      o.replace(
        /"paths":\[[^\]]*\]/,
        `"paths":${JSON.stringify(new Array(MAX_SHARDS + 1).fill('group1-shard1of1.bin'))}`,
      ),
    );
    expect((await refused(dir, 1000)).message).toMatch(
      new RegExp(`model\\.json: weightsManifest: ${MAX_SHARDS + 1} shard files, more than`),
    );
  });

  test(`a chain of more than ${MAX_GRAPH_DEPTH} layer calls is refused, not a stack overflow`, async () => {
    const err = await refused(handler(chain(MAX_GRAPH_DEPTH + 1, 'forward')));
    expect(err.message).toBe(
      `IOHandler: modelTopology: layer 'a${MAX_GRAPH_DEPTH}' ends a chain of more than ${MAX_GRAPH_DEPTH} layer calls, more than Neurite loads (the deepest Keras models chain about a thousand); the file is damaged or not a model`,
    );
  });

  test(`a chain of ${MAX_GRAPH_DEPTH} listed in reverse loads, in time linear in its length`, async () => {
    const t0 = performance.now();
    const model = await loadModel(handler(chain(MAX_GRAPH_DEPTH, 'reverse')));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(model.layers).toHaveLength(MAX_GRAPH_DEPTH + 1);
    const y = model.predict(nn.tensor([[1, 2, 3]]));
    expect([...y.dataSync()]).toEqual([1, 2, 3]);
    y.dispose();
  });
});

describe('values in messages', () => {
  test('show and describe look at no more of a value than they print', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(show(deep)).toBe(`${'['.repeat(77)}...`);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(show(cyclic)).toBe('{"a":1,"self":[a cycle]}');
    expect(show(new Array(10_000_000))).toMatch(/^\[undefined,undefined,.*\.\.\.$/);
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue([1])).toBe('an array [1]');
    expect(describeValue({ a: 'b' })).toBe('an object {"a":"b"}');
    expect(describeValue(3)).toBe('a number 3');
    expect(describeValue(new Float32Array(2))).toBe('a Float32Array of 8 bytes');
  });
});
