/**
 * Page 1, neuron and perceptron: points of two classes on a plane (presets AND, OR, XOR, or
 * the learner's own), Rosenblatt's perceptron trained one epoch per step with its line
 * drawn after each, a chart of the errors per epoch, and a hidden layer (an MLP trained
 * with Adam) whose decision region solves XOR.
 */
import { lineChart, type LineChart } from '../../shell/chart.js';
import { button, controlRow, slider, statusLine } from '../../shell/controls.js';
import { h, uid } from '../../shell/dom.js';
import type { LabPage, PageContext } from '../../shell/page.js';
import { Board, FIELD_CELLS, FIELD_POINTS } from './board.js';
import { neuronCode } from './code.js';
import {
  decodePoints,
  encodePoints,
  PRESETS,
  presetPoints,
  type Point,
  type Preset,
} from './data.js';
import { MlpTrainer, PerceptronTrainer, type LineState } from './models.js';
import { STRINGS } from './strings.js';

/** Epochs after which a perceptron that has not converged is declared stuck. */
export const MAX_EPOCHS = 20;
/** The MLP trains in chunks of this many epochs (the region is redrawn after each)… */
const MLP_CHUNK = 25;
/** …up to this many epochs. */
const MLP_MAX_EPOCHS = 600;
const TRAIN_DELAY_MS = 250;

const fixed = (v: number, d = 2): string => {
  const s = v.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
};
const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((r) => {
    const id = setTimeout(r, ms);
    signal.addEventListener('abort', () => (clearTimeout(id), r()), { once: true });
  });

