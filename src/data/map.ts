/** `Dataset.map` and `Dataset.mapAsync`: one element in, one element out. */
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { disposeDropped, disposeElement, tensorsIn } from './elements.js';

function isThenable(x: unknown): boolean {
  return (
    x !== null &&
    (typeof x === 'object' || typeof x === 'function') &&
    typeof (x as { then?: unknown }).then === 'function'
  );
}

/**
 * `f` runs inside a `tidy`, so the tensors it makes on the way are freed and only those of
 * its result survive; the input's tensors that the result does not pass on are disposed,
 * as TF.js does (the element was handed to the map, and nothing else will read it).
 */
export async function* mapElements<T, U>(
  source: AsyncIterable<T>,
  f: (value: T) => U,
): AsyncGenerator<U, void, undefined> {
  for await (const x of source) {
    let out: U | undefined;
    try {
      // Returning the result's tensors is what keeps them out of tidy's clean-up.
      tidy(() => {
        out = f(x);
        if (isThenable(out)) {
          throw new ValueError(
            'map: the function returned a Promise; use mapAsync for asynchronous functions',
          );
        }
        return [...tensorsIn(out)];
      });
    } catch (e) {
      disposeElement(x);
      throw e;
    }
    disposeDropped(x, out);
    yield out as U;
  }
}

/** As mapElements, for an async `f` (no tidy: its work spans several turns of the event loop). */
export async function* mapElementsAsync<T, U>(
  source: AsyncIterable<T>,
  f: (value: T) => Promise<U>,
): AsyncGenerator<U, void, undefined> {
  for await (const x of source) {
    let out: U;
    try {
      out = await f(x);
    } catch (e) {
      disposeElement(x);
      throw e;
    }
    disposeDropped(x, out);
    yield out;
  }
}
