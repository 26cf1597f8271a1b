/**
 * `neurite plot <figure> --out FILE [options]`: everything but the argument parsing. The CLI
 * passes the figure name, the options as parsed (camelCase or kebab-case keys, strings or
 * numbers) and the output path; this module checks them against each figure's options,
 * computes the figure and writes it.
 */
import { ValueError } from '../errors.js';
import { loadModel } from '../io/index.js';
import { fashionMnist, mnist } from '../datasets/index.js';
import { div } from '../ops/binary.js';
import { slice } from '../ops/gather-slice.js';
import type { Tensor } from '../tensor/tensor.js';
import { tidy } from '../engine/tidy.js';
import { activations } from './activations.js';
import { disposeModel } from './classifier-2d.js';
import { decisionBoundary } from './decision-boundary.js';
import { FIGURE_NAMES, type Figure, type FigureName } from './figure.js';
import { gradientField } from './gradient-field.js';
import { history } from './history.js';
import { PATH_OPTIMIZERS, type PathOptimizerName, optimizerPaths } from './optimizer-paths.js';
import { samples } from './samples.js';
import { separability } from './separability.js';
import { softmax } from './softmax.js';
import { SURFACE_NAMES } from './surfaces.js';
import { TOY_DATASETS } from './toy-data.js';
import { formatOf, writeFigure } from './write-figure.js';

/** An option value as a command-line parser hands it over. */
export type PlotOptionValue = string | number | boolean;

/**
 * Every option (camelCase) of every figure, with its help text. `width` applies to all (PNG).
 * @example
 * Object.keys(plots.PLOT_OPTIONS['optimizer-paths']); // ['surface', 'start', 'steps', …]
 */
export const PLOT_OPTIONS: { readonly [K in FigureName]: Readonly<Record<string, string>> } = {
  activations: {
    ids: 'activation ids, comma separated (default: the chapter’s nine)',
    range: 'x interval lo,hi (default -4,4)',
    points: 'samples per curve (default 161)',
    columns: 'panels per row (default 3)',
  },
  separability: {
    hidden: 'hidden units of the XOR network (default 4)',
    epochs: 'epochs of fit for the XOR network (default 300)',
    perceptronEpochs: 'perceptron epochs (default 20)',
    seed: 'seed of the XOR network (default 0)',
  },
  'decision-boundary': {
    dataset: `${TOY_DATASETS.join(', ')} (default moons)`,
    hidden: 'hidden layer sizes, comma separated (default 8)',
    activation: 'hidden activation (default tanh)',
    epochs: 'training epochs (default 100)',
    seed: 'seed of the data and weights (default 0)',
    samples: 'number of points (default 200)',
    noise: 'noise of the points (default: per dataset)',
    learningRate: 'Adam learning rate (default 0.03)',
    batchSize: 'batch size (default 32)',
    gridSize: 'shading cells per side (default 40)',
  },
  'gradient-field': {
    fn: `${SURFACE_NAMES.join(', ')} or an expression in x and y, e.g. 'x^2 + 3*y^2' (default bowl)`,
    range: 'lo,hi for both axes or x0,x1,y0,y1 (default: the surface’s, -2,2 for expressions)',
    arrows: 'arrows per side (default 15)',
    levels: 'contour lines (default 12)',
  },
  'optimizer-paths': {
    surface: `${SURFACE_NAMES.join(', ')} (default saddle)`,
    start: 'start point x,y (default: the surface’s)',
    steps: 'optimizer steps (default: the surface’s)',
    optimizers: `comma separated among ${PATH_OPTIMIZERS.join(', ')} (default all)`,
    learningRates: 'per optimizer, e.g. sgd=0.1,adam=0.05 (default: the surface’s)',
  },
  history: {
    history: 'history.json written by neurite train, or its run folder (required)',
    title: 'chart title',
  },
  samples: {
    dataset: 'mnist or fashion-mnist (default: the model’s run, else mnist)',
    count: 'number of images (default 16)',
    columns: 'images per row (default 8)',
    split: 'train or test (default test)',
    offset: 'index of the first image (default 0)',
    model: 'run folder or model folder: show its predictions',
  },
  softmax: {
    model: 'run folder or model folder to classify a test image with',
    dataset: 'mnist or fashion-mnist (default: the model’s run, else fashion-mnist)',
    index: 'test image index (default 0)',
    probabilities: 'comma separated probabilities (instead of a model)',
    classNames: 'comma separated class names (with --probabilities)',
    trueLabel: 'true class index (with --probabilities)',
    fromLogits: 'the --probabilities are logits',
  },
};

