/**
 * Runs in headless Chromium (bundled by keras.test.ts): Keras files from bytes in the page.
 * The page fetches a Keras-written `.keras` and `.h5` (copied next to it with their JSON:
 * inputs and Keras's outputs), loads each with `nn.loadModel(Uint8Array)` (the `.h5` also as
 * a Blob), predicts, then writes the model with `nn.io.modelToBytes(model, 'keras' | 'h5')`
 * and loads those bytes back. Reports a plain JSON object on `window.neuriteResult`.
 */
import * as nn from 'neurite';

/** Nested arrays of numbers, as the fixture JSON holds them. */
type Nested = number | Nested[];

export interface KerasPageResult {
  backend: string;
  /** Per file read: predictions (one flat list per output), optimizer and iteration. */
  loaded: Record<
    'keras' | 'h5' | 'h5Blob',
    { outputs: number[][]; optimizer: string | null; iterations: number }
  >;
  /** Per format written in the page: its size, and the reloaded model's predictions. */
  written: Record<
    'keras' | 'h5',
    { bytes: number; outputs: number[][]; optimizer: string | null; iterations: number }
  >;
  /** The `.keras` file the page wrote, base64, for Node to load. */
  writtenKerasBase64: string;
  /** Every URL the page fetched (scripts, chunks, files), from Resource Timing. */
  resources: string[];
}

interface PageWindow {
  neuriteResult?: KerasPageResult;
  neuriteError?: string;
}

function shapeOf(x: Nested): number[] {
  const s: number[] = [];
  for (let v = x; Array.isArray(v); v = v[0]!) s.push(v.length);
  return s;
}

function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

function predict(model: nn.Model, inputs: readonly Nested[]): number[][] {
  return nn.tidy(() => {
    const xs = inputs.map((x) => nn.tensor(Float32Array.from(flat(x)), shapeOf(x)));
    const y = model.predict(xs.length === 1 ? xs[0]! : xs);
    const list: nn.Tensor[] = Array.isArray(y) ? y : [y];
    return list.map((t) => Array.from(t.dataSync() as Float32Array));
  });
}

async function bytesOf(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function run(): Promise<KerasPageResult> {
  await nn.ready();
  const fixture = (await (await fetch('./model.json')).json()) as { inputs: Nested[] };
  const summary = (m: nn.Model): { optimizer: string | null; iterations: number } => ({
    optimizer: m.optimizer?.className ?? null,
    iterations: m.optimizer?.iterations ?? -1,
  });

  const fromKeras = await nn.loadModel(await bytesOf('./model.keras'));
  const h5Bytes = await bytesOf('./model.h5');
  const fromH5 = await nn.loadModel(h5Bytes);
  const fromBlob = await nn.loadModel(new Blob([h5Bytes]));
  const loaded: KerasPageResult['loaded'] = {
    keras: { outputs: predict(fromKeras, fixture.inputs), ...summary(fromKeras) },
    h5: { outputs: predict(fromH5, fixture.inputs), ...summary(fromH5) },
    h5Blob: { outputs: predict(fromBlob, fixture.inputs), ...summary(fromBlob) },
  };

  const kerasBytes = await nn.io.modelToBytes(fromKeras, 'keras');
  const h5Written = await nn.io.modelToBytes(fromKeras, 'h5');
  const againKeras = await nn.loadModel(kerasBytes);
  const againH5 = await nn.loadModel(h5Written);
  const written: KerasPageResult['written'] = {
    keras: {
      bytes: kerasBytes.length,
      outputs: predict(againKeras, fixture.inputs),
      ...summary(againKeras),
    },
    h5: { bytes: h5Written.length, outputs: predict(againH5, fixture.inputs), ...summary(againH5) },
  };
  return {
    backend: nn.getBackend(),
    loaded,
    written,
    writtenKerasBase64: base64(kerasBytes),
    resources: performance.getEntriesByType('resource').map((e) => e.name),
  };
}

const w = globalThis as PageWindow;
run().then(
  (r) => void (w.neuriteResult = r),
  (e: unknown) =>
    void (w.neuriteError = e instanceof Error ? `${e.message}\n${e.stack}` : String(e)),
);
