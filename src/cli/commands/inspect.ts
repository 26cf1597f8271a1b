/** `neurite evaluate DIR`, `neurite predict DIR IMAGE… | --index N` (`summary` is in summary.ts). */
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
import { MAX_PNG_FILE_BYTES, pngToGrey28 } from '../image.js';
import { modelPath, readTrainState } from '../run-folder.js';
import type { Io } from './train.js';
import { intIn, positiveInt } from '../validate.js';

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
  if (opts.limit !== undefined) positiveInt(opts.limit, 'limit');
  if (opts.batchSize !== undefined) positiveInt(opts.batchSize, 'batch-size');
  if (opts.dataset !== undefined) datasetByName(opts.dataset);
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
  if (opts.top !== undefined) positiveInt(opts.top, 'top');
  if (opts.index !== undefined) intIn(opts.index, 'index', 0);
  if (opts.dataset !== undefined) datasetByName(opts.dataset);
  if (images.length === 0 && opts.index === undefined)
    throw new CliError('predict: give one or more PNG files, or --index N for a test image');
  const { model, dataset, classNames } = await open(dir);
  const tooMany = (classes: number): CliError =>
    new CliError(
      `--top must be an integer from 1 to ${classes} (the model has ${classes} classes), received ${opts.top}`,
    );
  if (opts.top !== undefined && classNames && opts.top > classNames.length)
    throw tooMany(classNames.length);
  const k = opts.top ?? 3;
  const names = (label: number): string => classNames?.[label] ?? String(label);
  const inputs: { source: string; pixels: Float32Array; trueLabel?: number; note?: string }[] = [];
  if (opts.index !== undefined) {
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
  const { readFile, stat } = await import('node:fs/promises');
  for (const file of images) {
    const info = await stat(file).catch(() => null);
    if (!info) throw new CliError(`cannot read image '${file}': no such file`);
    if (!info.isFile()) throw new CliError(`cannot read image '${file}': not a file`);
    if (info.size > MAX_PNG_FILE_BYTES)
      throw new CliError(
        `cannot read image '${file}': the file is ${(info.size / 2 ** 20).toFixed(0)} MiB; the limit is ${MAX_PNG_FILE_BYTES / 2 ** 20} MiB`,
      );
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new CliError(
        `cannot read image '${file}': ${code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e)}`,
      );
    }
    const g = pngToGrey28(bytes, file);
    inputs.push({
      source: file,
      pixels: g.pixels,
      note: g.inverted ? 'inverted: light background' : undefined,
    });
  }
  const out: Prediction[] = [];
  for (const inp of inputs) {
    let probs: Float32Array = new Float32Array(0);
    tidy(() => {
      probs = model
        .predict(reshape(div(tensor(inp.pixels, [1, 28, 28]), 255), [1, 28, 28]))
        .dataSync() as Float32Array;
    });
    if (opts.top !== undefined && opts.top > probs.length) throw tooMany(probs.length);
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
