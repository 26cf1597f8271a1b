/** `nn.data.func`: a dataset from a function returning `{value, done}` results. */
import { ValueError } from '../errors.js';
import { describeValue } from '../training/describe-value.js';
import { Dataset } from './dataset.js';

/**
 * A dataset whose elements come from calling `f` until it returns `{done: true}`; `f` may
 * return the result or a promise of it. Every pass calls the same `f`: keep its state in a
 * closure (a pass after the end sees `done` at once unless `f` starts over).
 *
 * @example
 * let i = -1;
 * const ds = nn.data.func(() => (++i < 5 ? { value: i, done: false } : { value: 0, done: true }));
 */
export function func<T>(
  f: () => IteratorResult<T> | Promise<IteratorResult<T>>,
): Dataset<T> {
  if (typeof f !== 'function') {
    throw new ValueError(
      `data.func: expected a function returning {value, done}, received ${describeValue(f)}`,
    );
  }
  return new Dataset(async function* () {
    for (let i = 0; ; i++) {
      const r: unknown = await f();
      if (r === null || typeof r !== 'object' || !('done' in r || 'value' in r)) {
        throw new ValueError(
          `data.func: call ${i + 1} of the function returned ${describeValue(r)}; it must return {value, done: false} for an element and {done: true} at the end`,
        );
      }
      const result = r as IteratorResult<T, unknown>;
      if (result.done) return;
      yield result.value;
    }
  });
}
