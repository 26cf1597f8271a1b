/**
 * The playground's settings panels (data, features, network, training) built from the
 * state. They are rebuilt whole after every change (the page keeps the focus on the same
 * control by its `data-testid`); each control calls `change` with a mutation of the state.
 */
import { h } from '../../shell/dom.js';
import { classHex } from './heatmap.js';
import { NEURON_RES } from './frame.js';
import {
  ACTIVATIONS,
  classCount,
  DATASETS,
  FEATURES,
  LIMITS,
  OPTIMIZERS,
  REGULARIZATIONS,
  type PlaygroundState,
} from './state.js';
import { checkControl, iconButton, numberControl, rangeControl, selectControl } from './widgets.js';

/** What the panels need from the page. */
export interface PanelContext {
  t(key: string, vars?: Record<string, string | number>): string;
  state: Readonly<PlaygroundState>;
  /** Applies a change to the state (rebuilds the data and network as needed). */
  change(mutate: (s: PlaygroundState) => void): void;
  /** The class new points get. */
  drawClass: number;
  setDrawClass(c: number): void;
  /** Reads a CSV file chosen or dropped. */
  loadCsv(file: File): void;
}

/** The panels and the canvases of the hidden neurons' maps ([layer][unit]). */
export interface Panels {
  data: HTMLElement;
  network: HTMLElement;
  neurons: HTMLCanvasElement[][];
}

const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 5, 10];
const REG_RATES = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];

/** A list of numbers as options, with `current` added if the URL brought another. */
function numberOptions(list: number[], current: number): { value: number; text: string }[] {
  const all = list.includes(current) ? list : [...list, current].sort((a, b) => a - b);
  return all.map((v) => ({ value: v, text: String(v) }));
}

function dataPanel(c: PanelContext): HTMLElement {
  const { t, state: s } = c;
  const controls = h(
    'div',
    { class: 'controls' },
    selectControl({
      label: t('dataset'),
      testid: 'pg-dataset',
      value: s.data,
      options: DATASETS.map((d) => ({ value: d, text: t(`data.${d}`) })),
      onChange: (v) => c.change((x) => (x.data = v)),
    }),
  );
  if (s.data === 'blobs' || s.data === 'spiral') {
    controls.append(
      selectControl({
        label: t('classes'),
        testid: 'pg-classes',
        value: s.classes,
        options: [2, 3, 4, 5].map((v) => ({ value: v, text: String(v) })),
        onChange: (v) => c.change((x) => (x.classes = v)),
      }),
    );
  }
  if (s.data !== 'custom') {
    controls.append(
      numberControl({
        label: t('points'),
        testid: 'pg-points',
        value: s.points,
        min: LIMITS.minPoints,
        max: LIMITS.maxPoints,
        step: 10,
        onChange: (v) => c.change((x) => (x.points = v)),
      }),
      rangeControl({
        label: t('noise'),
        testid: 'pg-noise',
        value: s.noise,
        min: 0,
        max: 50,
        step: 5,
        onChange: (v) => c.change((x) => (x.noise = v)),
      }),
    );
  }
  controls.append(
    rangeControl({
      label: t('trainPercent'),
      testid: 'pg-train-percent',
      value: s.trainPercent,
      min: 10,
      max: 90,
      step: 10,
      onChange: (v) => c.change((x) => (x.trainPercent = v)),
    }),
    numberControl({
      label: t('seed'),
      testid: 'pg-seed',
      value: s.seed,
      min: 0,
      max: 2 ** 31 - 1,
      onChange: (v) => c.change((x) => (x.seed = v)),
    }),
  );
  const reseed = h('button', { type: 'button', 'data-testid': 'pg-new-seed', text: t('newSeed') });
  reseed.addEventListener('click', () =>
    c.change((x) => (x.seed = Math.floor(Math.random() * 1_000_000))),
  );
  const file = h('input', {
    type: 'file',
    accept: '.csv,text/csv,text/plain',
    'data-testid': 'pg-csv-input',
    class: 'visually-hidden',
    id: 'pg-csv-file',
  });
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) c.loadCsv(f);
    file.value = '';
  });
  const csv = h('label', { for: 'pg-csv-file', class: 'pg-file' }, t('csvChoose'));
  const section = h(
    'section',
    { class: 'pg-panel', 'aria-labelledby': 'pg-data-title', 'data-testid': 'pg-data-panel' },
    h('h2', { id: 'pg-data-title', text: t('data') }),
    controls,
    h('div', { class: 'buttons' }, reseed, file, csv),
  );
  if (s.data === 'custom') section.append(drawTools(c));
  return section;
}

