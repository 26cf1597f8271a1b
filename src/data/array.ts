/** `nn.data.array`: a dataset over the items of an array. */
import { ValueError } from '../errors.js';
import { describeValue } from '../training/describe-value.js';
import { Dataset } from './dataset.js';
import { cloneElement } from './elements.js';
import { asyncIteratorOf } from './generator.js';

/** Array.isArray without its narrowing to `any[]`. */
function isList(x: unknown): boolean {
  return Array.isArray(x);
}

/**
 * A dataset of `items` (any values: tensors, `{xs, ys}` records, numbers, strings). The
 * array is copied, so later changes to it do not show. Each pass yields new handles on the
 * items' tensors (sharing their storage, copying nothing), so consumers that dispose what
 * they take — `batch`, `fitDataset` — leave your tensors intact for the next pass.
 *
 * @example
 * const ds = nn.data.array([{ xs: nn.tensor([1, 2]), ys: nn.scalar(0) }]);
 * ds.size; // 1
 */
export function array<T>(items: readonly T[]): Dataset<T> {
  if (!isList(items)) {
    throw new ValueError(
      `data.array: expected an array of elements such as [1, 2, 3] or [{xs, ys}, …], received ${describeValue(items)}`,
    );
  }
  const snapshot: T[] = items.slice();
  function* pass(): Generator<T, void, undefined> {
    for (const item of snapshot) yield cloneElement(item);
  }
  return new Dataset(() => asyncIteratorOf<T>(pass(), 'data.array'), snapshot.length);
}
