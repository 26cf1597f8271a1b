/**
 * The loss-against-step chart beside the surface: a vega-lite line chart (compiled once per
 * race, rendered by vega, both imported lazily so the page shows before they load), one
 * line per optimizer in its colour, on a symlog axis (the saddle's loss goes negative and
 * Rosenbrock's spans many orders of magnitude; the shell's lineChart has linear and log
 * axes only). Rows are appended as the race runs, batched to a few updates a second. Axis
 * and legend colours come from the page's CSS, so that dark mode reads well.
 */
import type { View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { loadVega } from '../../shell/chart.js';

/** One point of the chart. */
export interface LossRow {
  optimizer: string;
  step: number;
  loss: number;
}

/** The chart's titles and series (labels and colours, in legend order). */
export interface ChartSetup {
  stepAxis: string;
  lossAxis: string;
  labels: readonly string[];
  colors: readonly string[];
  steps: number;
  /** A linear y axis over this range (lines clipped), or null for symlog fitted to the data. */
  domain: [number, number] | null;
}

/** Text and grid colours from the page's CSS variables. */
interface Theme {
  fg: string;
  muted: string;
  grid: string;
}

function theme(el: HTMLElement): Theme {
  const style = getComputedStyle(el);
  const v = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1c1e21'),
    muted: v('--muted', '#5a6270'),
    grid: v('--border', '#d6d9de'),
  };
}

function spec(setup: ChartSetup, width: number, colors: Theme): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 200,
    data: { name: 'rows' },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: {
        field: 'step',
        type: 'quantitative',
        title: setup.stepAxis,
        scale: { domain: [0, setup.steps], nice: false },
        axis: { tickCount: 6 },
      },
      y: {
        field: 'loss',
        type: 'quantitative',
        title: setup.lossAxis,
        scale: setup.domain
          ? { type: 'linear', domain: [...setup.domain], nice: false }
          : { type: 'symlog' },
      },
      color: {
        field: 'optimizer',
        type: 'nominal',
        title: null,
        scale: { domain: [...setup.labels], range: [...setup.colors] },
        legend: { orient: 'bottom', columns: 3, symbolType: 'stroke' },
      },
    },
    config: {
      background: 'transparent',
      view: { stroke: colors.grid },
      axis: {
        labelFontSize: 11,
        titleFontSize: 11,
        labelColor: colors.muted,
        titleColor: colors.fg,
        gridColor: colors.grid,
        domainColor: colors.muted,
        tickColor: colors.muted,
      },
      legend: { labelColor: colors.fg, labelFontSize: 11 },
    },
  };
}

/** The chart: `reset` starts a new race's chart, `add` appends rows (drawn soon after). */
export interface LossChart {
  reset(setup: ChartSetup, rows: readonly LossRow[]): void;
  add(rows: readonly LossRow[]): void;
}

/** A loss chart in `el`, torn down when `signal` aborts. */
export function lossChart(el: HTMLElement, signal: AbortSignal): LossChart {
  let libs: ReturnType<typeof loadVega> | null = null;
  let view: View | null = null;
  let generation = 0;
  let pending: LossRow[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  signal.addEventListener('abort', () => {
    view?.finalize();
    view = null;
    if (timer) clearTimeout(timer);
  });

  const flush = async (): Promise<void> => {
    timer = null;
    const libsNow = await libs;
    if (!view || !libsNow || signal.aborted || pending.length === 0) return;
    const rows = pending;
    pending = [];
    await view.change('rows', libsNow[0].changeset().insert(rows)).runAsync();
  };

  return {
    reset(setup, rows) {
      generation += 1;
      const mine = generation;
      pending = [];
      view?.finalize();
      view = null;
      libs ??= loadVega();
      void libs.then(async ([vega, vl]) => {
        if (signal.aborted || mine !== generation) return;
        el.replaceChildren();
        const width = Math.max(180, Math.min(520, (el.clientWidth || 320) - 70));
        const compiled = vl.compile(spec(setup, width, theme(el))).spec;
        view = new vega.View(vega.parse(compiled), {
          renderer: 'svg',
          container: el,
          hover: false,
        });
        view.data('rows', [...rows, ...pending]);
        pending = [];
        await view.runAsync();
      });
    },
    add(rows) {
      pending.push(...rows);
      timer ??= setTimeout(() => void flush(), 250);
    },
  };
}