function drawTools(c: PanelContext): HTMLElement {
  const { t } = c;
  const group = h('div', { role: 'radiogroup', 'aria-label': t('drawClass'), class: 'buttons' });
  for (let k = 0; k < LIMITS.maxClasses; k++) {
    const b = h(
      'button',
      {
        type: 'button',
        role: 'radio',
        'aria-checked': k === c.drawClass ? 'true' : 'false',
        'data-testid': `pg-draw-class-${k}`,
        class: 'pg-class',
      },
      h('span', { class: 'pg-swatch', style: `background:${classHex(k)}` }),
      t('drawClassN', { n: k }),
    );
    b.addEventListener('click', () => c.setDrawClass(k));
    group.append(b);
  }
  const clear = h('button', { type: 'button', 'data-testid': 'pg-clear', text: t('clearPoints') });
  clear.addEventListener('click', () => c.change((x) => (x.custom = [])));
  return h(
    'div',
    { class: 'pg-draw' },
    h('p', { class: 'pg-hint', text: t('drawHint') }),
    h('div', { class: 'pg-label', text: t('drawClass') }),
    group,
    h('div', { class: 'buttons' }, clear),
  );
}

function featuresFieldset(c: PanelContext): HTMLElement {
  const { t, state: s } = c;
  const box = h(
    'fieldset',
    { class: 'checks', 'data-testid': 'pg-features' },
    h('legend', { text: `${t('features')}: ${t('featuresHint')}` }),
  );
  for (const f of FEATURES) {
    const on = s.features.includes(f);
    box.append(
      checkControl({
        label: t(`feat.${f}`),
        testid: `pg-feat-${f}`,
        checked: on,
        // The last feature cannot be turned off: the network needs an input.
        disabled: on && s.features.length === 1,
        onChange: (v) =>
          c.change((x) => {
            x.features = FEATURES.filter((g) => (g === f ? v : x.features.includes(g)));
          }),
      }),
    );
  }
  return box;
}

function layerCard(c: PanelContext, i: number, neurons: HTMLCanvasElement[]): HTMLElement {
  const { t, state: s } = c;
  const l = s.layers[i]!;
  const n = i + 1;
  const units = h('span', {
    class: 'pg-units',
    'data-testid': `pg-units-${i}`,
    text: String(l.units),
  });
  const head = h(
    'div',
    { class: 'pg-layer-head' },
    h('strong', { text: t('layerN', { n }) }),
    iconButton({
      text: '−',
      label: t('removeUnit', { n }),
      testid: `pg-remove-unit-${i}`,
      disabled: l.units <= 1,
      onClick: () => c.change((x) => (x.layers[i]!.units -= 1)),
    }),
    units,
    iconButton({
      text: '+',
      label: t('addUnit', { n }),
      testid: `pg-add-unit-${i}`,
      disabled: l.units >= LIMITS.maxUnits,
      onClick: () => c.change((x) => (x.layers[i]!.units += 1)),
    }),
    h('span', { class: 'pg-label', text: t('units') }),
    selectControl({
      label: t('activation'),
      testid: `pg-activation-${i}`,
      value: l.activation,
      options: ACTIVATIONS.map((a) => ({ value: a, text: a })),
      onChange: (v) => c.change((x) => (x.layers[i]!.activation = v)),
    }),
  );
  // One image for the screen reader per layer; each map keeps its title for the pointer.
  const grid = h('div', {
    class: 'pg-neurons',
    'data-testid': `pg-neurons-${i}`,
    role: 'img',
    'aria-label': t('neuronMaps', { n, units: l.units }),
  });
  // Smaller maps for wide layers, so 64 units still fit a phone's width in a few rows.
  const sizeClass = l.units <= 8 ? 'l' : l.units <= 24 ? 'm' : 's';
  for (let u = 0; u < l.units; u++) {
    const canvas = h('canvas', {
      width: NEURON_RES,
      height: NEURON_RES,
      title: t('neuronTitle', { layer: n, unit: u + 1 }),
      class: `pg-n-${sizeClass}`,
    });
    neurons.push(canvas);
    grid.append(canvas);
  }
  return h(
    'div',
    { class: 'pg-layer', 'data-testid': `pg-layer-${i}`, 'data-layer': i },
    head,
    grid,
  );
}

