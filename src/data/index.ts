/**
 * `nn.data`: lazy, typed data pipelines (TF.js's `tf.data`). Sources: `array`, `generator`
 * (sync or async generator functions), `csv`, `func`, `zip`; operations on `Dataset`:
 * `map mapAsync filter batch shuffle take skip repeat prefetch concatenate`; consumers:
 * `for await`, `forEachAsync`, `toArray`, `iterator`, and `model.fitDataset`.
 *
 * @example
 * const ds = nn.data
 *   .generator(function* () { for (let i = 0; i < 256; i++) yield { xs: [i / 256], ys: i % 2 }; })
 *   .shuffle(256, 1)
 *   .batch(32);
 * await model.fitDataset(ds, { epochs: 5 });
 */
export { Dataset, type DatasetIterator, type DatasetSize } from './dataset.js';
export type { Batched, NumericArray } from './batch.js';
export { array } from './array.js';
export { generator, type ElementSource } from './generator.js';
export { func } from './func.js';
export { zip, type ElementOf, type Zipped } from './zip.js';
export {
  csv,
  CsvDataset,
  type ColumnConfig,
  type CsvConfig,
  type CsvDType,
  type CsvElement,
  type CsvLabeled,
  type CsvRecord,
  type CsvSource,
  type CsvValue,
  type NoCsvConfig,
} from './csv.js';
