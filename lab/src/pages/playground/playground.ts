/**
 * The playground page's controller: holds the state, sends it to the training worker
 * (worker.ts) when it changes, writes it to the URL and the code panel, and paints the
 * worker's frames (decision map, neurons' maps, scores, loss curves). Training and the
 * maps' arithmetic run in the worker, so the page answers input at once even while an
 * 8×64 network trains.
 */
import { h } from '../../shell/dom.js';
import type { PageContext } from '../../shell/page.js';
import { workerLink } from '../../shell/worker.js';
import { LossChart } from './chart.js';
import { programFor } from './code.js';
import { MAX_CSV_BYTES, parseCsv } from './csv.js';
import { makePoints, splitPoints, type Split } from './data.js';
import { MAP_RES, NEURON_RES } from './frame.js';
import { drawCursor, drawPoints, fromCanvas, paintPixels } from './heatmap.js';
import { buildLayout } from './layout.js';
import { buildPanels } from './panels.js';
import { presetById } from './presets.js';
import type { Frame, FromWorker, ToWorker } from './protocol.js';
import {
  cloneState,
  DEFAULT_STATE,
  LIMITS,
  paramsToState,
  stateToParams,
  type PlaygroundState,
  type Point,
} from './state.js';

/** Networks with at most this many hidden neurons have all their maps painted. */
const ALWAYS_PAINTED = 128;

