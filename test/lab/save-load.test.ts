/**
 * Page 6, Save and load, as a person uses it (test/lab/harness.ts: the built lab in headless
 * Chromium): a model trained on the MNIST page is saved to IndexedDB, the page is reloaded,
 * the model loaded back predicts exactly what it predicted before on the same drawing, and
 * it can be deleted; it downloads as a TF.js folder, `.keras` and `.onnx` that Node loads
 * back with the same layers and weights; dropped files load and show their summary: a TF.js
 * layers model (test/fixtures/interop/tfjs/s1, TensorSpace's LeNet) and a Keras 3 `.keras`
 * file (k5, a Keras-trained MNIST CNN: h5wasm works in the page), which calls a vertical
 * stroke '1', and its `.h5` twin (k11). The page's own downloads dropped back load too. No
 * console errors.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { labOrigin, openLab, requireBrowser, skip, type LabSession } from './harness.js';

const TFJS = 'test/fixtures/interop/tfjs/s1_STRETCH_tensorspace_lenet_tfjs';
const ABALONE = 'test/fixtures/interop/tfjs/t1_tfjs_examples_abalone';
const H5 = 'test/fixtures/interop/keras/k11_moonflower_mnist_cnn_keras3_h5/mnist_model.h5';
const KERAS = 'test/fixtures/interop/keras/k5_moonflower_mnist_cnn_keras3/mnist_model.keras';

async function drawVerticalStroke(page: Page, testId: string): Promise<void> {
  const canvas = page.getByTestId(testId);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x, box.y + box.height * (0.2 + 0.06 * i));
  await page.mouse.up();
}

/** The page's model outputs for the current drawing, once there are some. */
async function probsOf(page: Page): Promise<number[]> {
  const bars = page.getByTestId('save-load-probs');
  await expect.poll(() => bars.getAttribute('data-probs')).not.toBeNull();
  return JSON.parse((await bars.getAttribute('data-probs'))!) as number[];
}

/** Drops `files` on the page's drop zone, as a drag from the desktop does. */
async function dropFiles(page: Page, files: string[]): Promise<void> {
  const payload = files.map((f) => ({
    name: basename(f),
    b64: readFileSync(f).toString('base64'),
  }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const zone = document.querySelector('[data-testid="drop-zone"]')!;
    zone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
  }, payload);
}

function layerNames(model: nn.Model): string[] {
  const lines: string[] = [];
  model.summary((l) => lines.push(l));
  return model.layers.map((l) => l.name).filter((n) => lines.some((line) => line.includes(n)));
}

