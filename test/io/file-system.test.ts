import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  loadModel,
  loadWeights,
  ModelIOError,
  saveModel,
  saveWeights,
} from '../../src/io/index.js';
import { outputs, tempDir, weightValues } from './helpers.js';

const root = tempDir();
let n = 0;
const fresh = (): string => join(root, `case${n++}`);

function smallModel(): nn.Sequential {
  return nn.sequential({
    layers: [
      nn.layers.dense({ units: 3, inputShape: [2], activation: 'relu' }),
      nn.layers.dense({ units: 1 }),
    ],
  });
}

async function savedCopy(): Promise<string> {
  const dir = fresh();
  await saveModel(smallModel(), dir);
  return dir;
}

type Json = Record<string, unknown> & {
  weightsManifest: { paths: string[]; weights: Record<string, unknown>[] }[];
};
function editJson(dir: string, edit: (j: Json) => void, name = 'model.json'): void {
  const file = join(dir, name);
  const j = JSON.parse(readFileSync(file, 'utf8')) as Json;
  edit(j);
  writeFileSync(file, JSON.stringify(j));
}

async function loadError(source: string): Promise<ModelIOError> {
  const before = nn.memory().numTensors;
  const err = await loadModel(source).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelIOError);
  // No partial model: whatever was built before the failure was freed. At most `before`:
  // tensors earlier tests dropped may be reclaimed by the garbage collector meanwhile.
  expect(nn.memory().numTensors).toBeLessThanOrEqual(before);
  return err as ModelIOError;
}

