/**
 * `Dataset.take`: the first `count` elements, pulling no more than that from upstream; a
 * negative `count` takes them all (as tf.data does).
 */
export async function* takeElements<T>(
  source: AsyncIterable<T>,
  count: number,
): AsyncGenerator<T, void, undefined> {
  if (count === 0) return; // without opening the source: take(0) reads nothing
  if (count < 0) {
    yield* source;
    return;
  }
  let n = 0;
  for await (const x of source) {
    yield x;
    // Stop before asking for the next one: a generator is run only as far as needed, and
    // leaving the loop closes it (its `finally` blocks run, a file being read is closed).
    if (++n >= count) return;
  }
}
