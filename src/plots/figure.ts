/**
 * A figure: the data a plot function computed with Neurite's own code, the Vega-Lite spec
 * that draws it, and helpers to render it. Specs are plain JSON, so the same figure renders
 * in Node (SVG/PNG here) and in a browser (vega-embed).
 */
import type { TopLevelSpec } from 'vega-lite';
import { type PngOptions, specToSVG, svgToPNG } from './render.js';

/**
 * The names of the chapter's figures, as `neurite plot <figure>` spells them.
 * @example
 * plots.FIGURE_NAMES.includes('optimizer-paths'); // true
 */
export const FIGURE_NAMES = [
  'activations',
  'separability',
  'decision-boundary',
  'gradient-field',
  'optimizer-paths',
  'history',
  'samples',
  'softmax',
] as const;
/**
 * A figure's name as `neurite plot <figure>` spells it (`'activations'`, `'optimizer-paths'`, …).
 */
export type FigureName = (typeof FIGURE_NAMES)[number];

/** One JSON row of a figure's data table. */
export type Row = Record<string, number | string | boolean | null>;

/** A layered spec (`{layer: [...]}`) and one of its layers, from vega-lite's public type. */
export type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
export type LayerChild = LayeredSpec['layer'][number];

/**
 * A computed figure. `data` holds the numbers behind the picture, for tests and reuse.
 * @example
 * const fig = plots.activations({ ids: ['relu'] });
 * fig.spec; // the Vega-Lite spec
 * fig.data.curves[0]?.id; // 'relu'
 * const svg = await fig.toSVG();
 */
export class Figure<D> {
  /**
   * @param name which figure this is.
   * @param spec the Vega-Lite spec (data inlined).
   * @param data the computed numbers it draws.
   */
  constructor(
    readonly name: FigureName,
    readonly spec: TopLevelSpec,
    readonly data: D,
  ) {}

  /** The figure as a standalone SVG document. */
  toSVG(): Promise<string> {
    return specToSVG(this.spec);
  }

  /** The figure as PNG bytes, `options.width` pixels wide (default 1200; Node only). */
  async toPNG(options?: PngOptions): Promise<Uint8Array> {
    return svgToPNG(await this.toSVG(), options);
  }
}
