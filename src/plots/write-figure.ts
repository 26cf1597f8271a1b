/**
 * Writing a figure to a file, the format chosen by the extension: `.svg`, `.png`, or
 * `.json` for the Vega-Lite spec itself (to open in the Vega editor or embed in a page).
 * Node only: the file system is imported when called.
 */
import { ValueError } from '../errors.js';
import type { Figure } from './figure.js';
import type { PngOptions } from './render.js';

/**
 * A file format {@link writeFigure} writes: SVG, PNG or the Vega-Lite spec as JSON.
 */
export type FigureFormat = 'svg' | 'png' | 'json';

/** What {@link writeFigure} wrote. */
export interface WrittenFigure {
  path: string;
  format: FigureFormat;
  bytes: number;
}

/** The format a path's extension names. */
export function formatOf(path: string): FigureFormat {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'svg' || ext === 'png' || ext === 'json') return ext;
  throw new ValueError(
    `writeFigure: cannot tell the format of '${path}' from its extension; use .svg, .png or .json (the Vega-Lite spec)`,
  );
}

/**
 * Renders `figure` and writes it to `path` (folders are created). `options` apply to PNG.
 *
 * @example
 * await plots.writeFigure(plots.activations(), 'docs/activations.svg');
 * await plots.writeFigure(plots.activations(), 'activations.png', { width: 1600 });
 */
export async function writeFigure<D>(
  figure: Figure<D>,
  path: string,
  options: PngOptions = {},
): Promise<WrittenFigure> {
  const format = formatOf(path);
  const content =
    format === 'svg'
      ? await figure.toSVG()
      : format === 'png'
        ? await figure.toPNG(options)
        : JSON.stringify(figure.spec, null, 2) + '\n';
  const fs = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await fs.mkdir(dirname(path), { recursive: true });
  await fs.writeFile(path, content);
  const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  return { path, format, bytes };
}
