/** `Dataset.concatenate`: one dataset's elements, then another's. */
export async function* concatenateElements<T>(
  first: AsyncIterable<T>,
  second: AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  yield* first;
  yield* second;
}
