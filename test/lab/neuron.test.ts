/**
 * The neuron page, as a learner uses it: the perceptron learns AND and OR step by step,
 * never settles on XOR (and says so after MAX_EPOCHS), and the hidden layer solves XOR.
 * Points placed with the mouse and the keyboard end up in the URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { neuronCode } from '../../lab/src/pages/neuron/code.js';
import { presetPoints } from '../../lab/src/pages/neuron/data.js';
import { labOrigin, openLab, requireBrowser, skip, type LabSession } from './harness.js';

const status = (lab: LabSession, key: string): Promise<string | null> =>
  lab.page.getByTestId('status').getAttribute(`data-${key}`);

/** Presses Step until the status says converged or stuck (at most `limit` times). */
async function stepUntilDone(lab: LabSession, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if ((await status(lab, 'converged')) === 'true' || (await status(lab, 'stuck')) === 'true')
      return;
    await lab.page.getByTestId('step').click();
  }
}

describe.skipIf(skip)('lab: neuron and perceptron', () => {
  beforeAll(async () => {
    requireBrowser();
    await labOrigin();
  }, 300_000);

  for (const gate of ['and', 'or'] as const) {
    it(`the perceptron learns ${gate.toUpperCase()} step by step`, async () => {
      const lab = await openLab('neuron');
      try {
        await lab.page.getByTestId(`preset-${gate}`).click();
        expect(await lab.page.getByTestId(`preset-${gate}`).getAttribute('aria-pressed')).toBe(
          'true',
        );
        expect(await status(lab, 'epoch')).toBe('0');
        await lab.page.getByTestId('step').click();
        expect(await status(lab, 'epoch')).toBe('1');
        await stepUntilDone(lab);
        expect(await status(lab, 'converged')).toBe('true');
        expect(Number(await status(lab, 'epoch'))).toBeLessThan(20);
        expect(await lab.page.getByTestId('status').textContent()).toMatch(
          /Converged after \d+ epochs/,
        );
        expect(lab.page.url()).toContain(`data=${gate}`);
        expect(lab.errors).toEqual([]);
      } finally {
        await lab.close();
      }
    });
  }

  it('the perceptron never settles on XOR and says so (Train button, zh-TW)', async () => {
    const lab = await openLab('neuron?data=xor', { lang: 'zh-TW' });
    try {
      await lab.page.getByTestId('train').click();
      await expect
        .poll(() => status(lab, 'stuck'), { timeout: 30_000, interval: 200 })
        .toBe('true');
      expect(await status(lab, 'converged')).toBe('false');
      expect(Number(await status(lab, 'errors'))).toBeGreaterThan(0);
      expect(await lab.page.getByTestId('status').textContent()).toContain('不是線性可分');
      // The errors-per-epoch chart has one point per epoch: drawn as a line.
      expect(
        await lab.page.locator('[data-testid="errors-chart"] svg .mark-line path').count(),
      ).toBe(1);
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a hidden layer solves XOR', async () => {
    const lab = await openLab('neuron?data=xor');
    try {
      for (let i = 0; i < 3; i++) await lab.page.getByTestId('step').click();
      await lab.page.getByTestId('add-hidden').click();
      await expect
        .poll(() => lab.page.getByTestId('mlp-status').getAttribute('data-done'), {
          timeout: 60_000,
          interval: 250,
        })
        .toBe('true');
      expect(await lab.page.getByTestId('mlp-status').getAttribute('data-correct')).toBe('4');
      expect(await lab.page.getByTestId('mlp-status').textContent()).toMatch(/^Solved: 4 of 4/);
      // The perceptron's record stays beside the network's result.
      expect(await status(lab, 'epoch')).toBe('3');
      // The decision region is painted: the canvas shows both class tints.
      const tints = await lab.page.getByTestId('board').evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d')!;
        const px = (x: number, y: number): number[] => [
          ...ctx.getImageData(Math.round(x * c.width), Math.round(y * c.height), 1, 1).data,
        ];
        // (0,0) and (1,1) are class 0 (orange: red > blue), (0,1) and (1,0) class 1; the
        // corners sit at 1/4 and 3/4 of the canvas. Sample a little inside, away from the dots.
        return { a: px(0.2, 0.85), b: px(0.2, 0.2) };
      });
      expect(tints.a[0]!).toBeGreaterThan(tints.a[2]!); // near (0,0): class 0
      expect(tints.b[2]!).toBeGreaterThan(tints.b[0]!); // near (0,1): class 1
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('places points with the mouse and the keyboard, into the URL', async () => {
    const lab = await openLab('neuron');
    try {
      const { page } = lab;
      await page.getByTestId('clear').click();
      const box = (await page.getByTestId('board').boundingBox())!;
      await page.getByTestId('class-0').check();
      await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75); // (0, 0)
      await page.getByTestId('class-1').check();
      await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25); // (1, 1)
      await page.getByTestId('board').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter'); // (0.55, 0.5), class 1
      const pts = new URLSearchParams(page.url().split('?').pop()).get('pts');
      expect(pts).toBe('0,0,0;1,1,1;0.55,0.5,1');
      await stepUntilDone(lab);
      expect(await status(lab, 'converged')).toBe('true');
      // Reload from the URL: the same points.
      await page.reload();
      await page.waitForSelector('[data-testid="page-root"][data-ready]');
      expect(new URLSearchParams(page.url().split('?').pop()).get('pts')).toBe(
        '0,0,0;1,1,1;0.55,0.5,1',
      );
      expect(await page.getByTestId('code').textContent()).toContain('[0.55, 0.5]');
      expect(lab.errors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});

describe('lab: neuron page code panel', () => {
  it('the program it shows runs: the perceptron fails XOR, the hidden layer solves it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-lab-code-'));
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    try {
      writeFileSync(join(dir, 'xor.ts'), neuronCode(presetPoints('xor'), 'XOR', 20, 4, 300));
      await import(join(dir, 'xor.ts'));
    } finally {
      spy.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    const epochs = lines.filter((l) => l.startsWith('epoch '));
    expect(epochs).toHaveLength(20);
    expect(epochs.every((l) => !/: 0 wrong/.test(l))).toBe(true);
    const predictions = lines.at(-1)!.split(',').map(Number);
    expect(predictions.map((p) => (p >= 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  }, 60_000);
});
