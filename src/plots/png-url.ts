/**
 * Small raster images inlined in a figure as `data:image/png;base64,…` URLs: a heat map of
 * a grid of values (one pixel per cell, smoothed by the viewer) and grey images such as
 * MNIST digits. A 50×50 heat map is a few kilobytes, where the same grid as SVG rects would
 * be hundreds. Pure JS (fast-png), so it works in the browser too.
 */
import { encode } from 'fast-png';
import { ValueError } from '../errors.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 of some bytes. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!;
    out += b === undefined ? '=' : BASE64[(n >> 6) & 63]!;
    out += c === undefined ? '=' : BASE64[n & 63]!;
  }
  return out;
}

/** PNG bytes of `width`×`height` pixels with 1 (grey) or 3 (RGB) channels, top row first. */
export function pngUrl(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): string {
  if (pixels.length !== width * height * channels)
    throw new ValueError(
      `pngUrl: expected ${width * height * channels} bytes, received ${pixels.length}`,
    );
  return `data:image/png;base64,${base64(encode({ width, height, data: pixels, channels, depth: 8 }))}`;
}

/** `#rrggbb` to [r, g, b]. */
function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Piecewise-linear RGB interpolation through evenly spaced colour stops, as a Vega scale
 * with `interpolate: 'rgb'` does, so a legend drawn from that scale matches.
 */
export function colorAt(stops: readonly string[], t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(u));
  const [a, b] = [rgb(stops[k]!), rgb(stops[k + 1]!)];
  const f = u - k;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

/**
 * A heat map of an n×n grid (row-major, first row = lowest y) as a PNG data URL, values
 * mapped linearly from `domain` onto the colour `stops`.
 */
export function heatmapUrl(
  values: ArrayLike<number>,
  n: number,
  domain: readonly [number, number],
  stops: readonly string[],
): string {
  const px = new Uint8Array(n * n * 3);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const t = (values[j * n + i]! - domain[0]) / (domain[1] - domain[0]);
      // PNG rows go top to bottom; the grid's go bottom to top.
      px.set(colorAt(stops, t), ((n - 1 - j) * n + i) * 3);
    }
  }
  return pngUrl(px, n, n, 3);
}
