/** `Dataset.filter`: keeps the elements a predicate accepts. */
import { disposeElement } from './elements.js';

/** Rejected elements are disposed: they were handed over and nobody else will take them. */
export async function* filterElements<T>(
  source: AsyncIterable<T>,
  predicate: (value: T) => boolean,
): AsyncGenerator<T, void, undefined> {
  for await (const x of source) {
    let keep: boolean;
    try {
      keep = predicate(x);
    } catch (e) {
      disposeElement(x);
      throw e;
    }
    if (keep) yield x;
    else disposeElement(x);
  }
}
