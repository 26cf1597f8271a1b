/**
 * The `callbacks` option of fit and evaluate. Besides our Callback objects it takes the
 * TF.js forms — a plain object of hooks (`{onEpochEnd(epoch, logs) {…}}`), alone or in an
 * array — because TF.js programs pass them; such an object runs as a LambdaCallback.
 */
import { Callback } from '../callbacks/callback.js';
import { LambdaCallback, type LambdaCallbackArgs } from '../callbacks/lambda.js';
import { ValueError } from '../errors.js';
import { describeValue } from './describe-value.js';

/** One callback: a Callback, or an object of hook functions (TF.js `CustomCallbackArgs`). */
export type CallbackLike = Callback | LambdaCallbackArgs;

/** What `callbacks` accepts: one callback or an array of them. */
export type CallbacksArg = CallbackLike | readonly CallbackLike[];

const HOOKS = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
] as const satisfies readonly (keyof LambdaCallbackArgs)[];

const EXPECTED =
  'an array of Callbacks (e.g. [nn.callbacks.earlyStopping()]) or of hook objects such as {onEpochEnd(epoch, logs) {…}}';

function toCallback(value: unknown, where: string, at: string): Callback {
  if (value instanceof Callback) return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValueError(
      `${where}: callbacks${at} must be a Callback or an object of hooks; expected ${EXPECTED}, received ${describeValue(value)}`,
    );
  }
  const record = value as Record<string, unknown>;
  const hooks: LambdaCallbackArgs = {};
  for (const hook of HOOKS) {
    const fn = record[hook];
    if (fn === undefined) continue;
    if (typeof fn !== 'function') {
      throw new ValueError(
        `${where}: callbacks${at}.${hook} must be a function, received ${describeValue(fn)}`,
      );
    }
    // The hook keeps its object as `this`, as a method call would.
    (hooks as Record<string, unknown>)[hook] = (fn as (...a: unknown[]) => unknown).bind(value);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // An instance of some other class: its own fields are state, not hooks; it must at least
    // have one hook method to be taken for a callback.
    if (Object.keys(hooks).length === 0) {
      throw new ValueError(
        `${where}: callbacks${at} must be a Callback or an object of hooks; expected ${EXPECTED}, received ${describeValue(value)}`,
      );
    }
    return new LambdaCallback(hooks);
  }
  // In a plain object, unknown keys are most likely typos (`onEpochEnds`) or TF.js hooks we
  // never call (`onYield`): running without them silently would hide the mistake.
  const unknown = Object.keys(record).filter((k) => !(HOOKS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ValueError(
      `${where}: callbacks${at} has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; a hook object may have ${HOOKS.join(', ')}`,
    );
  }
  return new LambdaCallback(hooks);
}

/** The callbacks as a list of Callback objects, or a ValueError saying what is wrong. */
export function normalizeCallbacks(value: unknown, where: string): Callback[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((c, i) => toCallback(c, where, `[${i}]`));
  return [toCallback(value, where, '')];
}
