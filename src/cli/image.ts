/**
 * Reading a user's PNG as a 28x28 grey image like the MNIST ones: decode, convert to grey,
 * crop nothing, resize by area averaging, and invert when the background is light (MNIST
 * digits are light on dark).
 */
import { decode } from 'fast-png';
import { Unzlib } from 'fflate';
import { CliError } from './errors.js';

/** Images wider or taller than this are refused before decoding. */
export const MAX_PNG_SIDE = 4096;
/** At most this many pixels (4096 x 4096 = 16 Mpixels, 256 MiB decoded at 16 bits RGBA). */
export const MAX_PNG_PIXELS = MAX_PNG_SIDE * MAX_PNG_SIDE;
/** PNG files larger than this are not read at all (a 4096x4096 image is far smaller). */
export const MAX_PNG_FILE_BYTES = 256 * 2 ** 20;

export interface GreyImage {
  /** 28·28 values in 0..255, row-major. */
  pixels: Float32Array;
  /** Whether the colours were inverted (light background). */
  inverted: boolean;
  width: number;
  height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel of each PNG colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

/**
 * The IHDR chunk of a PNG (its first 33 bytes), checked: a PNG signature, a sane header,
 * and at most MAX_PNG_SIDE x MAX_PNG_SIDE pixels. Reads nothing else.
 */
export function readPngHeader(bytes: Uint8Array, file: string): PngHeader {
  const what = `cannot read image '${file}'`;
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new CliError(
      `${what}: not a PNG file (it does not start with the PNG signature${bytes.length === 0 ? '; the file is empty' : ''})`,
    );
  }
  if (bytes.length < 33)
    throw new CliError(`${what}: the PNG is truncated (${bytes.length} bytes, no complete header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (view.getUint32(8) !== 13 || type !== 'IHDR')
    throw new CliError(`${what}: damaged PNG (the first chunk is '${type}', not the 13-byte IHDR)`);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24]!;
  const colorType = bytes[25]!;
  if (width === 0 || height === 0)
    throw new CliError(`${what}: the PNG header says ${width}x${height}: it has no pixels`);
  if (CHANNELS[colorType] === undefined || ![1, 2, 4, 8, 16].includes(bitDepth))
    throw new CliError(
      `${what}: damaged PNG (colour type ${colorType} with bit depth ${bitDepth} does not exist)`,
    );
  if (width > MAX_PNG_SIDE || height > MAX_PNG_SIDE || width * height > MAX_PNG_PIXELS) {
    throw new CliError(
      `${what}: ${width}x${height} pixels is too large; the limit is ${MAX_PNG_SIDE}x${MAX_PNG_SIDE} (scale it down first)`,
    );
  }
  return { width, height, bitDepth, colorType, interlaced: bytes[28] === 1 };
}

/**
 * Walks the chunks and inflates the image data in a counting pass that stops as soon as it
 * exceeds what the header's size needs, so that a truncated file gets a clear message and a
 * small file cannot expand into gigabytes (a "zip bomb") when it is decoded.
 */
function checkChunks(bytes: Uint8Array, header: PngHeader, file: string): void {
  const what = `cannot read image '${file}'`;
  const bitsPerPixel = CHANNELS[header.colorType]! * header.bitDepth;
  const rowBytes = 1 + Math.ceil((header.width * bitsPerPixel) / 8);
  // Interlacing adds at most a filter byte and a partial byte per row of each of 7 passes.
  const limit = rowBytes * header.height + 16 * header.height + 1024;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  const inflater = new Unzlib((chunk) => {
    total += chunk.length;
    if (total > limit) throw new RangeError('too much data');
  });
  let at = 8;
  let idat = 0;
  for (;;) {
    if (at + 8 > bytes.length) {
      throw new CliError(
        `${what}: the PNG is truncated (it ends at byte ${bytes.length} without the IEND chunk that closes a PNG)`,
      );
    }
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IEND') break;
    if (at + 12 + length > bytes.length) {
      throw new CliError(
        `${what}: the PNG is truncated (its '${type}' chunk at byte ${at} needs ${length} bytes, the file ends at ${bytes.length})`,
      );
    }
    if (type === 'IDAT') {
      idat++;
      try {
        inflater.push(bytes.subarray(at + 8, at + 8 + length));
      } catch (e) {
        throw inflateError(e, header, what);
      }
    }
    at += 12 + length;
  }
  if (idat === 0) throw new CliError(`${what}: damaged PNG (it has no image data, no IDAT chunk)`);
  try {
    inflater.push(new Uint8Array(0), true);
  } catch (e) {
    throw inflateError(e, header, what);
  }
}

function inflateError(e: unknown, header: PngHeader, what: string): CliError {
  if (e instanceof RangeError && e.message === 'too much data') {
    return new CliError(
      `${what}: damaged PNG (its data inflates to more than the ${header.width}x${header.height} pixels of its header)`,
    );
  }
  return new CliError(
    `${what}: damaged PNG (its image data does not inflate: ${e instanceof Error ? e.message : String(e)})`,
  );
}

export function pngToGrey28(bytes: Uint8Array, file: string, size = 28): GreyImage {
  const header = readPngHeader(bytes, file);
  checkChunks(bytes, header, file);
  let img: ReturnType<typeof decode>;
  try {
    img = decode(bytes);
  } catch (e) {
    throw new CliError(
      `cannot read image '${file}': truncated or damaged PNG (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (img.width !== header.width || img.height !== header.height || !img.data.length)
    throw new CliError(`cannot read image '${file}': truncated or damaged PNG (no image data)`);
  const { width, height, channels, depth } = img;
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
