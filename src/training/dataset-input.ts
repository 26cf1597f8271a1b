/**
 * Batches from a dataset for fit/evaluate: which arguments are data sources (a Dataset, an
 * async or sync iterable, a generator function), how passes over them are opened, and how
 * each element — `{xs, ys}` or `[x, y]` (with an optional sample weight), already batched —
 * becomes the tensors of one step, checked against the model.
 */
import { Dataset, type DatasetSize } from '../data/dataset.js';
import { tensorsIn } from '../data/elements.js';
import { asyncIteratorOf, type ElementSource } from '../data/generator.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { modelInputs, modelTargets, numSamples } from './data.js';
import { describeValue } from './describe-value.js';

/**
 * The inputs (or targets) of a batch: one tensor, one per input, or keyed by input name.
 *
 * @example
 * const xs: nn.BatchTensors = { left: nn.zeros([8, 2]), right: nn.zeros([8, 3]) };
 */
export type BatchTensors = Tensor | readonly Tensor[] | Readonly<Record<string, Tensor>>;

/**
 * One element of a training dataset, already batched: `{xs, ys}` (TF.js) or `[x, y]`
 * (Keras), with an optional per-sample weight of shape `[batch]`.
 *
 * @example
 * const b: nn.TrainingBatch = { xs: nn.zeros([32, 4]), ys: nn.zeros([32], 'int32') };
 */
export type TrainingBatch =
  | { readonly xs: BatchTensors; readonly ys: BatchTensors; readonly sampleWeight?: Tensor }
  | readonly [BatchTensors, BatchTensors]
  | readonly [BatchTensors, BatchTensors, Tensor];

/**
 * What `fit` and `evaluate` take in place of tensors: a Dataset, an async or sync iterable
 * (a generator object), or a function returning one (a generator function).
 *
 * @example
 * const source: nn.BatchSource = function* () {
 *   for (let i = 0; i < 10; i++) yield [nn.randomNormal([8, 4]), nn.zeros([8, 1])] as const;
 * };
 * await model.fit(source, undefined, { epochs: 2 });
 */
export type BatchSource<E = TrainingBatch> =
  | Dataset<E>
  | AsyncIterable<E>
  | Iterable<E>
  | (() => ElementSource<E> | Promise<ElementSource<E>>);

/** One batch ready for a step, and the tensors to free after it. */
export interface StepBatch {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  /** The element's tensors, which the loop owns (Variables excepted). */
  owned: Tensor[];
  /** The caller's row (of the arrays given to fit or evaluate) of a row of this batch. */
  rowOf?: (row: number) => number;
}

function hasMethod(x: object, key: PropertyKey): boolean {
  return typeof (x as Record<PropertyKey, unknown>)[key] === 'function';
}

/** Whether `x` is a data source rather than tensors (arrays are tensors: one per input). */
export function isBatchSource(x: unknown): boolean {
  if (x instanceof Dataset || typeof x === 'function') return true;
  if (x === null || typeof x !== 'object' || Array.isArray(x) || x instanceof Tensor) return false;
  return (
    hasMethod(x, Symbol.asyncIterator) || hasMethod(x, Symbol.iterator) || hasMethod(x, 'next')
  );
}

/**
 * Passes over a source. A Dataset or a generator function starts over on each `open`; an
 * iterable is asked for a new iterator, which for a generator object is itself, so such
 * one-shot sources continue where the last pass stopped (and end once exhausted).
 */
export class SourcePasses {
  readonly size: DatasetSize;
  readonly #source: unknown;
  readonly #where: string;

  constructor(source: unknown, where: string) {
    this.#source = source;
    this.#where = where;
    this.size = source instanceof Dataset ? source.size : null;
  }

