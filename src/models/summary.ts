/** The Keras-style summary table (box-drawing characters, as Keras 3 prints it). */
import type { Layer } from '../layers/layer.js';
import type { Model } from './model.js';

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `397.54 KB`, as Keras's `readable_memory_size` (1024-based). */
export function fmtBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)} ${units[i]}`;
}

function wrapCell(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

export function summaryTable(model: Model, lineLength?: number): string[] {
  const rows = model.summaryRows();
  const graph = rows.some((r) => r.connectedTo !== undefined);
  const headers = graph
    ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']
    : ['Layer (type)', 'Output Shape', 'Param #'];
  // Keras's default column widths, widened to fit the content (or set by lineLength).
  const cells = rows.map((r) => [
    `${r.layer.name} (${r.layer.className})`,
    r.outputShape,
    fmtCount(countParams(r.layer)),
    ...(graph ? [(r.connectedTo ?? []).join(', ') || '-'] : []),
  ]);
  const base = graph ? [29, 22, 9, 26] : [31, 22, 13];
  let widths = base.map((b, i) =>
    Math.max(b, headers[i]!.length, ...cells.map((c) => c[i]!.length)),
  );
  if (lineLength) {
    const inner = lineLength - (headers.length + 1) - 2 * headers.length;
    const sum = widths.reduce((a, b) => a + b, 0);
    widths = widths.map((w) => Math.max(8, Math.floor((w / sum) * inner)));
  }
  const align: ('l' | 'r')[] = graph ? ['l', 'l', 'r', 'l'] : ['l', 'l', 'r'];

  const line = (l: string, m: string, r: string, fill: string): string =>
    l + widths.map((w) => fill.repeat(w + 2)).join(m) + r;
  const row = (cells: string[], bar: string): string[] => {
    const wrapped = cells.map((c, i) => wrapCell(c, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let k = 0; k < height; k++) {
      const parts = wrapped.map((w, i) => {
        const t = w[k] ?? '';
        return ' ' + (align[i] === 'r' ? t.padStart(widths[i]!) : t.padEnd(widths[i]!)) + ' ';
      });
      lines.push(bar + parts.join(bar) + bar);
    }
    return lines;
  };

  const out: string[] = [];
  out.push(`Model: "${model.name}"`);
  out.push(line('┏', '┳', '┓', '━'));
  out.push(...row(headers, '┃'));
  out.push(line('┡', '╇', '┩', '━'));
  rows.forEach((_r, i) => {
    out.push(...row(cells[i]!, '│'));
    if (i < rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  const all = model.weights;
  const trainable = model.trainableWeights;
  const size = (vs: { size: number }[]): number => vs.reduce((s, v) => s + v.size, 0);
  const nAll = size(all);
  const nTrain = size(trainable);
  out.push(` Total params: ${fmtCount(nAll)} (${fmtBytes(nAll * 4)})`);
  out.push(` Trainable params: ${fmtCount(nTrain)} (${fmtBytes(nTrain * 4)})`);
  out.push(` Non-trainable params: ${fmtCount(nAll - nTrain)} (${fmtBytes((nAll - nTrain) * 4)})`);
  return out;
}

function countParams(l: Layer): number {
  return l.weights.reduce((s, v) => s + v.size, 0);
}
