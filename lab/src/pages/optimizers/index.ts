/**
 * Page 4, Optimizers: nn.optimizers racing on 2-D surfaces. Each optimizer minimizes the
 * surface over its own two nn.variables with `minimize` (gradients by autograd), a few
 * steps per animation frame; the canvas shows the paths over the surface's heatmap and the
 * chart beside it the loss against the step. The whole race is in the URL.
 */
import * as nn from 'neurite';
import { h, uid } from '../../shell/dom.js';
import type { LabPage, PageContext } from '../../shell/page.js';
import { OPTIMIZERS } from './catalogue.js';
import { raceCode } from './code.js';
import { lossChart, type LossRow } from './loss-chart.js';
import { SurfacePlot } from './plot.js';
import { Race, type RacerPath } from './race.js';
import {
  allDefaults,
  formatState,
  MAX_COORD,
  MAX_STEPS,
  parseState,
  racers,
  round,
  validSteps,
  type RaceState,
} from './state.js';
import { STRINGS } from './strings.js';
import { isSurfaceId, SURFACE_IDS, SURFACES } from './surfaces.js';
import { optimizerTable } from './table.js';
import './optimizers.css';

/** Steps per second of each speed; `max` runs as many as fit in the frame budget. */
const SPEEDS = { slow: 5, normal: 20, fast: 60, max: Infinity } as const;
type Speed = keyof typeof SPEEDS;
const isSpeed = (s: string): s is Speed => Object.hasOwn(SPEEDS, s);
/** Milliseconds of optimizer work per animation frame at most (the page stays responsive). */
const FRAME_BUDGET_MS = 10;
/** The chart keeps at most about this many points per line. */
const CHART_POINTS = 600;

/** A snapshot of the race, for tests (`window.labOptimizers.snapshot()`). */
export interface RaceSnapshot {
  /** The Neurite backend computing the race (`wasm` where WebAssembly SIMD runs). */
  backend: string;
  surface: string;
  start: [number, number];
  step: number;
  steps: number;
  done: boolean;
  playing: boolean;
  paths: {
    id: string;
    label: string;
    points: [number, number][];
    losses: number[];
    diverged: boolean;
  }[];
}

declare global {
  interface Window {
    /** The Optimizers page's test hook (set while the page is shown). */
    labOptimizers?: { snapshot(): RaceSnapshot };
  }
}

function control(labelText: string, input: HTMLElement): HTMLElement {
  const id = input.id || uid('opt');
  input.id = id;
  return h('div', { class: 'control' }, h('label', { for: id, text: labelText }), input);
}

