import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decode } from 'fast-png';
import 'neurite';
import { history, specToSVG, svgToPNG, writeFigure } from '../../src/plots/index.js';
import { roundGeometry } from '../../src/plots/render.js';
import { parseFigure } from './svg.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, read by hand (big-endian after the signature). */
function ihdr(png: Uint8Array): { width: number; height: number } {
  expect(Array.from(png.subarray(0, 8))).toEqual(SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(view.getUint32(8)).toBe(13);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const FIG = history({ loss: [1, 0.5, 0.25], val_loss: [1.2, 0.8, 0.7] });
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neurite-plots-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rendering', () => {
  test('PNG output is a PNG of the stated width, the height following the aspect ratio', async () => {
    const svg = parseFigure(await FIG.toSVG());
    const [w, h] = [Number(svg.attrs.width), Number(svg.attrs.height)];
    for (const width of [300, 1000]) {
      const png = await FIG.toPNG({ width });
      const size = ihdr(png);
      expect(size.width).toBe(width);
      expect(Math.abs(size.height - (h * width) / w)).toBeLessThanOrEqual(1);
      const img = decode(png);
      expect([img.width, img.height]).toEqual([size.width, size.height]);
      expect(Array.from(img.data.subarray(0, 3))).toEqual([255, 255, 255]); // white background
    }
  });

  test('does not depend on installed fonts', async () => {
    const png = await FIG.toPNG({ width: 200, loadSystemFonts: false });
    expect(ihdr(png).width).toBe(200);
  });

  test('writeFigure picks the format from the extension', async () => {
    const svg = await writeFigure(FIG, join(dir, 'a', 'h.svg'));
    expect(svg.format).toBe('svg');
    const text = await readFile(svg.path, 'utf8');
    expect(parseFigure(text).name).toBe('svg');
    expect(svg.bytes).toBe(Buffer.byteLength(text));
    const png = await writeFigure(FIG, join(dir, 'h.PNG'), { width: 320 });
    expect(png.format).toBe('png');
    expect(ihdr(new Uint8Array(await readFile(png.path))).width).toBe(320);
    const json = await writeFigure(FIG, join(dir, 'h.json'));
    expect(await readFile(json.path, 'utf8')).toBe(JSON.stringify(FIG.spec, null, 2) + '\n');
    await expect(writeFigure(FIG, join(dir, 'h.jpg'))).rejects.toThrow(
      /cannot tell the format of '.*h\.jpg' from its extension; use \.svg, \.png or \.json/,
    );
  });

  test('invalid specs and widths are reported', async () => {
    await expect(specToSVG({ mark: 'nope', data: { values: [] } } as never)).rejects.toThrow(
      /invalid Vega-Lite spec/,
    );
    await expect(svgToPNG('<svg/>', { width: 0 })).rejects.toThrow(
      /width must be an integer in \[1, 16384\], received 0/,
    );
  });

  test('roundGeometry rounds path data and transforms only', () => {
    expect(
      roundGeometry(
        '<path d="M0,292.5h7.500000000000002v-1e-7Z" transform="translate(170.99473,-0.001)" x="1.23456"/>',
      ),
    ).toBe('<path d="M0,292.5h7.5v0Z" transform="translate(170.99,0)" x="1.23456"/>');
  });
});
