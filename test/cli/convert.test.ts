/**
 * `neurite convert` and `neurite summary` on every format. A Keras-written model (a
 * Functional with a nested Sequential, Adam state after two steps:
 * test/fixtures/keras-made/nested_sequential) goes .keras → .h5 → TF.js folder → .keras →
 * .onnx; at each step the written file, loaded through the library, predicts what the
 * original file predicts (and Keras predicted), the optimizer state is what the line
 * printed says, and the folder loads in the real TF.js. Then --no-optimizer, the errors a
 * user will hit, summary, and the built `neurite` binary.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { formatForBytes } from '../../src/io/formats.js';
import {
  fixtureJson,
  flatOutputs,
  maxAbsDiff,
  type Nested,
  predictNested,
} from '../io/keras/helpers.js';
import { cli, tempDir } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(root, 'test/fixtures/keras-made/nested_sequential');
const fixture = fixtureJson<{ inputs: Nested[]; outputs: Nested[] }>(`${FIXTURE}.json`);
const dir = tempDir('neurite-convert-');

/** What the original file predicts, and its optimizer state, through the library. */
let reference: Float32Array[];
let referenceState: { name: string; values: number[] }[];

/** The optimizer's state, names without the `_N` a variable gets when its name is taken. */
function optimizerState(model: nn.Model): { name: string; values: number[] }[] {
  const state = model.optimizer!.getWeights();
  const out = state.map((w) => ({
    name: w.name.replace(/_\d+(?=\/[^/]+$)/, ''),
    values: Array.from(w.tensor.dataSync()),
  }));
  for (const w of state) w.tensor.dispose();
  return out;
}

/** The optimizer-state entries the written file or folder holds, read back by its format. */
async function savedOptimizerValues(path: string): Promise<number> {
  if (statSync(path).isDirectory()) {
    const json = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8')) as {
      weightsManifest: { weights: { group?: string }[] }[];
    };
    return json.weightsManifest.flatMap((g) => g.weights).filter((w) => w.group === 'optimizer')
      .length;
  }
  const bytes = new Uint8Array(readFileSync(path));
  const artifacts = await formatForBytes(bytes, path).read(bytes, path, {});
  return (artifacts.weightSpecs ?? []).filter((w) => w.group === 'optimizer').length;
}

async function loadAndPredict(path: string): Promise<{ out: Float32Array[]; model: nn.Model }> {
  const model = await nn.loadModel(path);
  return { out: predictNested(model, fixture.inputs), model };
}

/** TF.js's `file://` handler, as tfjs-node has it: model.json and its shards. */
function tfjsFolder(folder: string): tf.io.IOHandler {
  return {
    load: () => {
      const j = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      const data = Buffer.concat(
        j.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(folder, p)))),
      );
      return Promise.resolve({
        modelTopology: j.modelTopology,
        weightSpecs: j.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      });
    },
  };
}

