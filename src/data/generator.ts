/** `nn.data.generator`: a dataset drawn from a generator function, sync or async. */
import { ValueError } from '../errors.js';
import { describeValue } from '../training/describe-value.js';
import { Dataset } from './dataset.js';

/**
 * What a generator function may return: an iterator or an iterable, sync or async.
 *
 * @example
 * const make = (): nn.data.ElementSource<number> => [1, 2, 3].values();
 * const ds = nn.data.generator(make);
 */
export type ElementSource<T> = Iterator<T> | AsyncIterator<T> | Iterable<T> | AsyncIterable<T>;

function hasMethod(x: object, key: PropertyKey): boolean {
  return typeof (x as Record<PropertyKey, unknown>)[key] === 'function';
}

/**
 * `source` as an async iterator: async iterables and iterators as they are, sync ones
 * wrapped. A sync iterator's values are awaited, so a generator may yield promises.
 */
export function asyncIteratorOf<T>(source: unknown, where: string): AsyncIterator<T> {
  if (source !== null && typeof source === 'object') {
    if (hasMethod(source, Symbol.asyncIterator))
      return (source as AsyncIterable<T>)[Symbol.asyncIterator]();
    if (hasMethod(source, Symbol.iterator)) {
      const it = (source as Iterable<T | Promise<T>>)[Symbol.iterator]();
      return fromSync(it);
    }
    if (hasMethod(source, 'next')) return fromSync(source as Iterator<T | Promise<T>>);
  }
  throw new ValueError(
    `${where}: expected an iterator or iterable (what a generator function returns), received ${describeValue(source)}`,
  );
}

async function* fromSync<T>(it: Iterator<T | Promise<T>>): AsyncGenerator<T, void, undefined> {
  let done = false;
  try {
    while (true) {
      const r = it.next();
      if (r.done) {
        done = true;
        return;
      }
      yield await r.value;
    }
  } finally {
    // Stopped early (take, a fit that ends): let the generator run its `finally` blocks.
    if (!done) it.return?.();
  }
}

/**
 * A dataset whose passes each call `fn` and iterate what it returns: a generator function
 * (`function*` or `async function*`), or any function returning an iterator or iterable.
 * The generator is run only as far as the consumer asks: `take(3)` pulls three elements.
 *
 * @example
 * const ds = nn.data.generator(async function* () {
 *   for (let i = 0; i < 1000; i++) yield { xs: nn.randomNormal([4]), ys: nn.scalar(i % 2) };
 * });
 */
export function generator<T>(
  fn: () => ElementSource<T> | Promise<ElementSource<T>>,
): Dataset<T> {
  if (typeof fn !== 'function') {
    throw new ValueError(
      `data.generator: expected a generator function such as function* () { yield 1; }, received ${describeValue(fn)}`,
    );
  }
  return new Dataset(async function* () {
    const source = await fn();
    yield* { [Symbol.asyncIterator]: () => asyncIteratorOf<T>(source, 'data.generator') };
  });
}