const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** Builds the playground in `root` and runs it until `ctx.signal` aborts. */
export async function mountPlayground(root: HTMLElement, ctx: PageContext): Promise<void> {
  const { t } = ctx;
  // State from the URL (over a preset's settings when the link names one).
  const presetParam = ctx.params.get('preset');
  let presetId = presetParam !== null && presetById(presetParam) ? presetParam : null;
  const parsed = paramsToState(ctx.params, presetId ? presetById(presetId)!.state : DEFAULT_STATE);
  let state = parsed.state;
  let generation = 0;
  let drawClass = 0;
  let running = false;
  let trainable = false;
  let split: Split = { train: [], test: [] };
  let showTest = true;
  let cursor: [number, number] | null = null;
  let mapPixels: Uint8ClampedArray<ArrayBuffer> | null = null;
  let neurons: HTMLCanvasElement[][] = [];

  const ui = buildLayout(root, t);
  const chart = new LossChart(
    ui.chartHost,
    {
      train: t('series_train'),
      test: t('series_test'),
      epoch: t('axisEpoch'),
      loss: t('axisLoss'),
      title: t('lossCurves'),
    },
    ctx.signal,
  );
  const worker = workerLink<ToWorker, FromWorker>(
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    ctx.signal,
  );

  const setMessage = (kind: 'info' | 'error', lines: string[]): void => {
    ui.message.className = `pg-message ${kind === 'error' ? 'error-box' : 'notice'}`;
    ui.message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    ui.message.replaceChildren(...lines.map((l) => h('div', { text: l })));
  };
  const clearMessage = (): void => {
    ui.message.className = 'pg-message';
    ui.message.setAttribute('role', 'status');
    ui.message.replaceChildren();
  };

  const showRunning = (on: boolean): void => {
    running = on;
    ui.playBtn.textContent = on ? t('pause') : t('play');
    ui.playBtn.setAttribute('aria-pressed', String(on));
  };

  // Painting. In a big network (an 8×64 one has 512 neurons) the neurons' maps are painted
  // only for layers on screen; a layer scrolled into view is painted from the last frame.
  let lastNeurons: Uint8ClampedArray<ArrayBuffer>[] = [];
  const visible = new Set<number>();
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const li = Number((e.target as HTMLElement).dataset.layer);
      if (e.isIntersecting) visible.add(li);
      else visible.delete(li);
    }
    paintNeurons();
  });
  ctx.signal.addEventListener('abort', () => observer.disconnect());
  const painted = new Map<number, Uint8ClampedArray<ArrayBuffer>>();
  function paintNeurons(): void {
    const size = NEURON_RES * NEURON_RES * 4;
    lastNeurons.forEach((pixels, li) => {
      const canvases = neurons[li] ?? [];
      // (Pixels of an older network, until the new one's first frame, may not fit.)
      if (
        (!visible.has(li) && neurons.flat().length > ALWAYS_PAINTED) ||
        painted.get(li) === pixels ||
        pixels.length !== canvases.length * size
      ) {
        return;
      }
      painted.set(li, pixels);
      canvases.forEach((canvas, u) =>
        paintPixels(canvas, pixels.slice(u * size, (u + 1) * size), NEURON_RES),
      );
    });
  }
  const paintMap = (): void => {
    if (mapPixels) paintPixels(ui.map, mapPixels, MAP_RES);
    else {
      const c = ui.map.getContext('2d');
      if (c) {
        c.fillStyle = '#ffffff';
        c.fillRect(0, 0, ui.map.width, ui.map.height);
      }
    }
    drawPoints(ui.map, split.train, showTest ? split.test : null);
    if (cursor && document.activeElement === ui.map) {
      drawCursor(ui.map, cursor[0], cursor[1], '#111111');
    }
  };

  const paintFrame = (f: Frame): void => {
    ui.epochEl.textContent = t('epoch', { n: f.epoch });
    ui.epochEl.dataset.value = String(f.epoch);
    ui.epochEl.dataset.steps = String(f.steps);
    const show = (id: string, v: number | undefined): void => {
      const el = ui.stats[id]!;
      el.textContent = v === undefined ? '—' : fmt(v);
      if (v === undefined) delete el.dataset.value;
      else el.dataset.value = String(v);
    };
    show('pg-train-loss', f.train?.loss);
    show('pg-test-loss', f.test?.loss);
    show('pg-train-acc', f.train?.accuracy);
    show('pg-test-acc', f.test?.accuracy);
    mapPixels = f.map;
    paintMap();
    lastNeurons = f.neurons;
    paintNeurons();
    chart.update(f.curve);
    // The worker stops by itself only when the loss is no longer a number.
    if (f.train && (!Number.isFinite(f.train.loss) || !Number.isFinite(f.test?.loss))) {
      showRunning(false);
      setMessage('error', [t('diverged')]);
    }
  };

  worker.on((m) => {
    if (m.generation !== generation || ctx.signal.aborted) return;
    if (m.type === 'error') {
      showRunning(false);
      reportError(new Error(`playground worker: ${m.message}`));
      return;
    }
    paintFrame(m);
    worker.send({ type: 'ack', generation });
  });

  // State changes.
  const renderPanels = (): void => {
    const active = document.activeElement?.getAttribute('data-testid');
    const panels = buildPanels({ t, state, change, drawClass, setDrawClass, loadCsv });
    neurons = panels.neurons;
    observer.disconnect();
    visible.clear();
    painted.clear();
    panels.network
      .querySelectorAll<HTMLElement>('[data-layer]')
      .forEach((el) => observer.observe(el));
    ui.dataSlot.replaceChildren(panels.data);
    ui.netSlot.replaceChildren(panels.network);
    if (active) root.querySelector<HTMLElement>(`[data-testid="${active}"]`)?.focus();
  };

  const publish = (): void => {
    ctx.setParams({ ...(presetId ? { preset: presetId } : {}), ...stateToParams(state) });
    ctx.showCode(programFor(state));
    ui.presetSel.value = presetId ?? '';
    ui.presetNote.textContent = presetId ? t(`presetNote.${presetId}`) : '';
    ui.presetNote.hidden = presetId === null;
  };

  /** A fresh network (epoch 0) on the state's data, in the worker. */
  const rebuild = (): Promise<FromWorker> => {
    generation += 1;
    showRunning(false);
    const points = makePoints(state);
    split = splitPoints(points, state.trainPercent, state.seed);
    trainable = points.length >= 4 && new Set(points.map((p) => p.label)).size >= 2;
    if (!trainable && state.data === 'custom') setMessage('info', [t('needTwoClasses')]);
    ui.stepBtn.disabled = !trainable;
    ui.playBtn.disabled = !trainable;
    const g = generation;
    const frame = worker.wait((m) => m.generation === g);
    worker.send({ type: 'reset', generation, state: cloneState(state) });
    return frame;
  };

  /** Applies a change: a new state, a fresh network, the URL and the code updated. */
  function change(mutate: (s: PlaygroundState) => void): void {
    clearMessage();
    const next = cloneState(state);
    mutate(next);
    next.layers = next.layers.slice(0, LIMITS.maxLayers);
    state = next;
    presetId = null;
    publish();
    renderPanels();
    void rebuild();
  }

  function setDrawClass(c: number): void {
    drawClass = c;
    renderPanels();
  }

  function loadCsv(file: File): void {
    const refused = (lines: string[]): void =>
      setMessage('error', [t('csvRefused', { file: file.name }), ...lines]);
    if (file.size > MAX_CSV_BYTES) return refused([t('csvTooBig', { max: MAX_CSV_BYTES })]);
    file.text().then(
      (text) => {
        if (ctx.signal.aborted) return;
        const r = parseCsv(text);
        if (!r.ok) return refused(r.problems.map((p) => t(p.key, p.vars)));
        change((s) => {
          s.data = 'custom';
          s.custom = r.points;
        });
        const lines = [t('csvLoaded', { n: r.points.length, file: file.name })];
        if (r.scaled !== null) lines.push(t('csvScaled', { factor: r.scaled.toPrecision(3) }));
        if (r.relabelled) lines.push(t('csvRelabelled'));
        setMessage('info', lines);
      },
      () => refused([t('csvReadError')]),
    );
  }

  /** Adds a point of the chosen class at (x, y), or removes the nearest one. */
  const editPoint = (x: number, y: number, remove: boolean): void => {
    change((s) => {
      if (s.data !== 'custom') {
        // Drawing on a generated set starts from its points.
        s.custom = makePoints(s).map((p) => ({ x: round2(p.x), y: round2(p.y), label: p.label }));
        s.data = 'custom';
      }
      if (remove) {
        const i = nearest(s.custom, x, y);
        if (i >= 0) s.custom.splice(i, 1);
      } else if (s.custom.length < LIMITS.maxPoints) {
        s.custom.push({ x: round2(x), y: round2(y), label: drawClass });
      }
    });
  };

  // Events.
  ui.playBtn.addEventListener('click', () => {
    if (!trainable) return;
    worker.send({ type: running ? 'pause' : 'play', generation });
    showRunning(!running);
  });
  ui.stepBtn.addEventListener('click', () => {
    showRunning(false);
    worker.send({ type: 'step', generation });
  });
  ui.resetBtn.addEventListener('click', () => {
    clearMessage();
    void rebuild();
  });
  ui.presetSel.addEventListener('change', () => {
    const p = presetById(ui.presetSel.value);
    if (!p) return;
    change((s) => Object.assign(s, cloneState(p.state)));
    presetId = p.id;
    publish();
  });
  ui.showTestBox.addEventListener('change', () => {
    showTest = ui.showTestBox.checked;
    paintMap();
  });
  ui.map.addEventListener('pointerdown', (e) => {
    const r = ui.map.getBoundingClientRect();
    const [x, y] = fromCanvas(e.clientX - r.left, e.clientY - r.top, r.width);
    editPoint(x, y, e.shiftKey);
  });
  ui.map.addEventListener('keydown', (e) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-0.25, 0],
      ArrowRight: [0.25, 0],
      ArrowUp: [0, 0.25],
      ArrowDown: [0, -0.25],
    };
    const c = cursor ?? [0, 0];
    const move = moves[e.key];
    if (move) {
      cursor = [clamp(c[0] + move[0]), clamp(c[1] + move[1])];
      paintMap();
    } else if (e.key === 'Enter' || e.key === ' ') {
      editPoint(c[0], c[1], false);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      editPoint(c[0], c[1], true);
    } else return;
    e.preventDefault();
  });
  ui.map.addEventListener('focus', () => {
    cursor ??= [0, 0];
    paintMap();
  });
  ui.map.addEventListener('blur', () => paintMap());
  root.addEventListener('dragover', (e) => e.preventDefault());
  root.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f) loadCsv(f);
  });

  // First paint: the settings at once, the network's first frame when the worker has it.
  ui.epochEl.textContent = t('epoch', { n: 0 });
  publish();
  renderPanels();
  paintMap();
  setMessage('info', [t('loading')]);
  const first = rebuild();
  const notes: string[] = [];
  if (parsed.ignored.length > 0)
    notes.push(t('ignoredParams', { names: parsed.ignored.join(', ') }));
  if (state.custom.length > LIMITS.maxUrlPoints) {
    notes.push(t('urlTooManyPoints', { max: LIMITS.maxUrlPoints }));
  }
  await first;
  if (ctx.signal.aborted) return;
  if (ui.message.textContent === t('loading')) clearMessage();
  if (notes.length > 0) setMessage('info', notes);
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function clamp(v: number): number {
  return Math.max(-5.75, Math.min(5.75, v));
}

/** Index of the point nearest (x, y), or -1 for none. */
function nearest(points: readonly Point[], x: number, y: number): number {
  let best = -1;
  let d = Infinity;
  points.forEach((p, i) => {
    const e = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (e < d) {
      d = e;
      best = i;
    }
  });
  return best;
}
