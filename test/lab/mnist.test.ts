/**
 * Page 5, MNIST and Fashion-MNIST, as a person uses it (test/lab/harness.ts: the built lab in
 * headless Chromium): training the chapter's MLP in the page's Web Worker on a 10k-image
 * slice of MNIST reaches ≥ 0.9 test accuracy within the stated time, a click on a page
 * control while it trains is handled within 100 ms, a vertical stroke drawn on the canvas
 * (synthesized pointer events) is classified as '1', the confusion matrix covers the test
 * set, the stop button stops, Fashion-MNIST shows garment names, and no console error.
 * The drawing's preprocessing (lab/src/pages/mnist/preprocess.ts) is checked in Node.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { centreOfMass, SIDE, toModelInput } from '../../lab/src/pages/mnist/preprocess.js';
import { labOrigin, openLab, requireBrowser, skip, type LabSession } from './harness.js';

/**
 * The time allowed for 3 epochs of the MLP on 10,000 images (fit only, data loading apart).
 * Measured on this 2-core machine shared with other jobs: 3.6–13.6 s (load average 2–18);
 * the bound leaves room for a slower CI machine.
 */
const TRAIN_SECONDS = 60;

/** A `width`×`height` canvas of ink with a filled rectangle. */
function canvasWith(
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): Float32Array {
  const ink = new Float32Array(width * height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * width + x] = 1;
  return ink;
}

function inkBounds(img: Float32Array): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = SIDE,
    y0 = SIDE,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++)
      if (img[y * SIDE + x]! > 0) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  return { x0, x1, y0, y1 };
}

describe('drawing preprocessing (MNIST-style: 20×20 box, centred by mass)', () => {
  test('an empty drawing gives no input', () => {
    expect(toModelInput(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });

  test('a vertical bar in a corner is scaled to 20 pixels tall and its mass moved to the centre', () => {
    const img = toModelInput(canvasWith(280, 280, 10, 20, 30, 220), 280, 280, 'digit')!;
    const b = inkBounds(img);
    expect(b.y1 - b.y0 + 1).toBe(20);
    expect(b.x1 - b.x0 + 1).toBe(2); // 20 of 200 source pixels wide → 2
    const [cx, cy] = centreOfMass(img, SIDE, SIDE);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...img)).toBeLessThanOrEqual(1);
    expect(Math.min(...img)).toBeGreaterThanOrEqual(0);
  });

  test('an off-centre mass (an L shape) is centred by mass, not by its box', () => {
    const ink = canvasWith(280, 280, 100, 40, 120, 240);
    for (let y = 220; y < 240; y++) for (let x = 120; x < 260; x++) ink[y * 280 + x] = 1;
    const img = toModelInput(ink, 280, 280, 'digit')!;
    const [cx, cy] = centreOfMass(img, SIDE, SIDE);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
    const b = inkBounds(img);
    expect((b.x0 + b.x1 + 1) / 2).not.toBeCloseTo(14, 0); // its box is not centred
  });

  test('a garment is scaled so that its longer side is 28 and centred by its box', () => {
    const img = toModelInput(canvasWith(280, 280, 40, 60, 180, 130), 280, 280, 'garment')!;
    const b = inkBounds(img);
    expect(b.x1 - b.x0 + 1).toBe(28);
    expect(b.y1 - b.y0 + 1).toBe(14);
    expect(b.y0).toBe(7);
  });
});

/** Draws a vertical stroke down the middle of a drawing canvas with the mouse. */
export async function drawVerticalStroke(page: Page, testId: string): Promise<void> {
  const canvas = page.getByTestId(testId);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x, box.y + box.height * (0.2 + 0.06 * i));
  await page.mouse.up();
}

const phaseOf = (page: Page): Promise<string | null> =>
  page.getByTestId('mnist-page').getAttribute('data-phase');

async function waitForPhase(page: Page, phases: string[], timeout: number): Promise<void> {
  await page.waitForFunction(
    (want) =>
      want.includes(
        document.querySelector('[data-testid="mnist-page"]')?.getAttribute('data-phase') ?? '',
      ),
    phases,
    { timeout },
  );
}

