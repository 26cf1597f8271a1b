/**
 * A training run's folder: `model/` (the saved model, TF.js layers format), `history.json`,
 * `history.csv` and `train-state.json` (what `--resume` needs). Every file is replaced
 * atomically (write a temporary file, fsync, rename), so a crash leaves the last complete one.
 */
import { ValueError } from '../index.js';

/**
 * Everything that decides a run's result: `--resume` takes these from the run folder, so
 * the resumed epochs train exactly as the first ones did.
 */
export interface RunSettings {
  dataset: string;
  /** Hidden layer sizes, comma separated: '128' or '256,128'. */
  layers: string;
  activation: string;
  optimizer: string;
  /** The learning rate in use (the optimizer's default when none was given). */
  learningRate: number;
  batchSize: number;
  validationSplit: number;
  /** First N training and test images; null: all of them. */
  limit: number | null;
  /** Seed of initialization and shuffling (chosen at random when none was given). */
  seed: number;
  /** The backend the run trained on. */
  backend: string;
}

export const SETTING_KEYS = [
  'dataset',
  'layers',
  'activation',
  'optimizer',
  'learningRate',
  'batchSize',
  'validationSplit',
  'limit',
  'seed',
  'backend',
] as const satisfies readonly (keyof RunSettings)[];

export interface TrainState {
  /** Epochs finished so far. */
  completedEpochs: number;
  /** Epochs asked for in total. */
  epochs: number;
  dataset: string;
  classNames: readonly string[];
  /** The run's settings (absent in folders written by older versions: see `options`). */
  settings?: RunSettings;
  /** The options the run was started with, and its test loss and accuracy once done. */
  options: Record<string, string | number | boolean | null>;
  history: Record<string, number[]>;
}

/**
 * The settings of a saved run. A folder written before `settings` existed recorded only
 * `options`: what they lack is taken from `fallback` and listed in `missing`.
 */
export function runSettings(
  state: TrainState,
  fallback: RunSettings,
): { settings: RunSettings; missing: (keyof RunSettings)[] } {
  if (state.settings) return { settings: { ...state.settings }, missing: [] };
  const o = state.options;
  const settings = { ...fallback, dataset: state.dataset };
  const missing: (keyof RunSettings)[] = [];
  for (const key of SETTING_KEYS) {
    if (key === 'dataset') continue;
    const v = o[key];
    if (key === 'limit' && (v === null || v === undefined)) settings.limit = null;
    else if (typeof v === typeof fallback[key] || (key === 'limit' && typeof v === 'number'))
      (settings as Record<string, unknown>)[key] = v;
    else missing.push(key);
  }
  return { settings, missing };
}

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, path);
}

export async function writeRunFiles(dir: string, state: TrainState): Promise<void> {
  const { join } = await import('node:path');
  await writeFileAtomic(join(dir, 'train-state.json'), JSON.stringify(state, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'history.json'), JSON.stringify(state.history, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'history.csv'), historyCsv(state.history));
}

export function historyCsv(history: Readonly<Record<string, readonly number[]>>): string {
  const keys = Object.keys(history).sort();
  const n = Math.max(0, ...keys.map((k) => history[k]!.length));
  const rows = ['epoch,' + keys.join(',')];
  for (let i = 0; i < n; i++)
    rows.push([String(i), ...keys.map((k) => String(history[k]![i] ?? ''))].join(','));
  return rows.join('\n') + '\n';
}

export async function readTrainState(dir: string): Promise<TrainState | null> {
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  let text: string;
  try {
    text = await fs.readFile(join(dir, 'train-state.json'), 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValueError(`${join(dir, 'train-state.json')} is not valid JSON`);
  }
  const s = parsed as Partial<TrainState>;
  if (
    typeof s.completedEpochs !== 'number' ||
    typeof s.epochs !== 'number' ||
    typeof s.dataset !== 'string' ||
    !Array.isArray(s.classNames)
  ) {
    throw new ValueError(
      `${join(dir, 'train-state.json')} is missing completedEpochs, epochs, dataset or classNames`,
    );
  }
  if (s.settings !== undefined && !validSettings(s.settings)) {
    throw new ValueError(
      `${join(dir, 'train-state.json')} has damaged settings: expected ${SETTING_KEYS.join(', ')}`,
    );
  }
  return { options: {}, history: {}, ...s } as TrainState;
}

function validSettings(v: unknown): v is RunSettings {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const strings = ['dataset', 'layers', 'activation', 'optimizer', 'backend'];
  const numbers = ['learningRate', 'batchSize', 'validationSplit', 'seed'];
  return (
    strings.every((k) => typeof r[k] === 'string') &&
    numbers.every((k) => typeof r[k] === 'number') &&
    (r['limit'] === null || typeof r['limit'] === 'number')
  );
}

/** The model folder inside a run folder, or the folder itself when it holds model.json. */
export async function modelPath(dir: string): Promise<string> {
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  const exists = async (p: string): Promise<boolean> =>
    fs.stat(p).then(
      () => true,
      () => false,
    );
  if (dir.endsWith('.json') && (await exists(dir))) return dir;
  if (await exists(join(dir, 'model', 'model.json'))) return join(dir, 'model');
  if (await exists(join(dir, 'model.json'))) return dir;
  throw new ValueError(
    `'${dir}' is not a model folder: no model.json in it (nor in ${join(dir, 'model')})`,
  );
}
