/**
 * TF.js's callback forms for `fit` and `fitDataset`. The core already takes Callback
 * objects and TF.js's objects of hooks (`{onEpochEnd(epoch, logs) {…}}`); this adds what
 * only TF.js has: the `onYield(epoch, batch, logs)` hook (called here after every batch;
 * TF.js calls it when it yields to the event loop) and `tf.CustomCallback`.
 */
import { Callback, type Logs } from '../callbacks/callback.js';
import { LambdaCallback, type LambdaCallbackArgs } from '../callbacks/lambda.js';
import type { CallbackLike, CallbacksArg } from '../training/callbacks-arg.js';

/** TF.js's `CustomCallbackArgs`: hook functions, any of them async. */
export interface CustomCallbackArgs extends LambdaCallbackArgs {
  /** Called after each batch with the epoch, the batch and its logs. */
  onYield?: (epoch: number, batch: number, logs: Logs) => void | Promise<void>;
}

/**
 * A callback from hook functions (TF.js `tf.CustomCallback`).
 * @example
 * const cb = new tf.CustomCallback({ onEpochEnd: async (epoch, logs) => console.log(epoch, logs) });
 */
export class CustomCallback extends LambdaCallback {
  constructor(args: CustomCallbackArgs) {
    super(withoutYield(args));
  }
}

/** What `callbacks` takes in neurite/tfjs: Callbacks or hook objects, one or a list. */
export type TfCallbacksArg =
  Callback | CustomCallbackArgs | readonly (Callback | CustomCallbackArgs)[];

function isPlainHooks(x: unknown): x is CustomCallbackArgs {
  return (
    x !== null &&
    typeof x === 'object' &&
    !(x instanceof Callback) &&
    !Array.isArray(x) &&
    typeof (x as CustomCallbackArgs).onYield === 'function'
  );
}

/** The hooks of `args` (bound to it) with `onYield` folded into `onEpochBegin` / `onBatchEnd`. */
function withoutYield(args: CustomCallbackArgs): LambdaCallbackArgs {
  const hooks: LambdaCallbackArgs = {
    onTrainBegin: args.onTrainBegin?.bind(args),
    onTrainEnd: args.onTrainEnd?.bind(args),
    onEpochBegin: args.onEpochBegin?.bind(args),
    onEpochEnd: args.onEpochEnd?.bind(args),
    onBatchBegin: args.onBatchBegin?.bind(args),
    onBatchEnd: args.onBatchEnd?.bind(args),
  };
  const onYield = args.onYield?.bind(args);
  if (!onYield) return hooks;
  let epoch = 0;
  const { onEpochBegin, onBatchEnd } = hooks;
  return {
    ...hooks,
    onEpochBegin: (e, logs) => {
      epoch = e;
      return onEpochBegin?.(e, logs);
    },
    onBatchEnd: async (batch, logs) => {
      await onBatchEnd?.(batch, logs);
      await onYield(epoch, batch, logs ?? {});
    },
  };
}

/**
 * The `callbacks` option in the core's form: hook objects that have `onYield` become
 * callbacks calling it; everything else passes through for the core to check.
 */
export function adaptCallbacks(value: TfCallbacksArg | undefined): CallbacksArg | undefined {
  if (value === undefined) return undefined;
  const one = (c: Callback | CustomCallbackArgs): CallbackLike =>
    isPlainHooks(c) ? new CustomCallback(c) : c;
  return Array.isArray(value)
    ? (value as readonly (Callback | CustomCallbackArgs)[]).map(one)
    : one(value as Callback | CustomCallbackArgs);
}
