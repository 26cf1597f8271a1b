/**
 * Rendering: a Vega-Lite spec to an SVG string (vega-lite compiles it to Vega, a headless
 * Vega View with the 'none' renderer draws it), and an SVG string to a PNG (resvg, with the
 * machine's fonts). vega, vega-lite and resvg are loaded on first use, so importing
 * `neurite/plots` stays cheap; PNG output needs Node (resvg is a native module). All three are
 * optional peer dependencies of the package (see optional-module.ts).
 *
 * This module knows nothing about figures: it turns specs into pictures, nothing more.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { importOptional } from './optional-module.js';

/** Options of {@link svgToPNG}. */
export interface PngOptions {
  /** Width of the PNG in pixels; the height follows the figure's aspect ratio. Default 1200. */
  width?: number;
  /** Background colour. Default `'white'`. */
  background?: string;
  /**
   * Font family used for generic `sans-serif` text and for any family not installed.
   * Default `'DejaVu Sans'` (when missing, resvg falls back to another installed font).
   */
  fontFamily?: string;
  /** Extra font files (TTF/OTF) to load besides the system fonts. Default none. */
  fontFiles?: readonly string[];
  /** Load the fonts installed on the machine. Default true. Without fonts, text is skipped. */
  loadSystemFonts?: boolean;
}

/**
 * Draws a Vega-Lite spec as a standalone SVG document (`<svg …>…</svg>`).
 *
 * @throws ValueError when vega-lite rejects the spec.
 * @example
 * const svg = await plots.specToSVG(plots.activations().spec);
 */
export async function specToSVG(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([
    importOptional(() => import('vega'), 'vega', 'drawing a figure'),
    importOptional(() => import('vega-lite'), 'vega-lite', 'drawing a figure'),
  ]);
  let runtime: ReturnType<typeof vega.parse>;
  try {
    runtime = vega.parse(vl.compile(spec).spec);
  } catch (e) {
    throw new ValueError(
      `plots: invalid Vega-Lite spec: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const view = new vega.View(runtime, { renderer: 'none' });
  try {
    return roundGeometry(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Rounds the numbers of path data and transforms to 1/100 pixel: Vega writes them with
 * full double precision (`7.500000000000002`), which doubles a figure's size for nothing.
 */
export function roundGeometry(svg: string): string {
  return svg.replace(
    /\s(d|transform)="([^"]*)"/g,
    (_m, attr: string, value: string) =>
      ` ${attr}="${value.replace(
        /-?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+/g,
        (n) => {
          const r = Math.round(Number(n) * 100) / 100;
          return String(Object.is(r, -0) ? 0 : r);
        },
      )}"`,
  );
}

/**
 * Rasterizes an SVG document to PNG bytes of the given width (Node only).
 *
 * @throws ValueError for a width that is not a positive integer.
 * @example
 * const png = await plots.svgToPNG(await plots.activations().toSVG(), { width: 800 });
 */
export async function svgToPNG(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const {
    width = 1200,
    background = 'white',
    fontFamily = 'DejaVu Sans',
    fontFiles = [],
    loadSystemFonts = true,
  } = options;
  if (!Number.isInteger(width) || width < 1 || width > 16384) {
    throw new ValueError(`svgToPNG: width must be an integer in [1, 16384], received ${width}`);
  }
  // A computed name keeps browser bundlers from following this Node-only native module.
  const resvgModule = '@resvg/resvg-js';
  const { Resvg } = await importOptional(
    () => import(/* @vite-ignore */ resvgModule) as Promise<typeof import('@resvg/resvg-js')>,
    resvgModule,
    'PNG output',
  );
  // Vega asks for unsmoothed images with CSS that resvg ignores; say it as an attribute.
  const input = svg.replace(
    /style="image-rendering: optimizeSpeed; image-rendering: pixelated;"/g,
    'image-rendering="optimizeSpeed"',
  );
  const resvg = new Resvg(input, {
    fitTo: { mode: 'width', value: width },
    background,
    font: {
      loadSystemFonts,
      fontFiles: [...fontFiles],
      defaultFontFamily: fontFamily,
      sansSerifFamily: fontFamily,
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