beforeAll(async () => {
  await nn.ready();
  const original = await loadAndPredict(`${FIXTURE}.keras`);
  reference = original.out;
  referenceState = optimizerState(original.model);
  original.model.dispose();
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

describe('neurite convert', () => {
  test('.keras → .h5 → TF.js folder → .keras → .onnx: every step predicts as the original', async () => {
    // The library's reading of the original agrees with Keras itself.
    flatOutputs(fixture.outputs).forEach((k, i) =>
      expect(maxAbsDiff(reference[i]!, k)).toBeLessThan(1e-4),
    );
    const steps: { from: string; to: string; format: string; args?: string[] }[] = [
      { from: `${FIXTURE}.keras`, to: join(dir, 'a.h5'), format: 'Keras HDF5 (.h5)' },
      { from: join(dir, 'a.h5'), to: join(dir, 'web'), format: 'TF.js layers folder' },
      { from: join(dir, 'web'), to: join(dir, 'b.keras'), format: 'Keras 3 (.keras)' },
      {
        from: join(dir, 'b.keras'),
        to: join(dir, 'c.onnx'),
        format: 'ONNX (.onnx)',
        args: ['--opset', '17'],
      },
    ];
    for (const step of steps) {
      const r = await cli('convert', step.from, step.to, ...(step.args ?? []));
      expect(r.err, step.to).toBe('');
      expect(r.code, step.to).toBe(0);
      const onnx = step.to.endsWith('.onnx');
      expect(r.out).toBe(
        `wrote ${step.to} as ${step.format}: 5 layers, 188 parameters, optimizer state: ${onnx ? 'no (ONNX files hold none)' : 'yes (Adam, iteration 2)'}`,
      );
      const { out, model } = await loadAndPredict(step.to);
      out.forEach((o, i) => {
        // Weights cross .keras, .h5 and folders bit for bit; ONNX runs the same math as a
        // graph of ONNX ops, imported back into other layers.
        if (onnx) expect(maxAbsDiff(o, reference[i]!), step.to).toBeLessThan(1e-5);
        else expect(maxAbsDiff(o, reference[i]!), step.to).toBe(0);
      });
      if (onnx) {
        expect(model.optimizer).toBeNull();
        expect(await savedOptimizerValues(step.to)).toBe(0);
      } else {
        expect(optimizerState(model)).toEqual(referenceState);
        expect(await savedOptimizerValues(step.to)).toBe(referenceState.length);
      }
      model.dispose();
    }
    // The folder is what tf.loadLayersModel reads (the nested Sequential included).
    const theirs = await tf.loadLayersModel(tfjsFolder(join(dir, 'web')));
    const x = tf.tensor(flatOutputs(fixture.inputs)[0]!, [4, 6]);
    const y = theirs.predict(x) as tf.Tensor;
    expect(maxAbsDiff(y.dataSync(), reference[0]!)).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    theirs.dispose();
  }, 120_000);

  test('--no-optimizer leaves the state out of .keras, .h5 and folders; compile settings stay', async () => {
    for (const name of ['lean.keras', 'lean.h5', 'lean']) {
      const out = join(dir, name);
      const r = await cli('convert', `${FIXTURE}.keras`, out, '--no-optimizer');
      expect(r.code, name).toBe(0);
      expect(r.out).toMatch(/optimizer state: no \(--no-optimizer\)$/);
      expect(await savedOptimizerValues(out), name).toBe(0);
      const { out: y, model } = await loadAndPredict(out);
      y.forEach((o, i) => expect(maxAbsDiff(o, reference[i]!)).toBe(0));
      expect(model.optimizer?.className, name).toBe('Adam');
      expect(model.optimizer?.iterations, name).toBe(0);
      model.dispose();
    }
  }, 60_000);

  test('model.json as input or output names the folder', async () => {
    const r = await cli('convert', join(dir, 'web', 'model.json'), join(dir, 'web2', 'model.json'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*web2[\\/]model\.json as TF\.js layers folder: 5 layers/);
    expect(existsSync(join(dir, 'web2', 'model.json'))).toBe(true);
  }, 30_000);

  test('errors: one clear line, exit code 1, nothing written', async () => {
    const lean = join(dir, 'lean.keras');
    const before = readFileSync(lean);
    const cases: [string[], RegExp, string?][] = [
      [
        ['convert', join(dir, 'nope.keras'), join(dir, 'x1.h5')],
        /^neurite: cannot read '.*nope\.keras': no such file or folder\n$/,
        join(dir, 'x1.h5'),
      ],
      [
        ['convert', lean, join(dir, 'x2.pb')],
        /^neurite: unknown output extension '\.pb' in '.*x2\.pb': Neurite writes Keras 3 \(\.keras\), Keras HDF5 \(\.h5, \.hdf5\), ONNX \(\.onnx\), or a TF\.js layers folder/,
        join(dir, 'x2.pb'),
      ],
      [['convert', lean, lean], /^neurite: refusing to overwrite the input: /],
      [
        ['convert', join(dir, 'web'), join(dir, 'web', 'model.json')],
        /^neurite: refusing to overwrite the input: /,
      ],
      [['convert', lean, `${dir}/../${basename(dir)}/./lean.keras`], /^neurite: refusing/],
      [
        ['convert', lean, join(dir, 'x3.h5'), '--opset', '17'],
        /^neurite: --opset applies to ONNX output only; '.*x3\.h5' is a Keras HDF5 \(\.h5\)\n$/,
        join(dir, 'x3.h5'),
      ],
      [
        ['convert', join(root, 'README.md'), join(dir, 'x4.h5')],
        /^neurite: .*README\.md: not a model file Neurite reads: expected one of Keras 3 \(\.keras\), Keras HDF5 \(\.h5\), ONNX \(\.onnx\) or a TF\.js layers folder/,
        join(dir, 'x4.h5'),
      ],
      [
        ['convert', lean, join(dir, 'x5.onnx'), '--opset', '99'],
        /^neurite: .*x5\.onnx: ONNX opset must be an integer from 13 to 21, received 99\n$/,
        join(dir, 'x5.onnx'),
      ],
      [
        ['convert', lean, join(dir, 'x6.keras/')],
        /^neurite: '.*x6\.keras\/' ends with a separator \(a folder\) but has the extension of Keras 3/,
        join(dir, 'x6.keras'),
      ],
    ];
    for (const [args, re, notWritten] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe('');
      if (notWritten) expect(existsSync(notWritten), notWritten).toBe(false);
    }
    expect(readFileSync(lean).equals(before)).toBe(true);
  }, 60_000);

  test('a model the output format cannot hold: the ModelIOError passes through, nothing written', async () => {
    // Keras has no Divide layer (ONNX import makes them; TF.js folders and ONNX hold them).
    const a = nn.input({ shape: [3], name: 'a' });
    const b = nn.input({ shape: [3], name: 'b' });
    const q = nn.layers.divide({ name: 'ratio' }).apply([a, b]) as nn.SymbolicTensor;
    const model = nn.model({ inputs: [a, b], outputs: q });
    const folder = join(dir, 'ratio');
    await nn.saveModel(model, folder);
    const r = await cli('convert', folder, join(dir, 'ratio.keras'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `neurite: ${join(dir, 'ratio.keras')}: layer 'ratio' (Divide): Keras has no Divide layer, so the model cannot be saved as a Keras file; save it as a TF.js folder instead\n`,
    );
    expect(existsSync(join(dir, 'ratio.keras'))).toBe(false);
    const ok = await cli('convert', folder, join(dir, 'ratio.onnx'));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/optimizer state: no \(the model is not compiled\)$/);
  }, 30_000);

  test('an output folder whose name has a dot, and a run folder as input', async () => {
    mkdirSync(join(dir, 'run', 'model'), { recursive: true });
    await cli('convert', `${FIXTURE}.keras`, join(dir, 'run', 'model'));
    const r = await cli('convert', join(dir, 'run'), join(dir, 'models.v2/'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*models\.v2\/ as TF\.js layers folder: 5 layers/);
    expect(existsSync(join(dir, 'models.v2', 'model.json'))).toBe(true);
    // Now that it exists, the folder is found without the trailing separator.
    const again = await cli('convert', join(dir, 'run'), join(dir, 'models.v2'));
    expect(again.code).toBe(0);
  }, 30_000);
});

describe('neurite summary', () => {
  test('works on .keras, .h5, .onnx and TF.js folders, naming the format and the training state', async () => {
    const cases: [string, string][] = [
      [`${FIXTURE}.keras`, 'Keras 3 (.keras), compiled with Adam, iteration 2'],
      [join(dir, 'a.h5'), 'Keras HDF5 (.h5), compiled with Adam, iteration 2'],
      [join(dir, 'web'), 'TF.js layers folder, compiled with Adam, iteration 2'],
      [join(dir, 'web', 'model.json'), 'TF.js layers folder, compiled with Adam, iteration 2'],
      [join(dir, 'c.onnx'), 'ONNX (.onnx), not compiled'],
    ];
    for (const [path, line] of cases) {
      const r = await cli('summary', path);
      expect(r.code, path).toBe(0);
      expect(r.out.split('\n')[0]).toBe(`${path}: ${line}`);
      expect(r.out).toContain('Total params: 188');
    }
    const missing = await cli('summary', join(dir, 'nope.h5'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^neurite: cannot read '.*nope\.h5': no such file or folder\n$/);
    mkdirSync(join(dir, 'empty'));
    const empty = await cli('summary', join(dir, 'empty'));
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(
      /^neurite: '.*empty' is a folder without a model\.json \(nor model\/model\.json\): not a TF\.js layers folder or a run folder of neurite train\n$/,
    );
  }, 60_000);
});

describe('the built neurite binary (dist/, as npm installs it)', () => {
  const run = promisify(execFile);
  const bin = join(root, 'dist/cli/main.js');

  test('convert --help shows the formats; a conversion runs', async () => {
    const help = await run(process.execPath, [bin, 'convert', '--help']);
    expect(help.stdout).toContain('Usage: neurite convert [options] <in> <out>');
    expect(help.stdout).toMatch(
      /\.keras\s+Keras 3\n\s+\.h5, \.hdf5\s+Keras HDF5\n\s+\.onnx\s+ONNX/,
    );
    const out = join(dir, 'bin.h5');
    const r = await run(process.execPath, [bin, 'convert', `${FIXTURE}.keras`, out]);
    expect(r.stdout.trim()).toBe(
      `wrote ${out} as Keras HDF5 (.h5): 5 layers, 188 parameters, optimizer state: yes (Adam, iteration 2)`,
    );
    const { out: y, model } = await loadAndPredict(out);
    y.forEach((o, i) => expect(maxAbsDiff(o, reference[i]!)).toBe(0));
    model.dispose();
  }, 60_000);
});
