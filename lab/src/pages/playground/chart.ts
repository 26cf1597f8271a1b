/**
 * The train/test loss curves, through the shell's Vega-Lite line chart (loaded on first
 * use). Each update replaces the points (the worker thins them to a few hundred per curve);
 * the chart is redrawn at most every 400 ms, with the latest curve (updates in between are
 * merged), which keeps the page's thread free while a network trains.
 */
import { lineChart, type LineChart, type LinePoint } from '../../shell/chart.js';
import type { CurvePoint } from './trainer.js';

/** The curve's labels, in the page's language. */
export interface ChartLabels {
  train: string;
  test: string;
  epoch: string;
  loss: string;
  title: string;
}

/** The chart is redrawn at most this often (Vega redraws the whole SVG). */
const MIN_INTERVAL_MS = 400;

/** A live loss chart in `host`. */
export class LossChart {
  readonly #host: HTMLElement;
  readonly #labels: ChartLabels;
  readonly #signal: AbortSignal;
  #chart: Promise<LineChart> | null = null;
  #busy = false;
  #pending: readonly CurvePoint[] | null = null;
  #last = 0;

  constructor(host: HTMLElement, labels: ChartLabels, signal: AbortSignal) {
    this.#host = host;
    this.#labels = labels;
    this.#signal = signal;
  }

  /** Shows `curve` (the latest call wins when several arrive during one drawing). */
  update(curve: readonly CurvePoint[]): void {
    this.#pending = curve;
    if (!this.#busy) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      this.#chart ??= lineChart(
        this.#host,
        {
          x: { title: this.#labels.epoch },
          y: { title: this.#labels.loss },
          series: [this.#labels.train, this.#labels.test],
          dashed: [this.#labels.train],
          height: 160,
          description: this.#labels.title,
        },
        this.#signal,
      );
      const chart = await this.#chart;
      while (this.#pending && !this.#signal.aborted) {
        const wait = this.#last + MIN_INTERVAL_MS - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!this.#pending || this.#signal.aborted) break;
        this.#last = performance.now();
        // One point draws no line (and a degenerate axis): wait for the second.
        const curve = this.#pending.length < 2 ? [] : this.#pending;
        this.#pending = null;
        const points: LinePoint[] = [];
        for (const p of curve) {
          if (Number.isFinite(p.train))
            points.push({ x: p.epoch, y: p.train, series: this.#labels.train });
          if (Number.isFinite(p.test))
            points.push({ x: p.epoch, y: p.test, series: this.#labels.test });
        }
        await chart.replace(points);
      }
    } finally {
      this.#busy = false;
    }
  }
}