/**
 * Options that are switches: `--from-logits` alone means true.
 * @example
 * plots.PLOT_FLAGS.includes('fromLogits'); // true
 */
export const PLOT_FLAGS: readonly string[] = ['fromLogits'];

/**
 * Each figure with its options, as `neurite plot --help` can list them.
 * @example
 * console.log(plots.plotHelp());
 */
export function plotHelp(): string {
  const lines = ['Figures and their options (all: --out FILE.svg|.png|.json, --width PX for PNG):'];
  for (const name of FIGURE_NAMES) {
    lines.push(`  ${name}`);
    for (const [key, help] of Object.entries(PLOT_OPTIONS[name])) {
      const flag = `--${kebab(key)}${PLOT_FLAGS.includes(key) ? '' : ' <value>'}`;
      lines.push(`    ${flag.padEnd(30)} ${help}`);
    }
  }
  return lines.join('\n');
}

const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (k: string): string => k.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Typed, checked access to one figure's options. */
class Options {
  readonly #figure: FigureName;
  readonly #raw: ReadonlyMap<string, PlotOptionValue>;

  constructor(figure: FigureName, raw: Readonly<Record<string, PlotOptionValue | undefined>>) {
    this.#figure = figure;
    const known = { ...PLOT_OPTIONS[figure], width: '' };
    const map = new Map<string, PlotOptionValue>();
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined) continue;
      const key = camel(k);
      if (!Object.hasOwn(known, key)) {
        const valid = Object.keys(known).map((o) => `--${kebab(o)}`);
        throw new ValueError(
          `plot ${figure}: unknown option --${kebab(key)}; valid options: ${valid.join(', ')}`,
        );
      }
      map.set(key, v);
    }
    this.#raw = map;
  }

  #fail(key: string, expected: string, v: PlotOptionValue): never {
    throw new ValueError(
      `plot ${this.#figure}: --${kebab(key)} must be ${expected}, received '${String(v)}'`,
    );
  }

  has(key: string): boolean {
    return this.#raw.has(key);
  }

  string(key: string): string | undefined {
    const v = this.#raw.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') this.#fail(key, 'a value', v);
    return String(v);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v))
      this.#fail(key, `one of ${allowed.join(', ')}`, v);
    return v as T;
  }

  number(key: string): number | undefined {
    const v = this.#raw.get(key);
    if (v === undefined) return undefined;
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) this.#fail(key, 'a number', v);
    return n;
  }

  int(key: string, min = 0): number | undefined {
    const n = this.number(key);
    if (n !== undefined && !(Number.isInteger(n) && n >= min))
      this.#fail(key, `an integer >= ${min}`, this.#raw.get(key)!);
    return n;
  }

  numbers(key: string, counts?: readonly number[]): number[] | undefined {
    const v = this.#raw.get(key);
    if (v === undefined) return undefined;
    const parts = String(v)
      .split(',')
      .map((s) => s.trim());
    const ns = parts.map(Number);
    const countOk = counts === undefined || counts.includes(ns.length);
    if (
      typeof v === 'boolean' ||
      !countOk ||
      parts.some((p) => p === '') ||
      !ns.every(Number.isFinite)
    ) {
      const what = counts
        ? `${counts.join(' or ')} comma-separated numbers`
        : 'comma-separated numbers';
      this.#fail(key, what, v);
    }
    return ns;
  }

  strings(key: string): string[] | undefined {
    const v = this.string(key);
    return v === undefined
      ? undefined
      : v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  }

  flag(key: string): boolean | undefined {
    const v = this.#raw.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    this.#fail(key, 'true or false', v);
  }

  require<T>(key: string, value: T | undefined): T {
    if (value === undefined)
      throw new ValueError(`plot ${this.#figure}: --${kebab(key)} is required`);
    return value;
  }
}