describe.skipIf(skip)('the MNIST page in headless Chromium', () => {
  let lab: LabSession;
  const delays: { delay: number; phase: string }[] = [];

  beforeAll(async () => {
    requireBrowser();
    await labOrigin();
    lab = await openLab('mnist?data=mnist&net=mlp&n=10000&epochs=3&batch=32');
  }, 300_000);

  afterAll(async () => {
    await lab?.close();
  });

  test('the MLP reaches ≥ 0.9 test accuracy on 10k images within the stated time, and the page stays responsive', async () => {
    const { page } = lab;
    // Input delay of every click: from the event's time stamp to its handler running.
    await page.evaluate(() => {
      const w = window as unknown as { clickDelays: { delay: number; phase: string }[] };
      w.clickDelays = [];
      document.addEventListener(
        'click',
        (e) => {
          const phase =
            document.querySelector('[data-testid="mnist-page"]')?.getAttribute('data-phase') ?? '';
          w.clickDelays.push({ delay: performance.now() - e.timeStamp, phase });
        },
        true,
      );
    });
    await page.getByTestId('mnist-train').click();
    await waitForPhase(page, ['training'], 120_000);
    // Wait for the first progress report, then click a control a few times while it trains.
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLProgressElement>('[data-testid="mnist-progress"]')?.value,
        ) > 0,
      null,
      { timeout: 60_000 },
    );
    for (let i = 0; i < 3 && (await phaseOf(page)) === 'training'; i++) {
      await page.getByTestId('mnist-draw-clear').click();
      await page.waitForTimeout(150);
    }
    await waitForPhase(page, ['done', 'error'], 180_000);
    expect(await phaseOf(page)).toBe('done');
    delays.push(
      ...(await page.evaluate(
        () =>
          (window as unknown as { clickDelays: { delay: number; phase: string }[] }).clickDelays,
      )),
    );

    const root = page.getByTestId('mnist-page');
    const accuracy = Number(await root.getAttribute('data-test-accuracy'));
    const seconds = Number(await root.getAttribute('data-train-seconds'));
    console.log(
      `MNIST MLP, 10k images, 3 epochs: test accuracy ${accuracy}, fit ${seconds} s; click delays during training ${delays
        .filter((d) => d.phase === 'training')
        .map((d) => d.delay.toFixed(1))
        .join(', ')} ms`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(TRAIN_SECONDS);
    const during = delays.filter((d) => d.phase === 'training');
    expect(during.length).toBeGreaterThan(0);
    for (const d of during) expect(d.delay).toBeLessThan(100);
    await expect
      .poll(() => page.getByTestId('mnist-status').textContent())
      .toContain('Test accuracy');
  }, 400_000);

  test('the confusion matrix counts the 10,000 test images and the worst ones are shown', async () => {
    const { page } = lab;
    const cells = await page.locator('[data-testid="mnist-confusion"] tbody td').allTextContents();
    expect(cells).toHaveLength(100);
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(10_000);
    const diagonal = cells
      .map(Number)
      .filter((_, i) => i % 11 === 0)
      .reduce((a, b) => a + b, 0);
    const accuracy = Number(
      await page.getByTestId('mnist-page').getAttribute('data-test-accuracy'),
    );
    expect(diagonal / 10_000).toBeCloseTo(accuracy, 4);
    const worst = page.locator('[data-testid="mnist-worst"] figure');
    expect(await worst.count()).toBe(12);
    for (const caption of await worst.locator('figcaption').allTextContents()) {
      const [t, p] = caption.split(' → ');
      expect(t).toMatch(/^\d$/);
      expect(p).toMatch(/^\d$/);
      expect(t).not.toBe(p);
    }
  });

  test('a vertical stroke drawn on the canvas is classified as 1', async () => {
    const { page } = lab;
    await page.getByTestId('mnist-draw-clear').click();
    await drawVerticalStroke(page, 'mnist-draw-canvas');
    await expect
      .poll(() => page.getByTestId('mnist-probs').getAttribute('data-predicted'))
      .toBe('1');
    const probs = JSON.parse(
      (await page.getByTestId('mnist-probs').getAttribute('data-probs'))!,
    ) as number[];
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // Clearing empties the prediction (keyboard: the clear button takes Enter).
    await page.getByTestId('mnist-draw-clear').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('mnist-probs').getAttribute('data-predicted'))
      .toBeNull();
  });

  test('Stop ends a long run early; Fashion-MNIST results name the garments', async () => {
    const { page } = lab;
    await page.getByTestId('mnist-dataset').selectOption('fashion-mnist');
    await page.getByTestId('mnist-train-size').selectOption('60000');
    await page.getByTestId('mnist-epochs').fill('20');
    await page.getByTestId('mnist-epochs').dispatchEvent('change');
    expect(page.url()).toContain('data=fashion-mnist');
    expect(await page.getByTestId('code').textContent()).toContain('nn.datasets.fashionMnist');
    await page.getByTestId('mnist-train').click();
    await waitForPhase(page, ['training'], 120_000);
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLProgressElement>('[data-testid="mnist-progress"]')?.value,
        ) > 0,
      null,
      { timeout: 60_000 },
    );
    await page.getByTestId('mnist-stop').click();
    await waitForPhase(page, ['done', 'error'], 120_000);
    expect(await phaseOf(page)).toBe('done');
    expect(await page.getByTestId('mnist-status').textContent()).toContain('Stopped');
    expect(
      Number(await page.getByTestId('mnist-page').getAttribute('data-train-seconds')),
    ).toBeLessThan(100);
    const captions = await page.locator('[data-testid="mnist-worst"] figcaption').allTextContents();
    const garments = [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ];
    expect(captions.length).toBeGreaterThan(0);
    for (const c of captions) for (const part of c.split(' → ')) expect(garments).toContain(part);
  }, 300_000);

  test('the small CNN trains too (1,000 images, 2 epochs) and the code panel shows it', async () => {
    const { page } = lab;
    await page.getByTestId('mnist-dataset').selectOption('mnist');
    await page.getByTestId('mnist-arch').selectOption('cnn');
    await page.getByTestId('mnist-train-size').selectOption('1000');
    await page.getByTestId('mnist-epochs').fill('2');
    await page.getByTestId('mnist-epochs').dispatchEvent('change');
    expect(await page.getByTestId('code').textContent()).toContain('nn.layers.conv2d');
    await page.getByTestId('mnist-train').click();
    await waitForPhase(page, ['loading', 'training'], 30_000);
    await waitForPhase(page, ['done', 'error'], 240_000);
    expect(await phaseOf(page)).toBe('done');
    const accuracy = Number(
      await page.getByTestId('mnist-page').getAttribute('data-test-accuracy'),
    );
    expect(accuracy).toBeGreaterThan(0.6);
  }, 300_000);

  test('no console errors; the page is labelled in Traditional Chinese too', async () => {
    expect(lab.errors).toEqual([]);
    const zh = await openLab('mnist', { lang: 'zh-TW', viewport: { width: 375, height: 800 } });
    try {
      expect(await zh.page.getByTestId('mnist-train').textContent()).toBe('開始訓練');
      expect(await zh.page.locator('label', { hasText: '資料集' }).count()).toBe(1);
      const overflow = await zh.page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(zh.errors).toEqual([]);
    } finally {
      await zh.close();
    }
  }, 120_000);
});