describe('shard paths never leave the model folder', () => {
  test.each([
    ['../../etc/passwd', /path '\.\.\/\.\.\/etc\/passwd' leaves the model's folder/],
    ['./../secret.bin', /leaves the model's folder/],
    ['sub/../../secret.bin', /leaves the model's folder/],
    ['/etc/passwd', /path '\/etc\/passwd' is absolute/],
    ['C:\\Windows\\win.ini', /is absolute/],
    ['file:///etc/passwd', /is a URL/],
    ['https://example.com/w.bin', /is a URL/],
    ['', /is not a file name/],
  ])('%s is refused', async (path, message) => {
    const dir = await savedCopy();
    writeFileSync(join(root, 'secret.bin'), new Uint8Array(100));
    editJson(dir, (j) => (j.weightsManifest[0]!.paths = [path]));
    const err = await loadError(dir);
    expect(err.message).toMatch(message);
    expect(err.file).toBe(join(dir, 'model.json'));
  });

  test('a link inside the folder that leads outside is refused', async () => {
    const dir = await savedCopy();
    const outside = join(root, 'outside.bin');
    renameSync(join(dir, 'group1-shard1of1.bin'), outside);
    symlinkSync(outside, join(dir, 'group1-shard1of1.bin'));
    expect((await loadError(dir)).message).toMatch(
      /is a link that leads outside the model's folder/,
    );
  });

  test("'./' prefixes, shards without .bin and topology files with other names load", async () => {
    const dir = await savedCopy();
    renameSync(join(dir, 'group1-shard1of1.bin'), join(dir, 'group1-shard1of1'));
    editJson(dir, (j) => (j.weightsManifest[0]!.paths = ['./group1-shard1of1']));
    renameSync(join(dir, 'model.json'), join(dir, 'my_topology.json'));
    const loaded = await loadModel(join(dir, 'my_topology.json'));
    expect(loaded.countParams()).toBe(13);
    // The folder alone does not say which JSON file to read.
    expect((await loadError(dir)).message).toMatch(
      /no model\.json in this folder \(it has my_topology\.json: pass the path/,
    );
  });
});

describe('bad files give errors naming the file, the weight and what was expected', () => {
  test('missing and truncated shards', async () => {
    const dir = await savedCopy();
    truncateSync(join(dir, 'group1-shard1of1.bin'), 40);
    expect((await loadError(dir)).message).toMatch(
      /model\.json: the shards 'group1-shard1of1\.bin' hold 40 bytes but the manifest describes 52 \(4 weights, from 'dense(_\d+)?\/kernel'\); a shard is truncated or missing/,
    );
    const dir2 = await savedCopy();
    editJson(dir2, (j) => j.weightsManifest[0]!.paths.push('group1-shard2of2.bin'));
    expect((await loadError(dir2)).message).toMatch(
      /weight shard 'group1-shard2of2\.bin' is missing/,
    );
  });

  test('invalid JSON, missing files, unknown layers', async () => {
    const dir = await savedCopy();
    writeFileSync(join(dir, 'model.json'), '{"modelTopology": ');
    expect((await loadError(dir)).message).toMatch(/model\.json: is not valid JSON/);
    expect((await loadError(join(root, 'nothing-here'))).message).toMatch(
      /nothing-here: no such file or folder/,
    );
    const dir2 = await savedCopy();
    editJson(dir2, (j) => {
      const topo = j.modelTopology as { config: { layers: { class_name: string }[] } };
      topo.config.layers[1]!.class_name = 'Conv3D';
    });
    expect((await loadError(dir2)).message).toMatch(
      /model\.json: unsupported layer Conv3D \('dense_?\d*'\)\. Neurite can load Dense/,
    );
  });

  test('a topology asking for weights far larger than the file holds is refused before allocating', async () => {
    // The second layer's kernel would be 3 x 1e8 floats (1.2 GB); the file holds 13 values.
    const dir = await savedCopy();
    editJson(dir, (j) => {
      const topo = j.modelTopology as { config: { layers: { config: { units: number } }[] } };
      topo.config.layers[1]!.config.units = 1e8;
    });
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    // loadError also checks that the first layer, built before the failure, was freed.
    const err = await loadError(dir);
    expect(err.message).toMatch(
      /model\.json: .*layer 'dense_?\d*': weight 'kernel' of shape \[3,100000000\] has 300000000 values, larger than any weight in the file \(the largest holds 6\)/,
    );
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20);

    // Many layers, each no larger than the file's largest weight, still cannot add up to
    // more than the file holds.
    const many = fresh();
    await saveModel(
      nn.sequential({ layers: [nn.layers.dense({ units: 4, inputShape: [4] })] }),
      many,
    );
    editJson(many, (j) => {
      const topo = j.modelTopology as { config: { layers: unknown[] } };
      const dense = topo.config.layers.at(-1) as { config: { name: string } };
      for (let i = 0; i < 50; i++)
        topo.config.layers.push({ ...dense, config: { ...dense.config, name: `extra_${i}` } });
    });
    expect((await loadError(many)).message).toMatch(
      /layer 'extra_\d+': weight '(kernel|bias)' of shape \[[\d,]+\] has \d+ values, past what the file's weights hold in all \(36 values\)/,
    );
  });

  test('wrong weight counts, shapes and dtypes', async () => {
    const dir = await savedCopy();
    editJson(dir, (j) => {
      // Drop the last bias from the manifest (and its 4 bytes from the shard).
      j.weightsManifest[0]!.weights.pop();
    });
    truncateSync(join(dir, 'group1-shard1of1.bin'), 48);
    const err = await loadError(dir);
    expect(err.message).toMatch(
      /the model's weight 'dense_?\d*\/bias' \(shape \[1\]\) is not in the file; the model has 4 weights, the file 3/,
    );
    expect(err.weight).toMatch(/\/bias$/);

    const dir2 = await savedCopy();
    editJson(dir2, (j) => {
      j.weightsManifest[0]!.weights[0]!.shape = [3, 2];
    });
    expect((await loadError(dir2)).message).toMatch(
      /weight 'dense_?\d*\/kernel' has shape \[3,2\] in the file, but the model's 'dense_?\d*\/kernel' has shape \[2,3\]/,
    );

    const dir3 = await savedCopy();
    editJson(dir3, (j) => {
      j.weightsManifest[0]!.weights[1]!.dtype = 'int32';
    });
    expect((await loadError(dir3)).message).toMatch(
      /has dtype int32 in the file, but the model's .* is float32/,
    );
  });

  test('a weights-only folder, a graph model', async () => {
    const dir = fresh();
    const m = smallModel();
    await saveWeights(m, dir);
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of1.bin', 'weights.json']);
    expect((await loadError(join(dir, 'weights.json'))).message).toMatch(
      /holds weights only \(no modelTopology\); build the model in code and use loadWeights/,
    );
    const dir2 = await savedCopy();
    editJson(dir2, (j) => (j.format = 'graph-model'));
    expect((await loadError(dir2)).message).toMatch(/this is a TF\.js graph model/);
  });

  test('a failed loadWeights leaves the weights untouched', async () => {
    const model = smallModel();
    const before = weightValues(model);
    const dir = fresh();
    await saveWeights(
      nn.sequential({
        layers: [nn.layers.dense({ units: 3, inputShape: [4] }), nn.layers.dense({ units: 1 })],
      }),
      dir,
    );
    await expect(loadWeights(model, dir)).rejects.toThrow(
      /no weight name matches the model's, and by position weight 0 differs: 'dense_\d+\/kernel' has shape \[4,3\] \(float32\) in the file, but the model's 'dense_\d+\/kernel' has shape \[2,3\]/,
    );
    expect(weightValues(model)).toEqual(before);
    // Loading weights from a full model folder works too (optimizer state ignored).
    const other = smallModel();
    other.compile({ optimizer: 'adam', loss: 'mse' });
    await other.fit(nn.ones([4, 2]), nn.ones([4, 1]), { epochs: 1, verbose: 0 });
    const full = fresh();
    await saveModel(other, full);
    await loadWeights(model, full);
    expect(weightValues(model)).toEqual(weightValues(other));
  });
});

describe('saving replaces a model folder atomically and safely', () => {
  test('an existing model is replaced; nothing is left beside it', async () => {
    const parent = fresh();
    const dir = join(parent, 'model');
    const a = smallModel();
    await saveModel(a, dir);
    const b = smallModel();
    await saveModel(b, dir);
    const x = nn.tensor([[1, -2]]);
    expect(outputs(await loadModel(dir), x)).toEqual(outputs(b, x));
    expect(readdirSync(parent)).toEqual(['model']);
  });

  test('a folder holding other files, or a file, is never replaced', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(saveModel(smallModel(), dir)).rejects.toThrow(
      /holds files that are not a saved model \(notes\.txt\); refusing to replace it/,
    );
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    await expect(saveModel(smallModel(), file)).rejects.toThrow(/exists and is not a folder/);
  });

  test('after a crash between the two renames the previous model is found aside, and the next save cleans up', async () => {
    const parent = fresh();
    const dir = join(parent, 'ckpt');
    const a = smallModel();
    await saveModel(a, dir);
    // What a process killed after moving the old folder aside leaves (its pid is dead).
    renameSync(dir, join(parent, '.ckpt.old-999999999-x'));
    mkdirSync(join(parent, '.ckpt.tmp-999999999-x'));
    const x = nn.tensor([[0.5, 1]]);
    expect(outputs(await loadModel(dir), x)).toEqual(outputs(a, x));
    const b = smallModel();
    await saveModel(b, dir);
    expect(outputs(await loadModel(dir), x)).toEqual(outputs(b, x));
    expect(readdirSync(parent)).toEqual(['ckpt']);
    expect(existsSync(join(parent, '.ckpt.old-999999999-x'))).toBe(false);
  });
});