/** `dir/model` when `dir` is a run folder, else `dir`. */
async function modelDir(dir: string): Promise<string> {
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  try {
    await fs.access(join(dir, 'model', 'model.json'));
    return join(dir, 'model');
  } catch {
    return dir;
  }
}

/** The dataset a run folder trained on (its train-state.json), if it says. */
async function runDataset(dir: string): Promise<string | undefined> {
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  try {
    const state: unknown = JSON.parse(await fs.readFile(join(dir, 'train-state.json'), 'utf8'));
    const ds =
      typeof state === 'object' && state !== null
        ? (state as { dataset?: unknown }).dataset
        : undefined;
    return typeof ds === 'string' ? ds : undefined;
  } catch {
    return undefined;
  }
}

function dataset(name: string, figure: string): typeof mnist {
  const key = name.toLowerCase().replace(/_/g, '-');
  if (key === 'mnist') return mnist;
  if (key === 'fashion-mnist' || key === 'fashionmnist') return fashionMnist;
  throw new ValueError(
    `plot ${figure}: --dataset must be mnist or fashion-mnist, received '${name}'`,
  );
}

function learningRates(o: Options): Partial<Record<PathOptimizerName, number>> | undefined {
  const parts = o.strings('learningRates');
  if (parts === undefined) return undefined;
  const out: Partial<Record<PathOptimizerName, number>> = {};
  for (const p of parts) {
    const m = /^([a-z]+)=(.+)$/i.exec(p);
    const name = m?.[1]?.toLowerCase() as PathOptimizerName | undefined;
    const lr = Number(m?.[2]);
    if (!m || !name || !PATH_OPTIMIZERS.includes(name) || !(lr > 0))
      throw new ValueError(
        `plot optimizer-paths: --learning-rates must look like sgd=0.1,adam=0.05 with names among ${PATH_OPTIMIZERS.join(', ')}, received '${p}'`,
      );
    out[name] = lr;
  }
  return out;
}

