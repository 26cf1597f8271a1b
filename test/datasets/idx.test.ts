import { describe, expect, test } from 'vitest';
import { ValueError } from '../../src/errors.js';
import {
  gunzip,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  maybeGunzip,
  parseIdx,
  parseIdxSplit,
} from '../../src/datasets/idx.js';
import { gz, idxBytes, imagePixels, imagesIdx, labelsIdx } from './synthetic.js';

describe('parseIdx', () => {
  test('reads the dims and values of a good images file', () => {
    const bytes = imagesIdx(2, 4, 3);
    const { dims, data } = parseIdx(bytes, 'x.idx', IDX_IMAGES_MAGIC);
    expect(dims).toEqual([2, 4, 3]);
    expect(Array.from(data)).toEqual(Array.from(imagePixels(2, 4, 3)));
    // A view of the input, not a copy.
    expect(data.buffer).toBe(bytes.buffer);
    expect(data.byteOffset).toBe(16);
  });

  test('reads a good labels file, gzip-compressed', () => {
    const bytes = gunzip(gz(labelsIdx([7, 2, 1, 0])), 'y.gz');
    const { dims, data } = parseIdx(bytes, 'y.gz', IDX_LABELS_MAGIC);
    expect(dims).toEqual([4]);
    expect(Array.from(data)).toEqual([7, 2, 1, 0]);
  });

  test('wrong magic number names the file, expected and found', () => {
    const bytes = labelsIdx([1, 2]);
    expect(() => parseIdx(bytes, 'imgs.idx', IDX_IMAGES_MAGIC)).toThrow(ValueError);
    expect(() => parseIdx(bytes, 'imgs.idx', IDX_IMAGES_MAGIC)).toThrow(
      "IDX 'imgs.idx': expected magic number 0x00000803 (uint8 images, 3 dimensions), found 0x00000801",
    );
    const float = idxBytes(0x00000d01, [2], [0, 0]);
    expect(() => parseIdx(float, 'f.idx', IDX_LABELS_MAGIC)).toThrow(
      'expected magic number 0x00000801 (uint8 labels, 1 dimension), found 0x00000d01',
    );
  });

  test('short data says how many bytes were needed and found', () => {
    const bytes = imagesIdx(2, 4, 3).subarray(0, 16 + 20);
    expect(() => parseIdx(bytes, 'cut.idx', IDX_IMAGES_MAGIC)).toThrow(
      "IDX 'cut.idx': dimensions [2,4,3] need 24 data bytes, found 20 (the file is cut short)",
    );
  });

  test('trailing data is an error too', () => {
    const bytes = new Uint8Array([...labelsIdx([1, 2]), 9]);
    expect(() => parseIdx(bytes, 'long.idx', IDX_LABELS_MAGIC)).toThrow(
      'dimensions [2] need 2 data bytes, found 3 (trailing bytes)',
    );
  });

  test('a header cut short, or an empty file', () => {
    const bytes = imagesIdx(2, 4, 3).subarray(0, 10);
    expect(() => parseIdx(bytes, 'h.idx', IDX_IMAGES_MAGIC)).toThrow(
      "IDX 'h.idx': expected a 16-byte header (3 dimensions), found only 10 bytes",
    );
    expect(() => parseIdx(new Uint8Array(0), 'e.idx', IDX_LABELS_MAGIC)).toThrow(
      "IDX 'e.idx': expected a labels file with magic number 0x00000801, found only 0 bytes",
    );
  });
});

describe('parseIdxSplit', () => {
  const images = { bytes: imagesIdx(3, 4, 3), file: 'imgs' };

  test('pairs images and labels of the same count', () => {
    const split = parseIdxSplit(images, { bytes: labelsIdx([1, 2, 3]), file: 'lbls' }, [4, 3]);
    expect(split.images.dims).toEqual([3, 4, 3]);
    expect(Array.from(split.labels.data)).toEqual([1, 2, 3]);
  });

  test('count mismatch names both files and counts', () => {
    expect(() => parseIdxSplit(images, { bytes: labelsIdx([1, 2]), file: 'lbls' })).toThrow(
      "IDX: 'imgs' holds 3 images but 'lbls' holds 2 labels; expected the same count",
    );
  });

  test('image dims that do not match the expected shape', () => {
    expect(() =>
      parseIdxSplit(images, { bytes: labelsIdx([1, 2, 3]), file: 'lbls' }, [28, 28]),
    ).toThrow("IDX 'imgs': expected 28x28 images, found 4x3");
  });

  test('labels in the images slot fail on the magic number', () => {
    const labels = { bytes: labelsIdx([1, 2, 3]), file: 'lbls' };
    expect(() => parseIdxSplit(labels, images)).toThrow("IDX 'lbls': expected magic number");
  });
});

describe('gunzip', () => {
  test('round-trips node:zlib output', () => {
    const raw = imagesIdx(3, 5, 5);
    expect(Array.from(gunzip(gz(raw), 'a.gz'))).toEqual(Array.from(raw));
  });

  test('data that is not gzip names the file and the signature found', () => {
    expect(() => gunzip(imagesIdx(1, 2, 2), 'plain.gz')).toThrow(
      "gunzip 'plain.gz': not gzip data: expected the signature 1f 8b, found 00 00",
    );
    expect(() => gunzip(new Uint8Array(0), 'empty.gz')).toThrow('found an empty file');
  });

  test('a truncated gzip stream names the file', () => {
    const z = gz(imagesIdx(50, 28, 28));
    expect(() => gunzip(z.subarray(0, Math.floor(z.length / 2)), 'half.gz')).toThrow(
      /^gunzip 'half\.gz': damaged or truncated gzip data \(/,
    );
  });

  test('a damaged deflate stream names the file', () => {
    const z = gz(imagesIdx(50, 28, 28));
    z.fill(0xff, 10, 40); // clobber the first deflate block header
    expect(() => gunzip(z, 'bad.gz')).toThrow("gunzip 'bad.gz': damaged or truncated gzip data");
  });

  test('maybeGunzip passes uncompressed bytes through', () => {
    const raw = labelsIdx([1]);
    expect(maybeGunzip(raw, 'x')).toBe(raw);
    expect(Array.from(maybeGunzip(gz(raw), 'x'))).toEqual(Array.from(raw));
  });
});
