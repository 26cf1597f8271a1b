/** `Dataset.skip`: all but the first `count` elements. */
import { disposeElement } from './elements.js';

/** The skipped elements are disposed; a negative `count` skips none (as tf.data does). */
export async function* skipElements<T>(
  source: AsyncIterable<T>,
  count: number,
): AsyncGenerator<T, void, undefined> {
  let n = 0;
  for await (const x of source) {
    if (n < count) {
      n++;
      disposeElement(x);
    } else {
      yield x;
    }
  }
}