function mount(root: HTMLElement, ctx: PageContext): void {
  const { t, signal } = ctx;
  const state: RaceState = parseState(ctx.params);
  let race: Race | null = null;
  let playing = false;
  let speed: Speed = 'normal';
  let carry = 0;
  let lastTime = 0;
  let raf = 0;
  let chartEvery = 1;
  let charted = 0;

  // Controls.
  const surfaceSelect = h('select', { 'data-testid': 'surface' });
  for (const id of SURFACE_IDS)
    surfaceSelect.append(h('option', { value: id, text: t(`surface.${id}`) }));
  const startX = h('input', {
    type: 'number',
    step: 'any',
    inputmode: 'decimal',
    class: 'opt-num',
    'data-testid': 'start-x',
  });
  const startY = h('input', {
    type: 'number',
    step: 'any',
    inputmode: 'decimal',
    class: 'opt-num',
    'data-testid': 'start-y',
  });
  const stepsInput = h('input', {
    type: 'number',
    min: 1,
    max: MAX_STEPS,
    step: 1,
    class: 'opt-num',
    'data-testid': 'steps',
  });
  const speedSelect = h('select', { 'data-testid': 'speed' });
  for (const s of Object.keys(SPEEDS) as Speed[])
    speedSelect.append(h('option', { value: s, text: t(`speed.${s}`) }));
  speedSelect.value = speed;
  const play = h('button', {
    type: 'button',
    class: 'primary',
    'data-testid': 'play',
    text: t('play'),
  });
  const stepButton = h('button', { type: 'button', 'data-testid': 'step', text: t('step') });
  const reset = h('button', { type: 'button', 'data-testid': 'reset', text: t('reset') });
  const counter = h('output', { class: 'status', 'data-testid': 'step-count', 'aria-live': 'off' });
  const lesson = h('p', { class: 'opt-lesson', 'data-testid': 'lesson' });
  const formula = h('p', { class: 'opt-formula', 'data-testid': 'formula' });
  const none = h('p', { class: 'notice', hidden: true, text: t('none') });

  const canvas = h('canvas', {
    class: 'opt-canvas',
    tabindex: 0,
    role: 'img',
    'data-testid': 'surface-canvas',
  });
  const plot = new SurfacePlot(canvas, SURFACES[state.surface]);
  const legend = h('ul', { class: 'opt-legend', 'data-testid': 'legend' });
  const figure = h(
    'figure',
    { class: 'figure opt-figure', 'data-testid': 'race' },
    canvas,
    h('figcaption', {}, legend),
  );
  const chartEl = h('div', {
    class: 'chart',
    'data-testid': 'loss-chart',
    role: 'img',
    'aria-label': t('lossChart'),
  });
  const chartBox = h(
    'section',
    { class: 'opt-chart', 'aria-labelledby': 'opt-chart-title' },
    h('h2', { id: 'opt-chart-title', class: 'opt-h', text: t('lossChart') }),
    chartEl,
  );
  const chart = lossChart(chartEl, signal);
  const table = optimizerTable(state, ctx, { changed: () => restart(playing) });

  root.append(
    h('p', { class: 'opt-intro', text: t('intro') }),
    h(
      'div',
      { class: 'controls' },
      control(t('surface'), surfaceSelect),
      control(t('startX'), startX),
      control(t('startY'), startY),
      control(t('steps'), stepsInput),
      control(t('speed'), speedSelect),
      h('div', { class: 'buttons opt-buttons' }, play, stepButton, reset, counter),
    ),
    none,
    h(
      'div',
      { class: 'opt-row' },
      figure,
      h('div', { class: 'opt-side' }, formula, lesson, chartBox),
    ),
    table.element,
  );

  const labels = (): Record<string, string> =>
    Object.fromEntries(racers(state).map((r) => [r.id, OPTIMIZERS[r.id].color]));

  const snapshotPaths = (paths: readonly RacerPath[]): RaceSnapshot['paths'] =>
    paths.map((p) => ({
      id: p.id,
      label: OPTIMIZERS[p.id].label,
      points: p.points.map(([x, y]) => [x, y] as [number, number]),
      losses: [...p.losses],
      diverged: p.diverged,
    }));

  const draw = (): void => {
    const paths = race?.paths() ?? [];
    plot.draw({ start: state.start, paths, colors: labels(), dots: state.steps <= 150 });
    table.update(paths);
    const step = race?.stepCount ?? 0;
    counter.textContent = t('stepCount', { n: step, total: state.steps });
    figure.dataset.step = String(step);
    figure.dataset.done = String(race?.done ?? true);
    figure.dataset.playing = String(playing);
    play.textContent = playing ? t('pause') : t('play');
    play.setAttribute('aria-pressed', String(playing));
    // New chart rows since the last draw (every `chartEvery`-th step, and the last one).
    if (race) {
      const rows: LossRow[] = [];
      for (let s = charted + 1; s <= step; s++) {
        if (s % chartEvery !== 0 && s !== state.steps) continue;
        for (const p of paths) {
          const loss = p.losses[s];
          if (loss !== undefined) rows.push({ optimizer: OPTIMIZERS[p.id].label, step: s, loss });
        }
      }
      charted = step;
      if (rows.length) chart.add(rows);
    }
  };

  /** Publishes the state: the URL, the code panel and the inputs. */
  const publish = (): void => {
    ctx.setParams(formatState(state));
    ctx.showCode(raceCode(state));
    surfaceSelect.value = state.surface;
    startX.value = String(round(state.start[0]));
    startY.value = String(round(state.start[1]));
    stepsInput.value = String(state.steps);
    const s = SURFACES[state.surface];
    formula.textContent = s.formula;
    lesson.textContent = t(`lesson.${state.surface}`);
    canvas.setAttribute(
      'aria-label',
      t('canvas', { formula: s.formula }) +
        ' ' +
        t('position', { x: startX.value, y: startY.value }),
    );
  };

  /** A new race from step 0 with the current state; plays on if `keepPlaying`. */
  const restart = (keepPlaying: boolean): void => {
    race?.dispose();
    const list = racers(state);
    none.hidden = list.length > 0;
    legend.replaceChildren(
      ...list.map((r) =>
        h(
          'li',
          { 'data-optimizer': r.id },
          h('span', {
            class: 'opt-swatch',
            'aria-hidden': 'true',
            style: `background:${OPTIMIZERS[r.id].color}`,
          }),
          OPTIMIZERS[r.id].label,
        ),
      ),
    );
    race = new Race(SURFACES[state.surface], state.start, list, state.steps);
    chartEvery = Math.max(1, Math.ceil(state.steps / CHART_POINTS));
    charted = 0;
    chart.reset(
      {
        stepAxis: t('stepAxis'),
        lossAxis: t('lossAxis'),
        labels: list.map((r) => OPTIMIZERS[r.id].label),
        colors: list.map((r) => OPTIMIZERS[r.id].color),
        steps: state.steps,
        domain: SURFACES[state.surface].lossDomain,
      },
      race.paths().map((p) => ({ optimizer: OPTIMIZERS[p.id].label, step: 0, loss: p.losses[0]! })),
    );
    publish();
    setPlaying(keepPlaying && list.length > 0);
    draw();
  };

  const frame = (time: number): void => {
    raf = 0;
    if (signal.aborted || !playing || !race) return;
    const dt = lastTime ? Math.min(250, time - lastTime) : 16;
    lastTime = time;
    const rate = SPEEDS[speed];
    carry += rate === Infinity ? Infinity : (dt * rate) / 1000;
    const t0 = performance.now();
    while (carry >= 1 && !race.done && performance.now() - t0 < FRAME_BUDGET_MS) {
      race.step();
      carry -= 1;
    }
    if (carry === Infinity || carry > 4) carry = 0;
    if (race.done) setPlaying(false);
    draw();
    if (playing) raf = requestAnimationFrame(frame);
  };

  function setPlaying(on: boolean): void {
    playing = on && race !== null && !race.done;
    if (playing && !raf) {
      lastTime = 0;
      carry = 1;
      raf = requestAnimationFrame(frame);
    }
    if (!playing && raf) {
      cancelAnimationFrame(raf);
      raf = 0;
    }
  }

  // Events.
  play.addEventListener('click', () => {
    if (!playing && race?.done) restart(true);
    else {
      setPlaying(!playing);
      draw();
    }
  });
  stepButton.addEventListener('click', () => {
    setPlaying(false);
    if (race && !race.done) race.step();
    draw();
  });
  reset.addEventListener('click', () => restart(false));
  speedSelect.addEventListener('change', () => {
    const value = speedSelect.value;
    speed = isSpeed(value) ? value : 'normal';
  });
  surfaceSelect.addEventListener('change', () => {
    const id = surfaceSelect.value;
    if (!isSurfaceId(id)) return;
    const s = SURFACES[id];
    state.surface = id;
    state.start = [s.start[0], s.start[1]];
    state.steps = s.steps;
    state.settings = allDefaults(id);
    table.sync(state);
    plot.setSurface(s);
    plot.resize(figure.clientWidth || 320);
    restart(false);
  });
  const setStart = (x: number, y: number, keepPlaying: boolean): void => {
    state.start = [
      round(Math.max(-MAX_COORD, Math.min(MAX_COORD, x))),
      round(Math.max(-MAX_COORD, Math.min(MAX_COORD, y))),
    ];
    restart(keepPlaying);
  };
  for (const [input, axis] of [
    [startX, 0],
    [startY, 1],
  ] as const) {
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v) || Math.abs(v) > MAX_COORD) {
        input.setAttribute('aria-invalid', 'true');
        input.value = String(round(state.start[axis]));
        return;
      }
      input.removeAttribute('aria-invalid');
      const next: [number, number] = [state.start[0], state.start[1]];
      next[axis] = v;
      setStart(next[0], next[1], false);
    });
  }
  stepsInput.addEventListener('change', () => {
    const n = Number(stepsInput.value);
    if (!validSteps(n)) {
      stepsInput.setAttribute('aria-invalid', 'true');
      stepsInput.value = String(state.steps);
      return;
    }
    stepsInput.removeAttribute('aria-invalid');
    state.steps = n;
    restart(false);
  });
  canvas.addEventListener('click', (e) => {
    const box = canvas.getBoundingClientRect();
    const [x, y] = plot.toData(e.clientX - box.left, e.clientY - box.top);
    setStart(x, y, playing);
  });
  canvas.addEventListener('keydown', (e) => {
    const s = SURFACES[state.surface];
    const dx = (s.x[1] - s.x[0]) / 50;
    const dy = (s.y[1] - s.y[0]) / 50;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-dx, 0],
      ArrowRight: [dx, 0],
      ArrowUp: [0, dy],
      ArrowDown: [0, -dy],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    setStart(state.start[0] + m[0], state.start[1] + m[1], false);
  });
  // Follow the figure's width (not its height, which the canvas sets), one frame later:
  // resizing inside the observer's callback would trigger it again.
  let observedWidth = -1;
  let resizeFrame = 0;
  const observer = new ResizeObserver((entries) => {
    const width = Math.round(entries[0]?.contentRect.width ?? 0);
    if (width === observedWidth || resizeFrame) return;
    resizeFrame = requestAnimationFrame(() => {
      resizeFrame = 0;
      observedWidth = Math.round(figure.clientWidth);
      plot.resize(observedWidth || 320);
      draw();
    });
  });
  observer.observe(figure);

  window.labOptimizers = {
    snapshot: () => ({
      backend: nn.getBackend(),
      surface: state.surface,
      start: [state.start[0], state.start[1]],
      step: race?.stepCount ?? 0,
      steps: state.steps,
      done: race?.done ?? true,
      playing,
      paths: snapshotPaths(race?.paths() ?? []),
    }),
  };
  signal.addEventListener('abort', () => {
    setPlaying(false);
    observer.disconnect();
    if (resizeFrame) cancelAnimationFrame(resizeFrame);
    race?.dispose();
    race = null;
    if (window.labOptimizers) delete window.labOptimizers;
  });

  plot.resize(figure.clientWidth || 320);
  restart(false);
}

/** Page 4 of the lab: the optimizer race (route `#/optimizers`). */
export const optimizersPage: LabPage = {
  id: 'optimizers',
  title: { en: 'Optimizers', 'zh-TW': '優化器' },
  strings: STRINGS,
  async mount(root, ctx) {
    await nn.ready();
    if (ctx.signal.aborted) return;
    mount(root, ctx);
  },
};
