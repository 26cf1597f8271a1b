/**
 * The live loss and accuracy curves of a training run: two of the shell's line charts
 * (Vega-Lite, loaded lazily), fed with points as the worker reports them.
 */
import { lineChart, type LineChart, type LinePoint } from '../../shell/chart.js';

/** One point: examples seen, the value, and which series (train or test). */
export interface CurvePoint {
  seen: number;
  value: number;
  series: string;
}

export interface Curves {
  /** Adds points to the loss (`'loss'`) or accuracy (`'accuracy'`) chart. */
  add(chart: 'loss' | 'accuracy', points: CurvePoint[]): void;
  /** Removes every point (a new run). */
  reset(): void;
  /** Draws the empty charts (call once the elements are in the page, to size them). */
  start(): Promise<void>;
}

/**
 * Two charts in `lossEl` and `accEl`. `titles` are in the page's language; `series`
 * names the train and test series, in legend order.
 */
export function curves(
  lossEl: HTMLElement,
  accEl: HTMLElement,
  titles: { loss: string; accuracy: string; x: string; series: [train: string, test: string] },
  signal: AbortSignal,
): Curves {
  const charts: Partial<Record<'loss' | 'accuracy', LineChart>> = {};
  const pending: { chart: 'loss' | 'accuracy'; points: LinePoint[] }[] = [];
  let started: Promise<void> | null = null;
  const series = [...titles.series];
  const flush = (): void => {
    for (const { chart, points } of pending.splice(0)) void charts[chart]?.append(points);
  };
  return {
    start() {
      started ??= (async () => {
        const [loss, accuracy] = await Promise.all([
          lineChart(
            lossEl,
            { title: titles.loss, x: { title: titles.x }, y: { title: '' }, series, height: 190 },
            signal,
          ),
          lineChart(
            accEl,
            {
              title: titles.accuracy,
              x: { title: titles.x },
              y: { title: '', domain: [0, 1] },
              series,
              height: 190,
            },
            signal,
          ),
        ]);
        charts.loss = loss;
        charts.accuracy = accuracy;
        flush();
      })();
      return started;
    },
    add(chart, points) {
      pending.push({
        chart,
        points: points.map((p) => ({ x: p.seen, y: p.value, series: p.series })),
      });
      if (charts[chart]) flush();
    },
    reset() {
      pending.length = 0;
      for (const c of Object.values(charts)) void c.replace([]);
    },
  };
}
