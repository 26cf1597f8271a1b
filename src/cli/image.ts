/**
 * Reading a user's PNG as a 28x28 grey image like the MNIST ones: decode, convert to grey,
 * crop nothing, resize by area averaging, and invert when the background is light (MNIST
 * digits are light on dark).
 */
import { decode } from 'fast-png';
import { CliError } from './errors.js';

export interface GreyImage {
  /** 28·28 values in 0..255, row-major. */
  pixels: Float32Array;
  /** Whether the colours were inverted (light background). */
  inverted: boolean;
  width: number;
  height: number;
}

export function pngToGrey28(bytes: Uint8Array, file: string, size = 28): GreyImage {
  let img: ReturnType<typeof decode>;
  try {
    img = decode(bytes);
  } catch (e) {
    throw new CliError(
      `cannot read image '${file}': not a valid PNG (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const { width, height, channels, depth } = img;
  if (!width || !height) throw new CliError(`cannot read image '${file}': it has no pixels`);
  const max = depth === 16 ? 65535 : (1 << depth) - 1;
  const data = img.data;
  const palette = img.palette;
  const grey = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    let r: number;
    let g: number;
    let b: number;
    let a = 1;
    if (palette) {
      const entry = palette[data[i]!] ?? [0, 0, 0];
      [r, g, b] = [entry[0]! / 255, entry[1]! / 255, entry[2]! / 255];
      if (entry.length > 3) a = entry[3]! / 255;
    } else if (channels >= 3) {
      r = data[i * channels]! / max;
      g = data[i * channels + 1]! / max;
      b = data[i * channels + 2]! / max;
      if (channels === 4) a = data[i * channels + 3]! / max;
    } else {
      r = g = b = data[i * channels]! / max;
      if (channels === 2) a = data[i * channels + 1]! / max;
    }
    // Transparent pixels count as white paper.
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    grey[i] = 255 * (lum * a + (1 - a));
  }
  // Area-average resize to size x size.
  const out = new Float32Array(size * size);
  for (let oy = 0; oy < size; oy++) {
    const y0 = (oy * height) / size;
    const y1 = ((oy + 1) * height) / size;
    for (let ox = 0; ox < size; ox++) {
      const x0 = (ox * width) / size;
      const x1 = ((ox + 1) * width) / size;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += grey[y * width + x]! * wx * wy;
          area += wx * wy;
        }
      }
      out[oy * size + ox] = sum / area;
    }
  }
  // Light border → light background → invert to light-on-dark.
  let border = 0;
  let count = 0;
  for (let i = 0; i < size; i++) {
    border += out[i]! + out[(size - 1) * size + i]! + out[i * size]! + out[i * size + size - 1]!;
    count += 4;
  }
  const inverted = border / count > 127;
  if (inverted) for (let i = 0; i < out.length; i++) out[i] = 255 - out[i]!;
  return { pixels: out, inverted, width, height };
}
