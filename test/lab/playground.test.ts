/**
 * The lab's Playground page (lab/src/pages/playground/): its pure parts in Node (URL state,
 * CSV reading, seeded data, the printed program, which is run with Node), then the page end
 * to end in Chromium: training on moons and on three blobs, the URL state reloading to the
 * same network and the same numbers, presets, drawing points by keyboard and mouse, a bad
 * CSV's message, both languages and a phone-sized screen, with no console error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_EPOCHS, programFor } from '../../lab/src/pages/playground/code.js';
import { parseCsv } from '../../lab/src/pages/playground/csv.js';
import { makePoints, splitPoints } from '../../lab/src/pages/playground/data.js';
import { PRESETS } from '../../lab/src/pages/playground/presets.js';
import { STRINGS } from '../../lab/src/pages/playground/strings.js';
import {
  defaultState,
  paramsToState,
  stateToParams,
  type PlaygroundState,
} from '../../lab/src/pages/playground/state.js';
import { root } from '../browser/harness.js';
import { labOrigin, openLab, requireBrowser, skip } from './harness.js';

const toParams = (s: PlaygroundState): URLSearchParams =>
  new URLSearchParams(Object.entries(stateToParams(s)).map(([k, v]) => [k, String(v)]));

describe('playground state, data and CSV (Node)', () => {
  it('has every string in both languages, and a name and a lesson for every preset', () => {
    expect(Object.keys(STRINGS['zh-TW']).sort()).toEqual(Object.keys(STRINGS.en).sort());
    for (const p of PRESETS) {
      expect(STRINGS.en[`preset.${p.id}`], p.id).toBeTruthy();
      expect(STRINGS.en[`presetNote.${p.id}`], p.id).toBeTruthy();
    }
  });

  it('round-trips every setting through the URL', () => {
    const s = defaultState();
    Object.assign(s, {
      data: 'spiral',
      classes: 4,
      points: 250,
      noise: 15,
      trainPercent: 70,
      seed: 1234,
      features: ['x1', 'x2', 'sinx1', 'x1x2'],
      layers: [
        { units: 64, activation: 'tanh' },
        { units: 3, activation: 'gelu' },
      ],
      dropout: 0.3,
      regularization: 'l1',
      regRate: 0.003,
      optimizer: 'rmsprop',
      learningRate: 0.001,
      batchSize: 32,
    });
    const back = paramsToState(toParams(s));
    expect(back.ignored).toEqual([]);
    expect(back.state).toEqual({ ...s, features: ['x1', 'x2', 'x1x2', 'sinx1'] });
    const custom = defaultState();
    custom.data = 'custom';
    custom.custom = [
      { x: 1.25, y: -3, label: 0 },
      { x: -0.5, y: 2.75, label: 4 },
    ];
    expect(paramsToState(toParams(custom)).state.custom).toEqual(custom.custom);
  });

  it('ignores bad URL values, keeping the defaults, and names them', () => {
    const { state, ignored } = paramsToState(
      new URLSearchParams('data=lines&layers=4,99&n=5&lr=-1&feat=x1,x9&act=relu&pts=1,2'),
    );
    expect(ignored.sort()).toEqual(['act', 'data', 'feat', 'layers', 'lr', 'n', 'pts']);
    expect(state).toEqual(defaultState());
    // Nine layers is one too many.
    expect(paramsToState(new URLSearchParams('layers=1,1,1,1,1,1,1,1,1')).ignored).toEqual([
      'layers',
    ]);
    expect(
      paramsToState(new URLSearchParams('layers=64,64,64,64,64,64,64,64')).state.layers,
    ).toHaveLength(8);
  });

  it('generates the same balanced points from the same seed', () => {
    for (const data of ['moons', 'circles', 'xor', 'spiral', 'blobs'] as const) {
      const s = { ...defaultState(), data, classes: 3 };
      const a = makePoints(s);
      expect(makePoints(s)).toEqual(a);
      expect(makePoints({ ...s, seed: 2 })).not.toEqual(a);
      expect(a).toHaveLength(s.points);
      if (data !== 'xor') {
        const k = data === 'spiral' || data === 'blobs' ? 3 : 2;
        for (let c = 0; c < k; c++) {
          expect(a.filter((p) => p.label === c).length).toBeGreaterThanOrEqual(
            Math.floor(s.points / k),
          );
        }
      }
      for (const p of a) expect(Math.max(Math.abs(p.x), Math.abs(p.y))).toBeLessThan(9);
    }
    const split = splitPoints(makePoints(defaultState()), 30, 1);
    expect([split.train.length, split.test.length]).toEqual([120, 280]);
  });

  it('reads a good CSV (header, -1/1 labels, scaling) and refuses bad ones with line numbers', () => {
    const ok = parseCsv('x,y,label\n0.5,1,-1\n-1,2,1\r\n\n3,-2,1\n1,1,-1\n');
    expect(ok).toEqual({
      ok: true,
      points: [
        { x: 0.5, y: 1, label: 0 },
        { x: -1, y: 2, label: 1 },
        { x: 3, y: -2, label: 1 },
        { x: 1, y: 1, label: 0 },
      ],
      scaled: null,
      relabelled: true,
    });
    const big = parseCsv('100,0,0\n-50,10,1\n0,0,2\n1,1,0');
    expect(big.ok && big.scaled).toBeCloseTo(0.054, 6);
    expect(big.ok && big.points[0]).toEqual({ x: 5.4, y: 0, label: 0 });
    const bad = parseCsv('x,y,label\n1,2,0\nfoo,3,1\n4,5\n1,2,9\n1,2,0.5');
    expect(bad).toEqual({
      ok: false,
      problems: [
        { key: 'csvNotNumber', vars: { line: 3, field: 'x', got: 'foo' } },
        { key: 'csvFieldCount', vars: { line: 4, got: 2 } },
        { key: 'csvBadLabel', vars: { line: 5, got: '9', max: 7 } },
        { key: 'csvBadLabel', vars: { line: 6, got: '0.5', max: 7 } },
      ],
    });
    expect(parseCsv('1,2,0\n3,4,0\n5,6,0\n7,8,0')).toEqual({
      ok: false,
      problems: [{ key: 'csvOneClass', vars: {} }],
    });
    expect(parseCsv('').ok).toBe(false);
    const many = Array.from({ length: 1001 }, (_, i) => `${i % 5},1,${i % 2}`).join('\n');
    expect(parseCsv(many)).toEqual({
      ok: false,
      problems: [{ key: 'csvTooMany', vars: { rows: 1001, max: 1000 } }],
    });
  });
});

describe('the printed program (Node)', () => {
  // The program runs as a user's would, but its 'neurite' is the sources (never a stale build).
  const entry = pathToFileURL(join(root, 'src', 'index.ts')).href;
  const dir = mkdtempSync(join(tmpdir(), 'neurite-playground-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (name: string, code: string): string => {
    const file = join(dir, name);
    writeFileSync(file, code.replace("from 'neurite';", `from '${entry}';`));
    return execFileSync(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
  };

  it('makes the same points, train and test, as the page', () => {
    for (const data of ['moons', 'circles', 'xor', 'spiral', 'blobs'] as const) {
      const s = { ...defaultState(), data, classes: 3, seed: 11, noise: 20, trainPercent: 60 };
      const code = programFor(s);
      // Up to the split, without the import (the data needs no library): quick to run.
      const head = code
        .slice(0, code.indexOf('// Input features'))
        .replace("import * as nn from 'neurite';", '');
      const out = run(
        `data-${data}.mts`,
        `${head}\nconsole.log(JSON.stringify({ train, test }));\n`,
      );
      expect(JSON.parse(out), data).toEqual(splitPoints(makePoints(s), 60, 11));
    }
  }, 120_000);

  it('runs: it trains the preset and reports its test accuracy', () => {
    // The three-class preset with dropout and L2 added, for 20 epochs instead of 100.
    const s = { ...PRESETS.find((p) => p.id === 'threeClasses')!.state };
    Object.assign(s, { dropout: 0.1, regularization: 'l2', regRate: 0.001 });
    const code = programFor(s).replace(`epochs: ${CODE_EPOCHS}`, 'epochs: 20');
    expect(code).toContain("activation: 'softmax'");
    expect(code).toContain('nn.layers.dropout({ rate: 0.1 })');
    const out = run('three-classes.mts', code);
    const accuracy = Number(/test accuracy ([\d.]+)/.exec(out)?.[1]);
    expect(accuracy).toBeGreaterThan(0.85);
  }, 120_000);
});

/** Reads a number a page shows in `data-value`. */
async function value(page: Page, testid: string): Promise<number> {
  return Number(await page.getByTestId(testid).getAttribute('data-value'));
}