const MAKERS: {
  readonly [K in FigureName]: (o: Options) => Figure<unknown> | Promise<Figure<unknown>>;
} = {
  activations: (o) => {
    const range = o.numbers('range', [2]);
    return activations({
      ...(o.has('ids') ? { ids: o.strings('ids')! } : {}),
      ...(range ? { range: [range[0]!, range[1]!] as const } : {}),
      ...(o.has('points') ? { points: o.int('points', 2)! } : {}),
      ...(o.has('columns') ? { columns: o.int('columns', 1)! } : {}),
    });
  },
  separability: (o) =>
    separability({
      hidden: o.int('hidden', 1),
      epochs: o.int('epochs', 1),
      perceptronEpochs: o.int('perceptronEpochs', 1),
      seed: o.int('seed'),
    }),
  'decision-boundary': (o) =>
    decisionBoundary({
      dataset: o.oneOf('dataset', TOY_DATASETS),
      hidden: o.numbers('hidden'),
      activation: o.string('activation'),
      epochs: o.int('epochs'),
      seed: o.int('seed'),
      samples: o.int('samples', 2),
      noise: o.number('noise'),
      learningRate: o.number('learningRate'),
      batchSize: o.int('batchSize', 1),
      gridSize: o.int('gridSize', 4),
    }),
  'gradient-field': (o) => {
    const r = o.numbers('range', [2, 4]);
    return gradientField({
      fn: o.string('fn'),
      range:
        r === undefined
          ? undefined
          : r.length === 2
            ? [r[0]!, r[1]!]
            : { x: [r[0]!, r[1]!], y: [r[2]!, r[3]!] },
      arrows: o.int('arrows', 2),
      levels: o.int('levels', 1),
    });
  },
  'optimizer-paths': (o) => {
    const start = o.numbers('start', [2]);
    return optimizerPaths({
      surface: o.oneOf('surface', SURFACE_NAMES),
      start: start ? [start[0]!, start[1]!] : undefined,
      steps: o.int('steps', 1),
      optimizers: o.strings('optimizers'),
      learningRates: learningRates(o),
    });
  },
  history: async (o) => {
    const path = o.require('history', o.string('history'));
    const fs = await import('node:fs/promises');
    const { join } = await import('node:path');
    const file = (await fs.stat(path).catch(() => null))?.isDirectory()
      ? join(path, 'history.json')
      : path;
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      throw new ValueError(`plot history: cannot read '${file}'`);
    }
    return history(text, { title: o.string('title') ?? `Training history (${file})` });
  },
  samples: async (o) => {
    const dir = o.string('model');
    const model = dir ? await loadModel(await modelDir(dir)) : undefined;
    const name = o.string('dataset') ?? (dir ? await runDataset(dir) : undefined) ?? 'mnist';
    dataset(name, 'samples');
    try {
      return await samples({
        dataset: name,
        count: o.int('count', 1),
        columns: o.int('columns', 1),
        split: o.oneOf('split', ['train', 'test'] as const),
        offset: o.int('offset'),
        predictions: model,
      });
    } finally {
      if (model) disposeModel(model);
    }
  },
  softmax: async (o) => {
    const dir = o.string('model');
    const probs = o.numbers('probabilities');
    if ((dir === undefined) === (probs === undefined))
      throw new ValueError(
        'plot softmax: give either --model DIR (and --index N) or --probabilities p1,p2,…',
      );
    if (probs) {
      return softmax({
        probabilities: probs,
        classNames: o.strings('classNames'),
        trueLabel: o.int('trueLabel'),
        fromLogits: o.flag('fromLogits'),
      });
    }
    const model = await loadModel(await modelDir(dir!));
    const ds = dataset(
      o.string('dataset') ?? (await runDataset(dir!)) ?? 'fashion-mnist',
      'softmax',
    );
    const index = o.int('index') ?? 0;
    const [train, test] = await ds.loadData({ limit: index + 1 });
    try {
      const [x, y] = test;
      if (index >= x.shape[0]!)
        throw new ValueError(`plot softmax: --index ${index} is past the test set`);
      let out: number[] = [];
      tidy(() => {
        const image: Tensor = div(slice(x, [index], [1]), 255);
        out = Array.from(model.predict(image).dataSync());
      });
      const sum = out.reduce((a, b) => a + b, 0);
      return softmax({
        probabilities: out,
        classNames: ds.classNames,
        trueLabel: y.dataSync()[index],
        fromLogits: !(out.every((p) => p >= 0 && p <= 1) && Math.abs(sum - 1) < 1e-3),
        title: `Test image ${index} of ${ds.name}: true class ${ds.classNames[y.dataSync()[index]!]}`,
      });
    } finally {
      for (const t of [...train, ...test]) t.dispose();
      disposeModel(model);
    }
  },
};

/**
 * Computes `figure` with `options` and writes it to `out` (`.svg`, `.png` or `.json`);
 * returns the line to print.
 *
 * @throws ValueError for an unknown figure or option, or a bad option value.
 * @example
 * await plots.plotCommand('optimizer-paths', { surface: 'saddle', steps: 40 }, 'paths.svg');
 */
export async function plotCommand(
  figure: string,
  options: Readonly<Record<string, PlotOptionValue | undefined>>,
  out: string,
): Promise<string> {
  const name = FIGURE_NAMES.find((f) => f === figure || camel(f) === figure);
  if (!name)
    throw new ValueError(
      `plot: unknown figure '${figure}'; choose one of ${FIGURE_NAMES.join(', ')}`,
    );
  if (typeof out !== 'string' || out === '')
    throw new ValueError(`plot ${name}: --out FILE is required`);
  const o = new Options(name, options);
  const width = o.int('width', 1);
  formatOf(out); // a bad extension fails before the work
  const fig = await MAKERS[name](o);
  const written = await writeFigure(fig, out, width !== undefined ? { width } : {});
  return `Wrote ${name} to ${written.path} (${written.format.toUpperCase()}, ${(written.bytes / 1024).toFixed(1)} kB)`;
}
