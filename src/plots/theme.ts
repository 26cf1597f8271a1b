/**
 * The look shared by every figure: fonts, sizes and the colours of series, so that a
 * figure's spec only says what it draws.
 */
import type { Config } from 'vega-lite';

/** Spec `$schema` for Vega-Lite 6. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours for up to ten series (Tableau 10, Vega's default scheme). */
export const SERIES_COLORS = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
] as const;

/** Class 0 and class 1 of the 2-D toy problems. */
export const CLASS_COLORS = ['#1f77b4', '#ff7f0e'] as const;

/** Background shading of P(class 1): class 0 blue, undecided white, class 1 orange. */
export const PROBABILITY_RANGE = ['#9ecae1', '#f7f7f7', '#fdae6b'] as const;

/** Vega-Lite config every figure uses. */
export const CONFIG: Config = {
  font: 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 15, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridOpacity: 0.5 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  view: { stroke: '#bbb' },
  // Data URLs and long labels make huge aria-labels; the figures carry visible text instead.
  mark: { aria: false },
};
