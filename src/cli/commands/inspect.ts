/** `neurite evaluate DIR`, `neurite predict DIR IMAGE… | --index N`, `neurite summary DIR`. */
import {
  dispose,
  div,
  loadModel,
  type Model,
  ready,
  reshape,
  slice,
  tensor,
  tidy,
} from '../../index.js';
import { CliError } from '../errors.js';
import { datasetByName } from '../datasets.js';
import { pngToGrey28 } from '../image.js';
import { modelPath, readTrainState } from '../run-folder.js';
import type { Io } from './train.js';

async function open(
  dir: string,
): Promise<{ model: Model; dataset: string | null; classNames: readonly string[] | null }> {
  await ready();
  const path = await modelPath(dir).catch((e: unknown) => {
    throw new CliError(e instanceof Error ? e.message : String(e));
  });
  const model = await loadModel(path);
  const state = await readTrainState(dir).catch(() => null);
  return { model, dataset: state?.dataset ?? null, classNames: state?.classNames ?? null };
}

export async function evaluateCommand(
  dir: string,
  opts: { dataset?: string; limit?: number; batchSize?: number },
  io: Io,
): Promise<Record<string, number>> {
  const { model, dataset } = await open(dir);
  const ds = datasetByName(opts.dataset ?? dataset ?? 'fashion-mnist');
  if (!model.compiled)
    throw new CliError(
      `the model in '${dir}' was saved without a training configuration (loss, metrics): nothing to evaluate with`,
    );
  const [[xTrain, yTrain], [x, yTest]] = await ds.module.loadData({
    limit: opts.limit,
    normalize: true,
  });
  dispose([xTrain, yTrain]);
  const logs = await model.evaluate(x, yTest, { batchSize: opts.batchSize ?? 256, verbose: 0 });
  io.log(
    `${ds.name} test set (${x.shape[0]} images): ${Object.entries(logs)
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(', ')}`,
  );
  return logs;
}

export interface Prediction {
  source: string;
  top: { label: number; name: string; probability: number }[];
  trueLabel?: number;
}

export async function predictCommand(
  dir: string,
  images: readonly string[],
  opts: { index?: number; dataset?: string; top?: number },
  io: Io,
): Promise<Prediction[]> {
  const { model, dataset, classNames } = await open(dir);
  const k = opts.top ?? 3;
  const names = (label: number): string => classNames?.[label] ?? String(label);
  const inputs: { source: string; pixels: Float32Array; trueLabel?: number; note?: string }[] = [];
  if (opts.index !== undefined) {
    if (!Number.isInteger(opts.index) || opts.index < 0)
      throw new CliError(`--index must be a non-negative integer, received ${opts.index}`);
    const ds = datasetByName(opts.dataset ?? dataset ?? 'fashion-mnist');
    const [, [xTest, yTest]] = await ds.module.loadData();
    if (opts.index >= xTest.shape[0]!)
      throw new CliError(
        `--index ${opts.index} is out of range: the ${ds.name} test set has ${xTest.shape[0]} images`,
      );
    const px = slice(xTest, [opts.index], [1]).dataSync() as Float32Array;
    inputs.push({
      source: `${ds.name} test image #${opts.index}`,
      pixels: px,
      trueLabel: yTest.dataSync()[opts.index]!,
    });
  }
  const { readFile } = await import('node:fs/promises');
  for (const file of images) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      throw new CliError(`cannot read image '${file}': no such file or not readable`);
    }
    const g = pngToGrey28(bytes, file);
    inputs.push({
      source: file,
      pixels: g.pixels,
      note: g.inverted ? 'inverted: light background' : undefined,
    });
  }
  if (inputs.length === 0)
    throw new CliError('predict: give one or more PNG files, or --index N for a test image');
  const out: Prediction[] = [];
  for (const inp of inputs) {
    let probs: Float32Array = new Float32Array(0);
    tidy(() => {
      probs = model
        .predict(reshape(div(tensor(inp.pixels, [1, 28, 28]), 255), [1, 28, 28]))
        .dataSync() as Float32Array;
    });
    const order = [...probs.keys()].sort((a, b) => probs[b]! - probs[a]!).slice(0, k);
    const top = order.map((label) => ({ label, name: names(label), probability: probs[label]! }));
    out.push({ source: inp.source, top, trueLabel: inp.trueLabel });
    const truth = inp.trueLabel !== undefined ? ` (true: ${names(inp.trueLabel)})` : '';
    io.log(`${inp.source}${truth}${inp.note ? ` [${inp.note}]` : ''}`);
    for (const t of top)
      io.log(`  ${t.name.padEnd(12)} ${(100 * t.probability).toFixed(1).padStart(5)}%`);
  }
  return out;
}

export async function summaryCommand(dir: string, io: Io): Promise<void> {
  const { model } = await open(dir);
  model.summary(io.log);
}
