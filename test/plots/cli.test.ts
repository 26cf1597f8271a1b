import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { FIGURE_NAMES, PLOT_OPTIONS, plotCommand } from '../../src/plots/index.js';
import { parseFigure, textsIn } from './svg.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neurite-plot-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The legend labels and titles of a written SVG. */
async function readSvg(path: string): Promise<{ legend: string[]; titles: string[] }> {
  const root = parseFigure(await readFile(path, 'utf8'));
  return { legend: textsIn(root, 'role-legend-label'), titles: textsIn(root, 'role-title-text') };
}

describe('plotCommand', () => {
  test('writes the figure and says where', async () => {
    const out = join(dir, 'act.svg');
    const msg = await plotCommand(
      'activations',
      { ids: 'relu,tanh', range: '-2,2', points: 11 },
      out,
    );
    expect(msg).toMatch(/^Wrote activations to .*act\.svg \(SVG, \d+\.\d kB\)$/);
    expect((await readSvg(out)).titles).toEqual(expect.arrayContaining(['ReLU', 'tanh']));
  });

  test('options arrive as strings or numbers, camelCase or kebab-case', async () => {
    const out = join(dir, 'paths.svg');
    await plotCommand(
      'optimizer-paths',
      {
        surface: 'twoMinima',
        start: '1.5,-1',
        steps: '5',
        optimizers: 'sgd,adam',
        'learning-rates': 'sgd=0.2, adam=0.1',
      },
      out,
    );
    const { legend, titles } = await readSvg(out);
    expect(legend).toEqual(['SGD (lr 0.2)', 'Adam (lr 0.1)']);
    expect(titles).toEqual(['Optimizer paths: 5 steps']);
    const png = join(dir, 'field.png');
    expect(
      await plotCommand(
        'gradientField',
        { fn: 'x*y', range: '-1,1,-2,2', arrows: 4, width: 240 },
        png,
      ),
    ).toMatch(/\(PNG, /);
    expect(new DataView((await readFile(png)).buffer).getUint32(16)).toBe(240);
  });

  test('history from a run folder; softmax from probabilities', async () => {
    const run = join(dir, 'run');
    await mkdir(run, { recursive: true });
    await writeFile(
      join(run, 'history.json'),
      JSON.stringify({ loss: [1, 0.5], val_loss: [1.1, 0.9] }),
    );
    const h = join(dir, 'h.svg');
    await plotCommand('history', { history: run }, h);
    expect((await readSvg(h)).legend).toEqual(['train', 'validation']);
    const s = join(dir, 's.svg');
    await plotCommand(
      'softmax',
      { probabilities: '0.2,0.8', classNames: 'no,yes', trueLabel: 0 },
      s,
    );
    expect((await readSvg(s)).titles).toEqual(['Prediction: yes (80%); true class: no']);
  });

  test('softmax and samples from a saved model', async () => {
    const run = join(dir, 'model-run');
    const model = nn.sequential({
      layers: [
        nn.layers.flatten({ inputShape: [28, 28] }),
        nn.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    await nn.saveModel(model, join(run, 'model'));
    await writeFile(join(run, 'train-state.json'), JSON.stringify({ dataset: 'mnist' }));
    const [, [, yTest]] = await nn.datasets.mnist.loadData({ limit: 3 });
    const truth = nn.datasets.mnist.classNames[yTest.dataSync()[2]!]!;
    const out = join(dir, 'sm.svg');
    await plotCommand('softmax', { model: run, index: 2 }, out);
    const { titles, legend } = await readSvg(out);
    expect(titles).toEqual([`Test image 2 of mnist: true class ${truth}`]);
    expect(legend).toContain('prediction');
    const grid = join(dir, 'grid.svg');
    await plotCommand('samples', { model: run, count: 3 }, grid);
    expect((await readSvg(grid)).titles[0]).toMatch(/^3 images, [0-3] misclassified$/);
  });

  test('mistakes are reported before any work', async () => {
    await expect(plotCommand('pie', {}, 'x.svg')).rejects.toThrow(
      `plot: unknown figure 'pie'; choose one of ${FIGURE_NAMES.join(', ')}`,
    );
    await expect(plotCommand('activations', { colour: 'red' }, 'x.svg')).rejects.toThrow(
      /plot activations: unknown option --colour; valid options: --ids, --range, --points, --columns, --width/,
    );
    await expect(plotCommand('activations', { points: 'many' }, 'x.svg')).rejects.toThrow(
      "plot activations: --points must be a number, received 'many'",
    );
    await expect(plotCommand('activations', { range: '1' }, 'x.svg')).rejects.toThrow(
      "plot activations: --range must be 2 comma-separated numbers, received '1'",
    );
    await expect(plotCommand('decision-boundary', { dataset: 'iris' }, 'x.svg')).rejects.toThrow(
      "--dataset must be one of blobs, moons, circles, spiral, received 'iris'",
    );
    await expect(
      plotCommand('optimizer-paths', { learningRates: 'sgd:1' }, 'x.svg'),
    ).rejects.toThrow(/--learning-rates must look like sgd=0.1,adam=0.05/);
    await expect(plotCommand('history', {}, 'x.svg')).rejects.toThrow(
      'plot history: --history is required',
    );
    await expect(plotCommand('softmax', {}, 'x.svg')).rejects.toThrow(/give either --model DIR/);
    await expect(plotCommand('activations', {}, 'x.gif')).rejects.toThrow(
      /use \.svg, \.png or \.json/,
    );
    await expect(plotCommand('activations', { width: 0 }, 'x.png')).rejects.toThrow(
      /--width must be an integer >= 1/,
    );
  });

  test('every figure lists its options', () => {
    expect(Object.keys(PLOT_OPTIONS).sort()).toEqual([...FIGURE_NAMES].sort());
  });
});
