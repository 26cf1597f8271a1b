/** `Dataset.shuffle`: a buffer of elements drawn from at random, as tf.data does. */
import type { Random } from '../random/prng.js';
import { disposeElement } from './elements.js';

/**
 * Fills a buffer with the first `bufferSize` elements, then repeatedly yields a random one
 * and puts the next upstream element in its place; at the end the rest comes out in random
 * order. A buffer as large as the dataset gives a uniform shuffle; a smaller one only mixes
 * elements that are close, but holds no more than `bufferSize` of them. Elements still in
 * the buffer when iteration stops early are disposed.
 */
export async function* shuffleElements<T>(
  source: AsyncIterable<T>,
  bufferSize: number,
  rng: Random,
): AsyncGenerator<T, void, undefined> {
  const buffer: T[] = [];
  try {
    for await (const x of source) {
      if (buffer.length < bufferSize) {
        buffer.push(x);
        continue;
      }
      const i = rng.int(bufferSize);
      const out = buffer[i]!;
      buffer[i] = x;
      yield out;
    }
    while (buffer.length > 0) {
      const i = rng.int(buffer.length);
      const out = buffer[i]!;
      // Swap-remove: the order left in the buffer does not matter, only what is drawn.
      buffer[i] = buffer[buffer.length - 1]!;
      buffer.pop();
      yield out;
    }
  } finally {
    for (const x of buffer.splice(0)) disposeElement(x);
  }
}

/** A 32-bit seed from a string seed (FNV-1a), for TF.js programs that pass `'my-seed'`. */
export function seedOf(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
