/** `Dataset.repeat`: the dataset again and again, opened afresh each time. */

/**
 * `count` passes, or endless ones when it is undefined or negative (as in tf.data). A pass that yields nothing ends the
 * repetition: repeating an empty dataset forever would hang the consumer, not serve it.
 */
export async function* repeatElements<T>(
  source: AsyncIterable<T>,
  count: number | undefined,
): AsyncGenerator<T, void, undefined> {
  for (let pass = 0; count === undefined || count < 0 || pass < count; pass++) {
    let any = false;
    for await (const x of source) {
      any = true;
      yield x;
    }
    if (!any) return;
  }
}