/** Clicks Step `n` times and waits for the worker's frame of epoch `epoch`. */
async function step(page: Page, n: number, epoch: number): Promise<void> {
  for (let i = 0; i < n; i++) await page.getByTestId('pg-step').click();
  await expect.poll(() => value(page, 'pg-epoch')).toBe(epoch);
}

/** Plays until `testid`'s value passes `target` (or `ms` pass); returns the time taken. */
async function playUntil(page: Page, testid: string, target: number, ms: number): Promise<number> {
  const t0 = Date.now();
  await page.getByTestId('pg-play').click();
  await expect
    .poll(() => value(page, testid), { timeout: ms, interval: 100 })
    .toBeGreaterThan(target);
  const took = Date.now() - t0;
  await page.getByTestId('pg-play').click();
  return took;
}

describe.skipIf(skip)('playground page (Chromium)', () => {
  beforeAll(async () => {
    requireBrowser();
    await labOrigin();
  }, 300_000);

  it('trains two moons past 95 % test accuracy within 30 s, with the code shown', async () => {
    const lab = await openLab('playground');
    try {
      const { page } = lab;
      const took = await playUntil(page, 'pg-test-acc', 0.95, 30_000);
      console.log(
        `moons: > 95 % test accuracy after ${took} ms, ${await page.getByTestId('pg-epoch').textContent()}`,
      );
      expect(Number(await page.getByTestId('pg-epoch').getAttribute('data-value'))).toBeGreaterThan(
        0,
      );
      await expect.poll(() => page.getByTestId('code').textContent()).toContain('nn.sequential');
      expect(await page.getByTestId('code').textContent()).toContain("loss: 'binaryCrossentropy'");
      // Eight neurons' maps per hidden layer, and the loss chart drawn.
      expect(await page.getByTestId('pg-neurons-0').locator('canvas').count()).toBe(8);
      await expect.poll(() => page.getByTestId('pg-chart').locator('svg').count()).toBe(1);
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);

  it('trains three blobs (softmax) past 90 % test accuracy', async () => {
    const lab = await openLab('playground?data=blobs&classes=3&noise=20');
    try {
      const { page } = lab;
      expect(await page.getByTestId('pg-output-layer').textContent()).toBe(
        'Output: 3 with softmax',
      );
      const took = await playUntil(page, 'pg-test-acc', 0.9, 30_000);
      console.log(`three blobs: > 90 % test accuracy after ${took} ms`);
      expect(await page.getByTestId('code').textContent()).toContain(
        'sparseCategoricalCrossentropy',
      );
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);

  it('reloads its URL to the same network, data, predictions and loss', async () => {
    const route =
      'playground?data=spiral&classes=3&n=300&noise=5&seed=7&feat=x1,x2,sinx1&layers=6,4&act=tanh,relu' +
      '&drop=0.1&reg=l2&rr=0.001&opt=rmsprop&lr=0.01&bs=16';
    const lab = await openLab(route);
    try {
      const { page } = lab;
      const read = async (): Promise<Record<string, unknown>> => {
        await step(page, 3, 3);
        return {
          data: await page.getByTestId('pg-dataset').inputValue(),
          classes: await page.getByTestId('pg-classes').inputValue(),
          units: await page.locator('[data-testid^="pg-units-"]').allTextContents(),
          activations: [
            await page.getByTestId('pg-activation-0').inputValue(),
            await page.getByTestId('pg-activation-1').inputValue(),
          ],
          sinx1: await page.getByTestId('pg-feat-sinx1').isChecked(),
          x1sq: await page.getByTestId('pg-feat-x1sq').isChecked(),
          dropout: await page.getByTestId('pg-dropout').inputValue(),
          optimizer: await page.getByTestId('pg-optimizer').inputValue(),
          epoch: await value(page, 'pg-epoch'),
          trainLoss: await value(page, 'pg-train-loss'),
          testLoss: await value(page, 'pg-test-loss'),
          testAcc: await value(page, 'pg-test-acc'),
          map: await page
            .getByTestId('pg-map')
            .evaluate((c) => (c as HTMLCanvasElement).toDataURL()),
        };
      };
      const before = await read();
      expect(before).toMatchObject({
        data: 'spiral',
        classes: '3',
        units: ['6', '4'],
        activations: ['tanh', 'relu'],
        sinx1: true,
        x1sq: false,
        dropout: '0.1',
        optimizer: 'rmsprop',
        epoch: 3,
      });
      expect(Number.isFinite(before.testLoss)).toBe(true);
      await page.reload();
      await page.waitForSelector('[data-testid="page-root"][data-ready]');
      expect(await read()).toEqual(before);
      // A change goes into the URL at once.
      await page.getByTestId('pg-add-layer').click();
      await page.getByTestId('pg-activation-2').selectOption('gelu');
      expect(decodeURIComponent(page.url())).toContain('layers=6,4,4');
      expect(decodeURIComponent(page.url())).toContain('act=tanh,relu,gelu');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);

  it('loads a preset, from the menu and from a link, and shows its lesson', async () => {
    const lab = await openLab('playground');
    try {
      const { page } = lab;
      await page.getByTestId('pg-preset').selectOption('tooSmall');
      expect(await page.getByTestId('pg-dataset').inputValue()).toBe('spiral');
      expect(await page.getByTestId('pg-layer-count').textContent()).toBe('Hidden layers: 1');
      expect(await page.getByTestId('pg-units-0').textContent()).toBe('2');
      expect(await page.getByTestId('pg-activation-0').inputValue()).toBe('tanh');
      expect(await page.getByTestId('pg-preset-note').textContent()).toContain('Two neurons');
      expect(page.url()).toContain('preset=tooSmall');
      // Too high a learning rate: after 3 epochs the loss is far above a good rate's.
      await page.getByTestId('pg-preset').selectOption('lrTooHigh');
      await step(page, 3, 3);
      const high = await value(page, 'pg-train-loss');
      await page.getByTestId('pg-preset').selectOption('lrRight');
      await step(page, 3, 3);
      const right = await value(page, 'pg-train-loss');
      expect(high).toBeGreaterThan(2);
      expect(right).toBeLessThan(0.5);
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
    const linked = await openLab('playground?preset=overfit');
    try {
      const { page } = linked;
      expect(await page.getByTestId('pg-dataset').inputValue()).toBe('circles');
      expect(await page.locator('[data-testid^="pg-units-"]').allTextContents()).toEqual([
        '64',
        '64',
        '64',
      ]);
      expect(await page.getByTestId('pg-dropout').inputValue()).toBe('0');
      expect(await page.getByTestId('pg-neurons-2').locator('canvas').count()).toBe(64);
      expect(await page.getByTestId('pg-preset').inputValue()).toBe('overfit');
      expect(linked.errors).toEqual([]);
    } finally {
      await linked.close();
    }
  }, 90_000);

  it('says what is wrong with a dropped bad CSV, and loads a good one', async () => {
    const lab = await openLab('playground');
    try {
      const { page } = lab;
      // A drop, as a file dragged from the desktop arrives.
      await page.getByTestId('pg-map').evaluate((el) => {
        const dt = new DataTransfer();
        dt.items.add(
          new File(['x,y,label\n1,2,0\nfoo,3,1\n4,5,1\n'], 'bad.csv', { type: 'text/csv' }),
        );
        el.dispatchEvent(
          new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
      });
      const message = page.getByTestId('pg-message');
      await expect.poll(() => message.textContent()).toContain('Nothing was loaded from bad.csv');
      expect(await message.textContent()).toContain(
        "line 3: expected a number for x, found 'foo'.",
      );
      expect(await message.getAttribute('role')).toBe('alert');
      expect(await message.isVisible()).toBe(true);
      expect(await page.getByTestId('pg-dataset').inputValue()).toBe('moons');
      await page.getByTestId('pg-csv-input').setInputFiles({
        name: 'good.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('x,y,label\n1,1,0\n-1,-1,1\n2,2,0\n-2,-2,1\n1,-1,2\n'),
      });
      await expect.poll(() => message.textContent()).toBe('Loaded 5 points from good.csv.');
      expect(await page.getByTestId('pg-dataset').inputValue()).toBe('custom');
      expect(await page.getByTestId('pg-output-layer').textContent()).toBe(
        'Output: 3 with softmax',
      );
      expect(decodeURIComponent(page.url())).toContain('pts=1,1,0;-1,-1,1;2,2,0;-2,-2,1;1,-1,2');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);

  it('adds points drawn with the keyboard and the mouse', async () => {
    const lab = await openLab('playground?data=custom');
    try {
      const { page } = lab;
      expect(await page.getByTestId('pg-message').textContent()).toContain('at least two classes');
      expect(await page.getByTestId('pg-play').isDisabled()).toBe(true);
      const map = page.getByTestId('pg-map');
      await map.focus();
      await page.keyboard.press('Enter'); // class 0 at (0, 0)
      for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter'); // class 0 at (2, 0)
      await page.getByTestId('pg-draw-class-1').click();
      expect(await page.getByTestId('pg-draw-class-1').getAttribute('aria-checked')).toBe('true');
      const click = async (fx: number, fy: number): Promise<void> => {
        const box = (await map.boundingBox())!;
        await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      };
      // The page writes the link after it handles each click: wait for it each time (a CI
      // run read the link before the second click had landed).
      const link = (): string => decodeURIComponent(page.url());
      await click(0.25, 0.25); // (-3, 3)
      await expect.poll(link).toContain('pts=0,0,0;2,0,0;-3,3,1');
      await click(0.25, 0.75); // (-3, -3)
      await expect.poll(link).toContain('pts=0,0,0;2,0,0;-3,3,1;-3,-3,1');
      expect(await page.getByTestId('pg-play').isDisabled()).toBe(false);
      await step(page, 1, 1);
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);

  it('stays responsive while a big network (8 layers of 64) trains', async () => {
    const lab = await openLab(
      'playground?layers=64,64,64,64,64,64,64,64&act=relu,relu,relu,relu,relu,relu,relu,relu',
    );
    try {
      const { page } = lab;
      // How long a queued task waits for the main thread, sampled 30 times: the page idle,
      // then while it trains. Training and the maps' arithmetic run in a worker and the page
      // only paints frames, so training may add little to the wait (the idle figure carries
      // the machine's own load, which on a shared runner is not small).
      const sample = (): Promise<number> =>
        page.evaluate(async () => {
          const out: number[] = [];
          for (let i = 0; i < 30; i++) {
            const t0 = performance.now();
            await new Promise((r) => setTimeout(r, 0));
            out.push(performance.now() - t0);
            await new Promise((r) => setTimeout(r, 31));
          }
          return out.sort((a, b) => a - b)[Math.floor(out.length * 0.9)]!;
        });
      const idle = await sample();
      await page.getByTestId('pg-play').click();
      const training = await sample();
      await page.getByTestId('pg-play').click();
      const epochs = await value(page, 'pg-epoch');
      console.log(
        `8×64 network: 90th-percentile task delay ${training.toFixed(0)} ms training, ${idle.toFixed(0)} ms idle; ${epochs} epochs`,
      );
      expect(training).toBeLessThan(idle + 100);
      expect(epochs).toBeGreaterThan(0);
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);

  it('works in Traditional Chinese on a 375-px phone screen', async () => {
    const lab = await openLab('playground', {
      lang: 'zh-TW',
      viewport: { width: 375, height: 800 },
    });
    try {
      const { page } = lab;
      expect(await page.getByTestId('pg-play').textContent()).toBe('播放');
      expect(await page.getByTestId('pg-output-layer').textContent()).toBe('輸出：1，使用 sigmoid');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        375,
      );
      const map = (await page.getByTestId('pg-map').boundingBox())!;
      expect(map.width).toBeGreaterThan(250);
      expect(map.x + map.width).toBeLessThanOrEqual(375);
      await step(page, 1, 1);
      expect(await page.getByTestId('pg-epoch').textContent()).toBe('第 1 個 epoch');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  }, 90_000);
});
