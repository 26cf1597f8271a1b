/**
 * After training: the confusion matrix (an HTML table, shaded by share of its row) and the
 * worst-classified test images with their true and predicted classes.
 */
import { h } from '../../shell/dom.js';
import type { WorstImage } from './protocol.js';

type T = (key: string, vars?: Record<string, string | number>) => string;

/** The confusion matrix as a table; `names` label the classes. */
export function confusionTable(
  confusion: readonly number[],
  names: readonly string[],
  t: T,
): HTMLElement {
  const n = names.length;
  const short = names.map((_, i) => String(i));
  const head = h(
    'tr',
    {},
    h(
      'th',
      { scope: 'col', class: 'corner', title: `${t('trueClass')} ╲ ${t('predictedClass')}` },
      h('span', { 'aria-hidden': 'true', text: '╲' }),
      h('span', { class: 'visually-hidden', text: `${t('trueClass')} ╲ ${t('predictedClass')}` }),
    ),
    ...short.map((s, i) => h('th', { scope: 'col', title: names[i], text: s })),
  );
  const rows = names.map((name, r) => {
    const total = confusion.slice(r * n, r * n + n).reduce((a, b) => a + b, 0) || 1;
    return h(
      'tr',
      {},
      h('th', { scope: 'row', title: name, text: short[r] }),
      ...names.map((pred, c) => {
        const count = confusion[r * n + c] ?? 0;
        const share = count / total;
        const tone = r === c ? '37, 99, 235' : '220, 38, 38';
        const alpha = r === c ? share : Math.min(1, share * 4);
        return h('td', {
          style: `background: rgba(${tone}, ${alpha.toFixed(3)}); color: ${alpha > 0.55 ? '#fff' : 'inherit'}`,
          title: `${t('trueClass')} ${name}, ${t('predictedClass')} ${pred}: ${count}`,
          text: String(count),
        });
      }),
    );
  });
  const table = h(
    'table',
    { class: 'confusion', 'data-testid': 'mnist-confusion' },
    h('caption', { class: 'visually-hidden', text: t('confusionTitle') }),
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
  const key =
    names[0] === '0'
      ? null
      : h('p', {
          class: 'class-key',
          text: `${t('classKey')}: ${names.map((s, i) => `${i} ${s}`).join(' · ')}`,
        });
  return h('div', {}, h('div', { class: 'table-wrap' }, table), key);
}

/** A 28×28 byte image drawn on a canvas (scaled up by CSS, pixelated). */
export function imageCanvas(pixels: Uint8Array, label: string): HTMLCanvasElement {
  const c = h('canvas', {
    width: 28,
    height: 28,
    class: 'digit',
    role: 'img',
    'aria-label': label,
  });
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = pixels[i] ?? 0;
    img.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

/** The worst-classified test images, each with `true → predicted` under it. */
export function worstGrid(
  worst: readonly WorstImage[],
  names: readonly string[],
  t: T,
): HTMLElement {
  return h(
    'div',
    { class: 'worst', 'data-testid': 'mnist-worst' },
    ...worst.map((w) => {
      const vars = {
        true: names[w.label] ?? w.label,
        pred: names[w.predicted] ?? w.predicted,
        prob: (w.probTrue * 100).toFixed(1),
        index: w.index,
      };
      return h(
        'figure',
        { class: 'worst-item' },
        imageCanvas(w.pixels, t('worstAlt', vars)),
        h('figcaption', { text: t('worstCaption', vars) }),
      );
    }),
  );
}
