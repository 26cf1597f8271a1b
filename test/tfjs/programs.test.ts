/**
 * TF.js programs (test/tfjs/programs/, plain JavaScript that runs unmodified on
 * @tensorflow/tfjs) run twice: once on @tensorflow/tfjs 4.22 (its cpu backend) and once on
 * neurite/tfjs with only the import changed. Each prints a JSON line; the two runs must
 * agree in shapes, names and formats, and both must learn (losses falling, accuracies
 * above a bound). Models saved by one library load in the other with predictions within
 * 1e-5. print-util's output must be identical, byte for byte.
 *
 * The neurite variant runs on the sources (a copy of the program whose import names
 * src/tfjs/index.ts, under `node --import tsx`), so it never tests a stale build; the
 * CommonJS program also runs through the package's `neurite/tfjs` export on dist/, as a
 * user's `require('neurite/tfjs')` would (build first: `npx tsc -p tsconfig.build.json`).
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const programs = join(root, 'test', 'tfjs', 'programs');
const entry = pathToFileURL(join(root, 'src', 'tfjs', 'index.ts')).href;
const mnist = join(root, 'data', 'mnist');
const TIMEOUT = 240_000;

let work = '';

beforeAll(() => {
  work = mkdtempSync(join(root, 'test', 'tfjs', '.tmp-programs-'));
  // The neurite copies: every program with its import (or require) of @tensorflow/tfjs
  // pointing at the sources; helpers are copied as they are.
  cpSync(programs, join(work, 'neurite'), { recursive: true });
  for (const f of readdirSync(join(work, 'neurite'))) {
    const file = join(work, 'neurite', f);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replaceAll("'@tensorflow/tfjs'", `'${entry}'`));
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

type Lib = 'tfjs' | 'neurite';

/** Runs a program with one library; its stdout. */
async function runProgram(
  lib: Lib,
  program: string,
  args: readonly string[] = [],
): Promise<string> {
  const file = lib === 'tfjs' ? join(programs, program) : join(work, 'neurite', program);
  const node = lib === 'tfjs' ? [file, ...args] : ['--import', 'tsx', file, ...args];
  try {
    const { stdout } = await run(process.execPath, node, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${program} on ${lib} failed: ${err.message}\n${err.stderr ?? ''}`, {
      cause: e,
    });
  }
}

/** The JSON line a program printed. */
function result(stdout: string): Record<string, unknown> {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON line in the output:\n${stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Both runs' stdout, run side by side. */
async function bothOutputs(
  program: string,
  args: (lib: Lib) => readonly string[] = () => [],
): Promise<{ tfOut: string; nnOut: string }> {
  const [tfOut, nnOut] = await Promise.all([
    runProgram('tfjs', program, args('tfjs')),
    runProgram('neurite', program, args('neurite')),
  ]);
  return { tfOut, nnOut };
}

/** Both runs' JSON results. */
async function both(program: string, args: (lib: Lib) => readonly string[] = () => []) {
  const { tfOut, nnOut } = await bothOutputs(program, args);
  return { tf: result(tfOut), nn: result(nnOut) };
}

const nums = (x: unknown): number[] => x as number[];

function expectClose(a: readonly number[], b: readonly number[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(tol));
}

describe('TF.js programs, on @tensorflow/tfjs and on neurite/tfjs', () => {
  test(
    'csv-regression: tf.data.csv + fitDataset, file:// save and load, files load across libraries',
    async () => {
      const dirs = { tfjs: join(work, 'csv-tfjs'), neurite: join(work, 'csv-neurite') };
      const { tf, nn } = await both('csv-regression.mjs', (lib) => [dirs[lib]]);
      for (const r of [tf, nn]) {
        expect(r.columnNames).toEqual(['rooms', 'age', 'distance', 'price']);
        expect(r.epochs).toBe(40);
        expect(r.historyKeys).toEqual(['loss']);
        expect(r.lastLoss as number).toBeLessThan(0.01);
        expect(r.lastLoss as number).toBeLessThan((r.firstLoss as number) / 100);
        expectClose(nums(r.kernel), [3, -2, 0.5], 0.05);
        expect(r.predictShape).toEqual([3, 1]);
        expectClose(nums(r.loadedPredictions), nums(r.predictions), 1e-5);
        expect(r.savedFiles).toEqual(['model.json']);
      }
      expectClose(nums(nn.predictions), nums(tf.predictions), 0.05);

      // Each library loads the other's file: the same file predicts the same numbers.
      const input = JSON.stringify([
        [1, 1, 1],
        [0.5, 1.5, 0.2],
        [2, 0, 2],
      ]);
      for (const dir of [dirs.tfjs, dirs.neurite]) {
        const model = join(dir, 'model');
        const [a, b] = await Promise.all([
          runProgram('tfjs', 'load-predict.mjs', [model, input]),
          runProgram('neurite', 'load-predict.mjs', [model, input]),
        ]);
        const [ra, rb] = [result(a), result(b)];
        expect(rb.layers).toEqual(ra.layers);
        expect(rb.shape).toEqual([3, 1]);
        expectClose(nums(rb.predictions), nums(ra.predictions), 1e-5);
      }
      // And what each saved is what it predicted before saving.
      const own = result(
        await runProgram('neurite', 'load-predict.mjs', [join(dirs.tfjs, 'model'), input]),
      );
      expectClose(nums(own.predictions), nums(tf.predictions), 1e-5);
    },
    TIMEOUT,
  );

  test(
    'mnist-cnn: a convnet on an MNIST slice with fit, validationSplit, evaluate and predict',
    async () => {
      const { tf, nn } = await both('mnist-cnn.mjs', () => [mnist]);
      for (const key of [
        'trainShape',
        'outputShape',
        'params',
        'metricsNames',
        'historyKeys',
        'evaluateIsArray',
        'evaluateShapes',
        'predictShape',
        'predictedDtype',
        'labels',
      ]) {
        expect([key, nn[key]]).toEqual([key, tf[key]]);
      }
      expect(tf.historyKeys).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
      for (const r of [tf, nn]) {
        const logs = r.epochLogs as { loss: number; acc: number; val_acc: number }[];
        expect(logs).toHaveLength(3);
        expect(logs[2]!.loss).toBeLessThan(logs[0]!.loss);
        expect(logs[2]!.acc).toBeGreaterThan(logs[0]!.acc);
        for (const l of logs) expect(typeof l.val_acc).toBe('number');
        expect(r.testAcc as number).toBeGreaterThan(0.5);
        expect(r.testLoss as number).toBeLessThan(2.1);
        expect(r.predicted as number[]).toHaveLength(5);
      }
    },
    TIMEOUT,
  );

  test(
    'xor: tf.train.adam(0.1) learns XOR; evaluate returns a Scalar, then [loss, acc]; minimize(f, true, varList)',
    async () => {
      const { tf, nn } = await both('xor.mjs');
      for (const key of [
        'historyKeys',
        'evaluateIsTensor',
        'withMetricLength',
        'trainOnBatchLength',
        'predictShape',
        'rounded',
        'optimizerClass',
        'orRounded',
        'weightNames',
      ]) {
        expect([key, nn[key]]).toEqual([key, tf[key]]);
      }
      expect(tf.rounded).toEqual([0, 1, 1, 0]);
      for (const r of [tf, nn]) {
        expect(r.lastLoss as number).toBeLessThan(0.05);
        expect(r.evaluateLoss as number).toBeLessThan(0.05);
        expect(r.accuracy).toBe(1);
      }
      // The hand-written loop is deterministic (zeros to start, full batch): the same costs
      // up to float32 rounding over 100 steps.
      expectClose(nums(nn.costs), nums(tf.costs), 1e-3);
    },
    TIMEOUT,
  );

  test(
    'commonjs: require(), tf.variable + optimizer.minimize + tidy, momentum and rmsprop',
    async () => {
      const { tf, nn } = await both('commonjs.cjs');
      for (const r of [tf, nn]) {
        expect(Math.abs((r.a as number) - 2)).toBeLessThan(1e-3);
        expect(Math.abs((r.b as number) - 1)).toBeLessThan(1e-3);
        expect(r.iterations).toBe(300);
        expect(r.fitLastLoss as number).toBeLessThan(0.1);
        expect(Math.abs((r.predictAt10 as number) - 21)).toBeLessThan(1.5);
        expect(r.backendIsString).toBe(true);
        expect(r.hasVersion).toBe(true);
      }
      expect(nn.leakedTensors).toBe(tf.leakedTensors);
    },
    TIMEOUT,
  );

  test(
    "commonjs through the package: require('neurite/tfjs') from dist/",
    async () => {
      const built = join(root, 'dist', 'tfjs', 'index.js');
      expect(existsSync(built), 'dist/tfjs is missing: run npx tsc -p tsconfig.build.json').toBe(
        true,
      );
      const newest = Math.max(
        ...readdirSync(join(root, 'src', 'tfjs')).map(
          (f) => statSync(join(root, 'src', 'tfjs', f)).mtimeMs,
        ),
      );
      expect(
        statSync(built).mtimeMs >= newest,
        'dist/tfjs is older than src/tfjs: run npx tsc -p tsconfig.build.json',
      ).toBe(true);
      const file = join(work, 'package-commonjs.cjs');
      writeFileSync(
        file,
        readFileSync(join(programs, 'commonjs.cjs'), 'utf8').replaceAll(
          "'@tensorflow/tfjs'",
          "'neurite/tfjs'",
        ),
      );
      const { stdout } = await run(process.execPath, [file], { cwd: root, encoding: 'utf8' });
      const r = result(stdout);
      expect(Math.abs((r.a as number) - 2)).toBeLessThan(1e-3);
      expect(r.iterations).toBe(300);
    },
    TIMEOUT,
  );

  test(
    'print-util: tensor.print(), conversions, tf.util and tf.test_util print the same text',
    async () => {
      const { tfOut, nnOut } = await bothOutputs('print-util.mjs');
      expect(nnOut).toBe(tfOut);
      expect(tfOut).toContain('Tensor\n    [[1, 2],\n     [3, 4]]');
    },
    TIMEOUT,
  );
});