function networkPanel(c: PanelContext, neurons: HTMLCanvasElement[][]): HTMLElement {
  const { t, state: s } = c;
  const k = classCount(s);
  const head = h(
    'div',
    { class: 'pg-layer-head' },
    iconButton({
      text: '−',
      label: t('removeLayer'),
      testid: 'pg-remove-layer',
      disabled: s.layers.length === 0,
      onClick: () => c.change((x) => x.layers.pop()),
    }),
    h('span', {
      'data-testid': 'pg-layer-count',
      'aria-live': 'polite',
      text: t('hiddenLayers', { n: s.layers.length }),
    }),
    iconButton({
      text: '+',
      label: t('addLayer'),
      testid: 'pg-add-layer',
      disabled: s.layers.length >= LIMITS.maxLayers,
      onClick: () =>
        c.change((x) =>
          x.layers.push({
            units: x.layers.at(-1)?.units ?? 4,
            activation: x.layers.at(-1)?.activation ?? 'relu',
          }),
        ),
    }),
  );
  const layers = s.layers.map((_, i) => {
    const list: HTMLCanvasElement[] = [];
    neurons.push(list);
    return layerCard(c, i, list);
  });
  const output = h('p', {
    class: 'pg-layer pg-output-layer',
    'data-testid': 'pg-output-layer',
    text: t('outputLayer', {
      units: k === 2 ? '1' : String(k),
      activation: k === 2 ? 'sigmoid' : 'softmax',
    }),
  });
  const training = h(
    'div',
    { class: 'controls' },
    selectControl({
      label: t('optimizer'),
      testid: 'pg-optimizer',
      value: s.optimizer,
      options: OPTIMIZERS.map((o) => ({ value: o, text: t(`opt.${o}`) })),
      onChange: (v) => c.change((x) => (x.optimizer = v)),
    }),
    selectControl({
      label: t('learningRate'),
      testid: 'pg-lr',
      value: s.learningRate,
      options: numberOptions(LEARNING_RATES, s.learningRate),
      onChange: (v) => c.change((x) => (x.learningRate = v)),
    }),
    numberControl({
      label: t('batchSize'),
      testid: 'pg-batch',
      value: s.batchSize,
      min: 1,
      max: LIMITS.maxPoints,
      onChange: (v) => c.change((x) => (x.batchSize = v)),
    }),
    selectControl({
      label: t('dropout'),
      testid: 'pg-dropout',
      value: s.dropout,
      options: numberOptions(DROPOUTS, s.dropout),
      onChange: (v) => c.change((x) => (x.dropout = v)),
    }),
    selectControl({
      label: t('regularization'),
      testid: 'pg-reg',
      value: s.regularization,
      options: REGULARIZATIONS.map((r) => ({ value: r, text: t(`reg.${r}`) })),
      onChange: (v) => c.change((x) => (x.regularization = v)),
    }),
  );
  if (s.regularization !== 'none') {
    training.append(
      selectControl({
        label: t('regRate'),
        testid: 'pg-reg-rate',
        value: s.regRate,
        options: numberOptions(REG_RATES, s.regRate),
        onChange: (v) => c.change((x) => (x.regRate = v)),
      }),
    );
  }
  return h(
    'section',
    { class: 'pg-panel', 'aria-labelledby': 'pg-net-title', 'data-testid': 'pg-network-panel' },
    h('h2', { id: 'pg-net-title', text: t('network') }),
    featuresFieldset(c),
    head,
    ...layers,
    output,
    h('h3', { text: t('training') }),
    training,
  );
}

/** Builds the panels for the current state. */
export function buildPanels(c: PanelContext): Panels {
  const neurons: HTMLCanvasElement[][] = [];
  return { data: dataPanel(c), network: networkPanel(c, neurons), neurons };
}