  async open(): Promise<AsyncIterator<unknown>> {
    const s = this.#source;
    if (s instanceof Dataset) return s[Symbol.asyncIterator]();
    if (typeof s === 'function') {
      const made: unknown = await (s as () => unknown)();
      return asyncIteratorOf(made, `${this.#where} (the generator function's result)`);
    }
    return asyncIteratorOf(s, this.#where);
  }
}

/**
 * The number of batches a pass will have when it is known, or a ValueError when the
 * source is infinite and no `steps` bounds it.
 */
export function passSteps(
  size: DatasetSize,
  steps: number | null,
  where: string,
  option: string,
): number | null {
  if (steps !== null) return steps;
  if (size === Infinity) {
    throw new ValueError(
      `${where}: the dataset is infinite (repeat() without a count), so an epoch would never end; give ${option}`,
    );
  }
  return size;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The names of a model's inputs, when it has named inputs (functional models). */
function inputNames(model: Model): string[] | null {
  if (!('inputs' in model) || !Array.isArray(model.inputs)) return null;
  const names = (model.inputs as unknown[]).map((t) => {
    const layer: unknown =
      t !== null && typeof t === 'object' && 'sourceLayer' in t ? t.sourceLayer : undefined;
    return layer !== null && typeof layer === 'object' && 'name' in layer ? String(layer.name) : '';
  });
  return names.every((n) => n !== '') ? names : null;
}

/** A record of tensors keyed by input/output name, in the model's order. */
function fromRecord(
  record: Record<string, unknown>,
  names: readonly string[] | null,
  arity: number | null,
  arg: 'xs' | 'ys',
  where: string,
): unknown[] {
  const keys = Object.keys(record);
  const what = arg === 'xs' ? 'input' : 'output';
  // One entry for one input: its name does not matter (a CSV label column is not named
  // after the output layer).
  if (keys.length === 1 && (arity === 1 || names?.length === 1)) return [record[keys[0]!]];
  if (names === null || keys.length !== names.length || !names.every((n) => keys.includes(n))) {
    const stack =
      arg === 'xs'
        ? '; to feed several columns to one input, stack them before batching: ds.map(({xs, ys}) => ({xs: Object.values(xs), ys: Object.values(ys)}))'
        : '';
    throw new ValueError(
      `${where}: '${arg}' is a record of ${keys.length} ${keys.length === 1 ? 'entry' : 'entries'} (${keys.join(', ')}) but the model has ${names ? `${plural(names.length, what)} (${names.join(', ')})` : `${plural(arity ?? 1, what)}`}; key the record by ${what} name${stack}`,
    );
  }
  return names.map((n) => record[n]);
}

function asTensors(model: Model, v: unknown, arg: 'xs' | 'ys', where: string): unknown {
  if (v instanceof Tensor) return v;
  if (Array.isArray(v)) {
    if ((v as unknown[]).some((e) => e instanceof Tensor)) return v;
    throw new ValueError(
      `${where}: '${arg}' is ${describeValue(v)}, not a batch of tensors; the elements given to training must be batches: call ds.batch(32) on the dataset (it stacks arrays and numbers into tensors)`,
    );
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const names = arg === 'xs' ? inputNames(model) : model.outputNames;
    const arity = arg === 'xs' ? model.inputArity : model.outputNames.length;
    return fromRecord(v as Record<string, unknown>, names, arity, arg, where);
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    throw new ValueError(
      `${where}: '${arg}' is ${describeValue(v)}, not a batch of tensors; the elements given to training must be batches: call ds.batch(32) on the dataset`,
    );
  }
  return v;
}

/**
 * The tensors of one element for a step, checked: one per input, one per output, a common
 * batch dimension. The element's tensors are handed to the caller (`owned`), who frees
 * them after the step; on an error they are freed here.
 */
export function stepBatchOf(
  model: Model,
  element: unknown,
  index: number,
  where: string,
): StepBatch {
  const owned = [...tensorsIn(element)].filter((t) => !(t instanceof Variable));
  const at = `${where} (batch ${index} of the data)`;
  try {
    let x: unknown;
    let y: unknown;
    let sw: unknown;
    if (Array.isArray(element) && (element.length === 2 || element.length === 3)) {
      [x, y, sw] = element as unknown[];
    } else if (
      element !== null &&
      typeof element === 'object' &&
      !Array.isArray(element) &&
      !(element instanceof Tensor) &&
      'xs' in element &&
      'ys' in element
    ) {
      const extra = Object.keys(element).filter(
        (k) => k !== 'xs' && k !== 'ys' && k !== 'sampleWeight',
      );
      if (extra.length > 0) {
        throw new ValueError(
          `${at}: the element has unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}; an element is {xs, ys} or {xs, ys, sampleWeight}`,
        );
      }
      ({ xs: x, ys: y, sampleWeight: sw } = element as Record<string, unknown>);
    } else {
      throw new ValueError(
        `${at}: each element must be {xs, ys} or [x, y] (or [x, y, sampleWeight]), batched; received ${describeValue(element)}`,
      );
    }
    const xs = modelInputs(model, asTensors(model, x, 'xs', at), at);
    const ys = modelTargets(model, asTensors(model, y, 'ys', at), at);
    if (sw !== undefined && sw !== null && !(sw instanceof Tensor)) {
      throw new ValueError(`${at}: sampleWeight must be a Tensor, received ${describeValue(sw)}`);
    }
    const weight = sw instanceof Tensor ? sw : null;
    if (weight && weight.rank !== 1) {
      throw new ShapeError(
        `${at}: sampleWeight must have shape [batch] (one weight per sample), received [${weight.shape.join(',')}]`,
      );
    }
    numSamples({ x: xs, y: ys, sampleWeight: weight ? [weight] : [] }, at);
    return { xs, ys, sw: weight, owned };
  } catch (e) {
    for (const t of owned) t.dispose();
    throw e;
  }
}
