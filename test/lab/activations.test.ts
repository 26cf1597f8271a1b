/**
 * The activations page: a curve and a derivative curve for every activation of the
 * registry, and the derivative values shown (from autograd) match the known formulas.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { activationsCode } from '../../lab/src/pages/activations/code.js';
import * as nn from '../../src/index.js';
import { labOrigin, openLab, requireBrowser, skip } from './harness.js';

/** Known derivatives, written from their formulas (not from Neurite). */
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const KNOWN: [string, number, number][] = [
  ['sigmoid', 0, 0.25],
  ['sigmoid', 2, sigmoid(2) * (1 - sigmoid(2))],
  ['tanh', 0, 1],
  ['tanh', 1, 1 - Math.tanh(1) ** 2],
  ['relu', 1.5, 1],
  ['relu', -1.5, 0],
  ['softplus', 1, sigmoid(1)],
  ['elu', -1, Math.exp(-1)],
  ['exponential', 1, Math.E],
  ['softsign', 1, 1 / (1 + 1) ** 2],
  ['leakyRelu', -2, 0.2],
  ['silu', 1, sigmoid(1) * (1 + 1 * (1 - sigmoid(1)))],
  ['linear', 3, 1],
  // softmax of the vector [x, 0], first output: sigmoid(x); its derivative sigmoid'(x).
  ['softmax', 0, 0.25],
];

describe.skipIf(skip)('lab: activations', () => {
  beforeAll(async () => {
    requireBrowser();
    await labOrigin();
  }, 300_000);

  it('draws f and f′ for every activation of the registry', async () => {
    const ids = nn.activations.ACTIVATION_IDS;
    expect(ids.length).toBeGreaterThan(15);
    const lab = await openLab('activations');
    try {
      const { page } = lab;
      // Every registry activation is offered: check them all (the last two by clicking).
      const url = new URL(page.url());
      url.hash = `#/activations?a=${ids.slice(0, -2).join(',')}`;
      await page.goto(url.href);
      await page.waitForSelector('[data-testid="page-root"][data-ready]');
      for (const id of ids.slice(-2)) await page.getByTestId(`act-${id}`).check();
      for (const id of ids) expect(await page.getByTestId(`act-${id}`).isChecked(), id).toBe(true);
      await expect
        .poll(() => page.getByTestId('chart-f').getAttribute('data-series'), { timeout: 20_000 })
        .toBe(ids.join(','));
      // …and drawn: one non-empty line per activation in each chart.
      for (const chart of ['chart-f', 'chart-df']) {
        const paths = page.locator(`[data-testid="${chart}"] svg .mark-line path`);
        expect(await paths.count(), chart).toBe(ids.length);
        const lengths = await paths.evaluateAll((els) =>
          els.map((e) => (e as SVGPathElement).getTotalLength()),
        );
        for (const [i, len] of lengths.entries())
          expect(len, `${chart} ${ids[i]}`).toBeGreaterThan(50);
      }
      expect(await page.getByTestId('vector-note').textContent()).toContain('softmax');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('shows derivatives that match the known formulas', async () => {
    const names = [...new Set(KNOWN.map(([id]) => id))].join(',');
    const lab = await openLab(`activations?a=${names}&x=0`);
    try {
      const { page } = lab;
      for (const [id, x, expected] of KNOWN) {
        await page.getByTestId('probe').fill(String(x));
        const shown = Number(await page.getByTestId(`df-${id}`).textContent());
        expect(shown, `${id}'(${x})`).toBeCloseTo(expected, 3);
      }
      await page.getByTestId('probe').fill('0');
      expect(await page.getByTestId('f-sigmoid').textContent()).toBe('0.5000');
      expect(await page.getByTestId('df-sigmoid').textContent()).toBe('0.2500');
      expect(await page.getByTestId('fd-sigmoid').textContent()).toBe('0.2500');
      expect(new URL(page.url()).hash).toContain('x=0');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('the input range sets the curves’ domain and goes into the URL', async () => {
    const lab = await openLab('activations?a=tanh&min=-2&max=3');
    try {
      const { page } = lab;
      expect(await page.getByTestId('x-min').inputValue()).toBe('-2');
      expect(await page.getByTestId('x-max').inputValue()).toBe('3');
      const ticks = await page
        .locator('[data-testid="chart-f"] svg .role-axis-label text')
        .allTextContents();
      // The axis spans the range (Vega writes minus as U+2212).
      expect(ticks.map((s) => Number(s.replace('−', '-')))).toEqual(
        expect.arrayContaining([-2, 3]),
      );
      await page.getByTestId('x-max').fill('8');
      await expect.poll(() => new URL(page.url()).hash).toContain('max=8');
      expect(await page.getByTestId('code').textContent()).toContain('nn.linspace(-2, 8, 401)');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});

describe('lab: activations page code panel', () => {
  it('the program it shows runs and prints the derivatives at the probe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-lab-code-'));
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    try {
      writeFileSync(
        join(dir, 'act.ts'),
        activationsCode(['sigmoid', 'tanh'], ['softmax'], -5, 5, 0),
      );
      await import(join(dir, 'act.ts'));
    } finally {
      spy.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines).toEqual(['sigmoid 0.5 0.25', 'tanh 0 1', 'softmax 401,1 401,1']);
  }, 60_000);
});