describe.skipIf(skip)('the save-and-load page in headless Chromium', () => {
  let lab: LabSession;
  let dir = '';

  beforeAll(async () => {
    requireBrowser();
    await labOrigin();
    await nn.ready();
    dir = mkdtempSync(join(tmpdir(), 'neurite-lab-save-'));
    lab = await openLab('save-load');
  }, 300_000);

  afterAll(async () => {
    await lab?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('with no model it says where to get one, and lists nothing saved', async () => {
    const { page } = lab;
    expect(await page.getByTestId('model-source').textContent()).toContain('No model yet');
    expect(await page.getByTestId('saved-list').textContent()).toContain('Nothing saved yet');
    expect(await page.getByTestId('try-model').isHidden()).toBe(true);
    expect(await page.getByTestId('code').textContent()).toContain(
      "io.browserIndexedDB('mnist-model')",
    );
  });

  test('a model trained on the MNIST page: save to IndexedDB, reload, load, same predictions, delete', async () => {
    const { page } = lab;
    await page.getByTestId('nav-mnist').click();
    await page.waitForSelector('[data-testid="page-root"][data-page="mnist"][data-ready]');
    await page.getByTestId('mnist-epochs').fill('1');
    await page.getByTestId('mnist-epochs').dispatchEvent('change');
    await page.getByTestId('mnist-train').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="mnist-page"]')?.getAttribute('data-phase') === 'done',
      null,
      { timeout: 240_000 },
    );

    await page.getByTestId('nav-save-load').click();
    await page.waitForSelector(
      '[data-testid="page-root"][data-page="save-load"][data-ready="true"]',
    );
    expect(await page.getByTestId('model-source').textContent()).toContain(
      'Trained on the MNIST page',
    );
    const summary = await page.getByTestId('model-summary').textContent();
    for (const name of ['flatten', 'dense', 'dense_1', '101,770']) expect(summary).toContain(name);
    await drawVerticalStroke(page, 'save-load-draw-canvas');
    const before = await probsOf(page);
    expect(before).toHaveLength(10);

    await page.getByTestId('save-name').fill('lab-test');
    await page.getByTestId('save-browser').click();
    await page.getByTestId('saved-lab-test').waitFor();

    await page.reload();
    await page.waitForSelector(
      '[data-testid="page-root"][data-page="save-load"][data-ready="true"]',
    );
    expect(await page.getByTestId('model-source').textContent()).toContain('No model yet');
    await page.getByTestId('load-lab-test').click();
    await expect.poll(() => page.getByTestId('model-source').textContent()).toContain('lab-test');
    await drawVerticalStroke(page, 'save-load-draw-canvas');
    expect(await probsOf(page)).toEqual(before);

    await page.getByTestId('delete-lab-test').click();
    await expect.poll(() => page.getByTestId('saved-lab-test').count()).toBe(0);
    expect(await page.getByTestId('saved-list').textContent()).toContain('Nothing saved yet');
  }, 400_000);

  test('downloads: a TF.js folder, .keras and .onnx that Node loads with the same layers and weights', async () => {
    const { page } = lab;
    const grab = async (testId: string, count: number): Promise<string[]> => {
      const got: Download[] = [];
      const done = new Promise<void>((resolve) => {
        const on = (d: Download): void => {
          got.push(d);
          if (got.length === count) {
            page.off('download', on);
            resolve();
          }
        };
        page.on('download', on);
      });
      await page.getByTestId(testId).click();
      await done;
      const paths: string[] = [];
      for (const d of got) {
        const path = join(dir, d.suggestedFilename());
        await d.saveAs(path);
        paths.push(path);
      }
      return paths;
    };
    const tfjs = await grab('download-tfjs', 2);
    expect(tfjs.map((p) => basename(p)).sort()).toEqual(['model.json', 'model.weights.bin']);
    const [keras] = await grab('download-keras', 1);
    const [onnx] = await grab('download-onnx', 1);

    // Ours, dropped back on the page: the TF.js folder and the .onnx file.
    await dropFiles(page, tfjs);
    await expect
      .poll(() => page.getByTestId('model-source').textContent(), { timeout: 30_000 })
      .toMatch(/model\.(json|weights\.bin), model\.(json|weights\.bin) \(tfjs\)/);
    await dropFiles(page, [onnx!]);
    await expect
      .poll(() => page.getByTestId('model-source').textContent(), { timeout: 30_000 })
      .toContain('model.onnx (onnx)');

    const fromTfjs = await nn.loadModel(join(dir, 'model.json'));
    const fromKeras = await nn.loadModel(keras!);
    const fromOnnx = await nn.loadModel(onnx!);
    try {
      expect(layerNames(fromTfjs)).toEqual(['flatten', 'dense', 'dense_1']);
      expect(layerNames(fromKeras)).toEqual(['flatten', 'dense', 'dense_1']);
      const x = nn.randomUniform([4, 28, 28], 0, 1, 'float32');
      const a = fromTfjs.predict(x).dataSync();
      const b = fromKeras.predict(x).dataSync();
      const c = fromOnnx.predict(x).dataSync();
      for (let i = 0; i < a.length; i++) {
        expect(b[i]).toBe(a[i]);
        expect(Math.abs(Number(c[i]) - Number(a[i]))).toBeLessThan(1e-5);
      }
      x.dispose();
    } finally {
      fromTfjs.dispose();
      fromKeras.dispose();
      fromOnnx.dispose();
    }
  }, 120_000);

  test('a dropped TF.js layers model (model.json + weights together) loads and shows its summary', async () => {
    const { page } = lab;
    await dropFiles(page, [`${TFJS}/mnist.json`, `${TFJS}/mnist.weights.bin`]);
    await expect
      .poll(() => page.getByTestId('model-source').textContent(), { timeout: 30_000 })
      .toContain('mnist.json');
    const json = JSON.parse(readFileSync(`${TFJS}/mnist.json`, 'utf8')) as {
      modelTopology: {
        config: { layers: { config: { name: string } }[] } | { config: { name: string } }[];
      };
    };
    const config = json.modelTopology.config;
    const layers = Array.isArray(config) ? config : config.layers;
    const summary = await page.getByTestId('model-summary').textContent();
    expect(layers.length).toBeGreaterThan(3);
    for (const l of layers) expect(summary).toContain(l.config.name);
    expect(await page.getByTestId('try-model').isVisible()).toBe(true);
  }, 60_000);

  test('a dropped .keras file (h5wasm in the page) loads, and its MNIST CNN calls a vertical stroke 1', async () => {
    const { page } = lab;
    await dropFiles(page, [KERAS]);
    await expect
      .poll(() => page.getByTestId('model-source').textContent(), { timeout: 60_000 })
      .toContain('mnist_model.keras');
    const summary = await page.getByTestId('model-summary').textContent();
    for (const name of ['Conv2D', 'MaxPooling2D', 'Dense', '34,826'])
      expect(summary).toContain(name);
    await page.getByTestId('save-load-draw-clear').click();
    await drawVerticalStroke(page, 'save-load-draw-canvas');
    await expect
      .poll(() => page.getByTestId('save-load-probs').getAttribute('data-predicted'))
      .toBe('1');
    // The same network as a Keras .h5 file.
    await dropFiles(page, [H5]);
    await expect
      .poll(() => page.getByTestId('model-source').textContent(), { timeout: 60_000 })
      .toContain('mnist_model.h5 (h5)');
    expect(await page.getByTestId('model-summary').textContent()).toContain('34,826');
  }, 120_000);

  test('a model whose input is not a 28×28 image loads, with its summary, and says so instead of a canvas', async () => {
    const { page } = lab;
    await dropFiles(page, [`${ABALONE}/model.json`, `${ABALONE}/weights.bin`]);
    await expect
      .poll(() => page.getByTestId('model-source').textContent(), { timeout: 30_000 })
      .toContain('model.json, weights.bin');
    expect(await page.getByTestId('try-model').isHidden()).toBe(true);
    expect(await page.getByTestId('not-image').textContent()).toContain('[8]');
  }, 60_000);

  test('files that hold no model are refused with a message; no console errors', async () => {
    const { page } = lab;
    await dropFiles(page, [`${TFJS}/LICENSE.tensorspace`]);
    await expect
      .poll(() => page.getByTestId('save-load-status').textContent())
      .toContain('No model file among these');
    expect(lab.errors).toEqual([]);
  });
});
