/**
 * A training run's folder: `model/` (the saved model, TF.js layers format), `history.json`,
 * `history.csv` and `train-state.json` (what `--resume` needs). Every file is replaced
 * atomically (write a temporary file, fsync, rename), so a crash leaves the last complete one.
 */
import { ValueError } from '../index.js';

export interface TrainState {
  /** Epochs finished so far. */
  completedEpochs: number;
  /** Epochs asked for in total. */
  epochs: number;
  dataset: string;
  classNames: readonly string[];
  /** The options the run was started with. */
  options: Record<string, string | number | boolean | null>;
  history: Record<string, number[]>;
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
  return { options: {}, history: {}, ...s } as TrainState;
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
