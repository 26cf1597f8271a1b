/**
 * Live line charts through Vega-Lite (the library the chapter's static figures use):
 * `lineChart(el, spec)` draws an SVG chart that fills `el`'s width, and its `append` /
 * `replace` stream points into it without rebuilding the chart. vega and vega-lite are
 * loaded on first use, so pages without charts do not pay for them.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One axis of a {@link lineChart}. */
export interface AxisSpec {
  title: string;
  /** Fixed [min, max]; default: fitted to the data. */
  domain?: [number, number];
  /** Default 'linear'. */
  type?: 'linear' | 'log';
  /** Include 0 in the fitted domain (counts, losses). Default false. */
  zero?: boolean;
  /** Whole-number ticks only (epochs, counts). Default false. */
  integer?: boolean;
}

/** What {@link lineChart} draws. */
export interface LineChartSpec {
  x: AxisSpec;
  y: AxisSpec;
  /** A title above the chart. */
  title?: string;
  /** Height in CSS pixels. Default 220. */
  height?: number;
  /** The series, in legend order (fixes their colours); leave out for one unnamed series. */
  series?: readonly string[];
  /** Colours of the series, in the same order (CSS colours); default Vega's palette. */
  colors?: readonly string[];
  /** Where the legend goes. Default 'bottom'. */
  legend?: 'bottom' | 'right' | 'none';
  /** A description for screen readers. */
  description?: string;
  /** Dashed series (by name). */
  dashed?: readonly string[];
}

/** One point of a {@link lineChart}; `series` names its line (one of spec.series). */
export interface LinePoint {
  x: number;
  y: number;
  series?: string;
}

/** A chart made by {@link lineChart}. */
export interface LineChart {
  /** Adds points (streaming); `keepLast` keeps only that many points per chart. */
  append(points: readonly LinePoint[], keepLast?: number): Promise<void>;
  /** Replaces all points. */
  replace(points: readonly LinePoint[]): Promise<void>;
  /** The number of points now drawn. */
  readonly size: number;
  /** Stops the chart (also done when the signal passed to lineChart aborts). */
  destroy(): void;
}

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
let libraries: Promise<[VegaModule, VegaLiteModule]> | undefined;

/** vega and vega-lite, loaded once. */
export function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  return libraries;
}

/** The colours the chart takes from the page's CSS, so that dark mode reads well. */
function themeColors(el: HTMLElement): { fg: string; muted: string; grid: string } {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1c1e21'),
    muted: v('--muted', '#5a6270'),
    grid: v('--border', '#d6d9de'),
  };
}

/** The Vega-Lite spec of a line chart (exported for tests and for pages that extend it). */
export function lineChartSpec(
  spec: LineChartSpec,
  theme = { fg: '#1c1e21', muted: '#5a6270', grid: '#d6d9de' },
): TopLevelSpec {
  const axis = (a: AxisSpec): Record<string, unknown> => ({
    title: a.title,
    scale: {
      type: a.type ?? 'linear',
      zero: a.zero ?? false,
      nice: a.domain === undefined,
      ...(a.domain ? { domain: a.domain } : {}),
    },
    ...(a.integer ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
  });
  const series = spec.series ?? [];
  const legend = spec.legend ?? 'bottom';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: spec.description ?? spec.title ?? '',
    width: 'container',
    height: spec.height ?? 220,
    autosize: { type: 'fit-x', contains: 'padding' },
    background: 'transparent',
    ...(spec.title ? { title: spec.title } : {}),
    data: { name: 'points' },
    mark: { type: 'line', clip: true, strokeWidth: 2, interpolate: 'linear' },
    encoding: {
      x: { field: 'x', type: 'quantitative', ...axis(spec.x) },
      y: { field: 'y', type: 'quantitative', ...axis(spec.y) },
      ...(series.length > 0
        ? {
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              scale: { domain: [...series], ...(spec.colors ? { range: [...spec.colors] } : {}) },
              legend:
                legend === 'none' ? null : { orient: legend, columns: legend === 'bottom' ? 4 : 1 },
            },
            ...(spec.dashed?.length
              ? {
                  strokeDash: {
                    condition: {
                      test: { field: 'series', oneOf: [...spec.dashed] },
                      value: [5, 3],
                    },
                    value: [1, 0],
                  },
                }
              : {}),
          }
        : {}),
    },
    config: {
      view: { stroke: null },
      axis: {
        labelColor: theme.muted,
        titleColor: theme.fg,
        gridColor: theme.grid,
        domainColor: theme.muted,
        tickColor: theme.muted,
        labelFontSize: 11,
        titleFontWeight: 'normal',
      },
      legend: { labelColor: theme.fg, labelFontSize: 12, symbolType: 'stroke' },
      title: { color: theme.fg, fontWeight: 'normal', fontSize: 14 },
    },
  };
}

/**
 * Draws an SVG line chart in `el` (filling its width) and returns the handle that streams
 * points into it. `signal` (a page's ctx.signal) stops it when the page is left.
 *
 * @example
 * const loss = await lineChart(el, { x: { title: 'epoch' }, y: { title: 'loss' }, series: ['train', 'test'] }, ctx.signal);
 * await loss.append([{ x: 1, y: 0.7, series: 'train' }, { x: 1, y: 0.8, series: 'test' }]);
 */
export async function lineChart(
  el: HTMLElement,
  spec: LineChartSpec,
  signal?: AbortSignal,
): Promise<LineChart> {
  const [vega, vl] = await loadVega();
  el.classList.add('chart');
  const compiled = vl.compile(lineChartSpec(spec, themeColors(el))).spec;
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'svg',
    container: el,
    hover: false,
  });
  let rows: LinePoint[] = [];
  let destroyed = false;
  // One change at a time, in order.
  let queue: Promise<unknown> = view.runAsync();
  const run = (make: () => void): Promise<void> => {
    queue = queue.then(() => {
      if (destroyed) return;
      make();
      // Axis labels and the legend change with the data: redo the layout's sizes.
      return view.resize().runAsync();
    });
    return queue.then(() => undefined);
  };
  const destroy = (): void => {
    destroyed = true;
    view.finalize();
  };
  signal?.addEventListener('abort', destroy, { once: true });
  await queue;
  return {
    append: (points, keepLast) =>
      run(() => {
        const added = points.map((p) => ({ ...p }));
        rows = rows.concat(added);
        const change = vega.changeset().insert(added);
        if (keepLast !== undefined && rows.length > keepLast) {
          const dropped = new Set(rows.slice(0, rows.length - keepLast));
          rows = rows.slice(rows.length - keepLast);
          change.remove((d: object) => dropped.has(d as LinePoint));
        }
        view.change('points', change);
      }),
    replace: (points) =>
      run(() => {
        rows = points.map((p) => ({ ...p }));
        view.change(
          'points',
          vega
            .changeset()
            .remove(() => true)
            .insert(rows),
        );
      }),
    get size() {
      return rows.length;
    },
    destroy,
  };
}
