/** `Dataset.prefetch`: asks upstream for elements ahead of the consumer. */
import { disposeElement } from './elements.js';

/**
 * Keeps up to `bufferSize` requests to upstream in flight, so that a slow source (a file, a
 * network stream, an async map) works while the consumer (a training step) does. Elements
 * fetched ahead but never taken, because iteration stopped early, are disposed.
 */
export async function* prefetchElements<T>(
  source: AsyncIterable<T>,
  bufferSize: number,
): AsyncGenerator<T, void, undefined> {
  const upstream = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  let finished = false;
  try {
    while (true) {
      // An async generator queues overlapping next() calls and answers them in order.
      while (!finished && queue.length < bufferSize) {
        const p = upstream.next();
        // Handled here so that a failure fetched ahead is not reported as unhandled before
        // its turn comes; awaiting it below still throws.
        p.catch(() => undefined);
        queue.push(p);
      }
      const r = await queue.shift()!;
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    for (const p of queue.splice(0)) {
      void p.then(
        (r) => (r.done ? undefined : disposeElement(r.value)),
        () => undefined,
      );
    }
    if (!finished) await upstream.return?.();
  }
}