async function mount(root: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, params, signal } = ctx;
  const presetParam = params.get('data');
  let preset: Preset | 'custom' = PRESETS.includes(presetParam as Preset)
    ? (presetParam as Preset)
    : presetParam === 'custom'
      ? 'custom'
      : 'and';
  let points: Point[] =
    preset === 'custom' ? decodePoints(params.get('pts') ?? '') : presetPoints(preset);
  let hidden = Math.min(8, Math.max(2, Math.round(Number(params.get('hidden') ?? 4)) || 4));

  let perceptron: PerceptronTrainer | null = null;
  let line: LineState | null = null;
  let mlp: MlpTrainer | null = null;
  let running = false; // perceptron auto-training
  let mlpEpochs = 0;
  let run = 0; // bumped to cancel the perceptron's training loop
  let mlpRun = 0; // bumped to cancel the network's
  let mlpBusy = false; // a fit is running: its loop disposes the network

  // ----- Controls -----
  const presetButtons = new Map<Preset, HTMLButtonElement>();
  for (const p of PRESETS)
    presetButtons.set(
      p,
      button(t(p), () => setPreset(p), { testid: `preset-${p}` }),
    );
  const clear = button(
    t('clear'),
    () => {
      preset = 'custom';
      points = [];
      board.points = points;
      changed();
    },
    { testid: 'clear' },
  );
  const classGroup = h(
    'fieldset',
    { class: 'checks', role: 'radiogroup' },
    h('legend', { text: t('classLegend') }),
  );
  const groupName = uid('class');
  for (const label of [0, 1] as const) {
    const id = uid(`class-${label}`);
    const input = h('input', {
      type: 'radio',
      name: groupName,
      id,
      value: label,
      'data-testid': `class-${label}`,
    });
    input.checked = label === 1;
    input.addEventListener('change', () => {
      if (input.checked) board.label = label;
    });
    classGroup.append(h('label', { for: id }, input, ` ${t(`class${label}`)}`));
  }
  const canvas = h('canvas', {
    class: 'board',
    tabindex: 0,
    role: 'img',
    'aria-label': t('boardLabel'),
    'data-testid': 'board',
    width: 480,
    height: 480,
  });
  const stepButton = button(t('step'), () => void stepOnce(), { testid: 'step', primary: true });
  const trainButton = button(t('train'), () => void toggleTrain(), { testid: 'train' });
  const resetButton = button(t('reset'), () => changed(), { testid: 'reset-weights' });
  const status = statusLine('status');
  const chartEl = h('div', { 'data-testid': 'errors-chart' });
  const units = slider({
    label: t('units'),
    min: 2,
    max: 8,
    step: 1,
    value: hidden,
    testid: 'hidden-units',
    onChange: (v) => {
      hidden = v;
      share();
    },
  });
  const addHidden = button(t('addHidden'), () => void trainMlp(), {
    testid: 'add-hidden',
    primary: true,
  });
  const back = button(
    t('backToLine'),
    () => {
      resetMlp();
      showLine();
    },
    { testid: 'back-to-line' },
  );
  const mlpStatus = statusLine('mlp-status');

  root.append(
    h('p', { text: t('intro') }),
    h(
      'div',
      { class: 'neuron-grid' },
      h(
        'div',
        {},
        h(
          'div',
          { class: 'buttons', role: 'group', 'aria-label': t('data') },
          ...presetButtons.values(),
          clear,
        ),
        classGroup,
        canvas,
        h('p', { class: 'hint', text: t('boardHelp') }),
      ),
      h(
        'div',
        {},
        h('h2', { text: t('perceptron') }),
        h('div', { class: 'buttons' }, stepButton, trainButton, resetButton),
        status,
        h('figure', { class: 'figure' }, h('figcaption', { text: t('errorsChart') }), chartEl),
        h('h2', { text: t('hidden') }),
        h('p', { text: t('hiddenIntro') }),
        controlRow(units.element),
        h('div', { class: 'buttons' }, addHidden, back),
        mlpStatus,
      ),
    ),
  );

  const board = new Board(
    canvas,
    points,
    () => {
      preset = 'custom';
      changed();
    },
    signal,
  );
  let chart: LineChart | null = null;

  // ----- State changes -----
  const share = (): void => {
    ctx.setParams(
      preset === 'custom'
        ? { data: 'custom', pts: encodePoints(points), hidden }
        : { data: preset, hidden },
    );
    ctx.showCode(
      neuronCode(
        points,
        preset === 'custom' ? 'Your points' : t(preset),
        line?.epoch || MAX_EPOCHS,
        hidden,
        mlpEpochs || 300,
      ),
    );
  };

  const wrongSet = (s: LineState): Set<number> => {
    const wrong = new Set<number>();
    points.forEach((p, i) => {
      const z = s.w[0] * p.x + s.w[1] * p.y + s.b;
      if ((z >= 0 ? 1 : 0) !== p.label) wrong.add(i);
    });
    return wrong;
  };

  const showLine = (): void => {
    if (!line) {
      status.textContent = t('start');
      board.background = { kind: 'none' };
    } else {
      board.background = { kind: 'line', w: line.w, b: line.b, wrong: wrongSet(line) };
      const vars = {
        epoch: line.epoch,
        errors: line.errors,
        n: points.length,
        w1: fixed(line.w[0]),
        w2: fixed(line.w[1]),
        b: fixed(line.b),
      };
      let text = t('epoch', vars);
      if (line.errors === 0) text += ' ' + t('converged', vars);
      else if (line.epoch >= MAX_EPOCHS) text = t('failed', vars);
      status.textContent = text;
    }
    status.dataset.epoch = String(line?.epoch ?? 0);
    status.dataset.errors = String(line?.errors ?? '');
    status.dataset.converged = String(line?.errors === 0);
    status.dataset.stuck = String(!!line && line.errors > 0 && line.epoch >= MAX_EPOCHS);
    board.draw();
  };

  /** Stops and forgets the perceptron: back to w = 0, b = 0. */
  function resetPerceptron(): void {
    run++;
    running = false;
    trainButton.textContent = t('train');
    perceptron?.dispose();
    perceptron = null;
    line = null;
    void chart?.replace([]);
  }

  /** Stops and forgets the network (a running fit is disposed by its own loop). */
  function resetMlp(): void {
    mlpRun++;
    if (!mlpBusy) mlp?.dispose();
    mlp = null;
    mlpEpochs = 0;
    mlpStatus.textContent = '';
    delete mlpStatus.dataset.done;
    addHidden.disabled = false;
  }

  /** Points changed, or the weights are reset: back to an untrained perceptron. */
  function changed(): void {
    resetPerceptron();
    resetMlp();
    for (const [p, b] of presetButtons) b.setAttribute('aria-pressed', String(p === preset));
    showLine();
    share();
  }

  function setPreset(p: Preset): void {
    preset = p;
    points = presetPoints(p);
    board.points = points;
    changed();
  }

  const bothClasses = (): boolean =>
    points.some((p) => p.label === 0) && points.some((p) => p.label === 1);

  async function stepOnce(): Promise<boolean> {
    if (!bothClasses()) {
      status.textContent = t('needBoth');
      return false;
    }
    if (mlp) resetMlp();
    perceptron ??= new PerceptronTrainer(points);
    line = perceptron.step();
    showLine();
    share();
    await chart?.append([{ x: line.epoch, y: line.errors }]);
    return line.errors > 0;
  }

  async function toggleTrain(): Promise<void> {
    if (running) {
      running = false;
      trainButton.textContent = t('train');
      return;
    }
    if (line && (line.errors === 0 || line.epoch >= MAX_EPOCHS)) resetPerceptron();
    running = true;
    trainButton.textContent = t('stop');
    const mine = run;
    while (running && mine === run && !signal.aborted) {
      const more = await stepOnce();
      if (!more || (line && line.epoch >= MAX_EPOCHS)) break;
      await sleep(TRAIN_DELAY_MS, signal);
    }
    if (mine === run) {
      running = false;
      trainButton.textContent = t('train');
    }
  }

  async function trainMlp(): Promise<void> {
    if (!bothClasses()) {
      mlpStatus.textContent = t('needBoth');
      return;
    }
    // The perceptron's line, chart and verdict stay: the network is drawn over them.
    running = false;
    run++;
    trainButton.textContent = t('train');
    resetMlp();
    const mine = mlpRun;
    addHidden.disabled = true;
    const trainer = new MlpTrainer(points, { hidden, learningRate: 0.05, seed: 1 });
    mlp = trainer;
    mlpBusy = true;
    const n = points.length;
    try {
      let state = { epoch: 0, loss: NaN, correct: 0 };
      while (state.epoch < MLP_MAX_EPOCHS) {
        state = await trainer.train(MLP_CHUNK);
        if (mine !== mlpRun || signal.aborted) return;
        mlpEpochs = state.epoch;
        board.background = {
          kind: 'field',
          cells: FIELD_CELLS,
          values: trainer.predict(FIELD_POINTS),
        };
        board.draw();
        mlpStatus.textContent = t('mlpEpoch', {
          epoch: state.epoch,
          loss: fixed(state.loss, 3),
          correct: state.correct,
          n,
        });
        mlpStatus.dataset.epoch = String(state.epoch);
        mlpStatus.dataset.correct = String(state.correct);
        if (state.correct === n && state.loss < 0.1) break;
        await nextFrame();
      }
      const vars = { epoch: state.epoch, loss: fixed(state.loss, 3), correct: state.correct, n };
      mlpStatus.textContent = t(state.correct === n ? 'mlpSolved' : 'mlpNotYet', vars);
      mlpStatus.dataset.n = String(n);
      mlpStatus.dataset.done = 'true';
      share();
    } finally {
      mlpBusy = false;
      // Replaced or abandoned while it trained: it is no longer anyone's.
      if (mine !== mlpRun || signal.aborted) trainer.dispose();
      if (mine === mlpRun) addHidden.disabled = false;
    }
  }

  signal.addEventListener(
    'abort',
    () => {
      run++;
      mlpRun++;
      perceptron?.dispose();
      if (!mlpBusy) mlp?.dispose();
    },
    { once: true },
  );

  changed();
  chart = await lineChart(
    chartEl,
    {
      x: { title: t('epochAxis'), integer: true },
      y: { title: t('errorsAxis'), zero: true, integer: true },
      height: 160,
      description: t('errorsChart'),
    },
    signal,
  );
}

export const neuronPage: LabPage = {
  id: 'neuron',
  title: { en: 'Neuron and perceptron', 'zh-TW': '神經元與感知器' },
  strings: STRINGS,
  mount,
};
