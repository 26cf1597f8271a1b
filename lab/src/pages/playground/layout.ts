/**
 * The playground's fixed elements: the toolbar (play, step, reset, epoch, lessons), the
 * message line, the output panel (decision map, scores, loss chart) and the slots the
 * settings panels go into. Only builds elements; playground.ts wires them.
 */
import { h } from '../../shell/dom.js';
import { PRESETS } from './presets.js';
import { PLAYGROUND_CSS } from './styles.js';

/** The elements playground.ts drives. */
export interface Layout {
  playBtn: HTMLButtonElement;
  stepBtn: HTMLButtonElement;
  resetBtn: HTMLButtonElement;
  epochEl: HTMLElement;
  presetSel: HTMLSelectElement;
  presetNote: HTMLElement;
  message: HTMLElement;
  map: HTMLCanvasElement;
  /** The four scores by test id: pg-train-loss, pg-test-loss, pg-train-acc, pg-test-acc. */
  stats: Record<string, HTMLElement>;
  showTestBox: HTMLInputElement;
  chartHost: HTMLElement;
  dataSlot: HTMLElement;
  netSlot: HTMLElement;
}

/** Builds the layout into `root`. */
export function buildLayout(root: HTMLElement, t: (key: string) => string): Layout {
  const playBtn = h('button', {
    type: 'button',
    class: 'primary',
    'data-testid': 'pg-play',
    text: t('play'),
  });
  const stepBtn = h('button', {
    type: 'button',
    'data-testid': 'pg-step',
    title: t('stepTitle'),
    text: t('step'),
  });
  const resetBtn = h('button', {
    type: 'button',
    'data-testid': 'pg-reset',
    title: t('resetTitle'),
    text: t('reset'),
  });
  const epochEl = h('span', { class: 'pg-epoch', 'data-testid': 'pg-epoch' });
  const presetSel = h('select', { id: 'pg-preset', 'data-testid': 'pg-preset' });
  presetSel.append(h('option', { value: '', text: t('presetNone') }));
  for (const p of PRESETS)
    presetSel.append(h('option', { value: p.id, text: t(`preset.${p.id}`) }));
  const presetNote = h('p', { class: 'pg-note', 'data-testid': 'pg-preset-note', hidden: true });
  const message = h('div', { class: 'pg-message', 'data-testid': 'pg-message', role: 'status' });
  const map = h('canvas', {
    class: 'board pg-map',
    width: 480,
    height: 480,
    tabindex: 0,
    role: 'img',
    'aria-label': t('mapLabel'),
    'data-testid': 'pg-map',
  });
  const stats: Record<string, HTMLElement> = {};
  const stat = (key: string, testid: string): HTMLElement => {
    const value = h('dd', { 'data-testid': testid, text: '—' });
    stats[testid] = value;
    return h('div', {}, h('dt', { text: t(key) }), value);
  };
  const statList = h(
    'dl',
    { class: 'pg-stats' },
    stat('trainLoss', 'pg-train-loss'),
    stat('testLoss', 'pg-test-loss'),
    stat('trainAccuracy', 'pg-train-acc'),
    stat('testAccuracy', 'pg-test-acc'),
  );
  const showTestBox = h('input', {
    type: 'checkbox',
    checked: true,
    'data-testid': 'pg-show-test',
  });
  const chartHost = h('div', {
    class: 'chart pg-chart',
    'data-testid': 'pg-chart',
    role: 'img',
    'aria-label': t('lossCurves'),
  });
  const output = h(
    'section',
    { class: 'pg-panel pg-output', 'aria-labelledby': 'pg-out-title' },
    h('h2', { id: 'pg-out-title', text: t('output') }),
    map,
    h('label', { class: 'pg-check' }, showTestBox, ` ${t('showTest')}`),
    statList,
    h('h3', { text: t('lossCurves') }),
    chartHost,
  );
  const dataSlot = h('div', { class: 'pg-slot-data' });
  const netSlot = h('div', { class: 'pg-slot-net' });
  root.replaceChildren(
    h('style', { text: PLAYGROUND_CSS }),
    h('p', { class: 'pg-intro', text: t('intro') }),
    h(
      'div',
      { class: 'pg-toolbar' },
      h('div', { class: 'buttons' }, playBtn, stepBtn, resetBtn),
      epochEl,
      h(
        'div',
        { class: 'control' },
        h('label', { for: 'pg-preset', text: t('preset') }),
        presetSel,
      ),
    ),
    presetNote,
    message,
    h('div', { class: 'pg-grid' }, output, dataSlot, netSlot),
  );
  return {
    playBtn,
    stepBtn,
    resetBtn,
    epochEl,
    presetSel,
    presetNote,
    message,
    map,
    stats,
    showTestBox,
    chartHost,
    dataSlot,
    netSlot,
  };
}
