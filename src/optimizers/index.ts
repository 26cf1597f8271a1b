/**
 * Optimizers (`nn.optimizers`): one factory per Keras 3 optimizer, each with Keras 3
 * defaults, plus `getOptimizer` to resolve a string id (`'adam'`), a saved
 * `{className, config}` or an instance. A new optimizer is its own file and one line in
 * OPTIMIZERS below.
 */
import { ValueError } from '../errors.js';
import { Adadelta, type AdadeltaArgs } from './adadelta.js';
import { Adagrad, type AdagradArgs } from './adagrad.js';
import { Adam, type AdamArgs } from './adam.js';
import { Adamax, type AdamaxArgs } from './adamax.js';
import { AdamW, type AdamWArgs } from './adamw.js';
import { showValue } from './check-args.js';
import { Ftrl, type FtrlArgs } from './ftrl.js';
import { Lion, type LionArgs } from './lion.js';
import { Nadam, type NadamArgs } from './nadam.js';
import { Optimizer, type Serialized } from './optimizer.js';
import { RMSprop, type RMSpropArgs } from './rmsprop.js';
import { getSchedule, type ScheduleConfig } from './schedules/index.js';
import { SGD, type SGDArgs } from './sgd.js';

export * from './optimizer.js';
export * from './sgd.js';
export * from './adagrad.js';
export * from './rmsprop.js';
export * from './adam.js';
export * from './adamw.js';
export * from './adamax.js';
export * from './nadam.js';
export * from './adadelta.js';
export * from './lion.js';
export * from './ftrl.js';
export * as schedules from './schedules/index.js';

/** SGD, with optional (Nesterov) momentum. Keras 3 defaults: lr 0.01, momentum 0. */
export const sgd = (args?: SGDArgs): SGD => new SGD(args);
/** Adagrad. Keras 3 defaults: lr 0.001, initialAccumulatorValue 0.1, epsilon 1e-7. */
export const adagrad = (args?: AdagradArgs): Adagrad => new Adagrad(args);
/** RMSprop. Keras 3 defaults: lr 0.001, rho 0.9, momentum 0, epsilon 1e-7. */
export const rmsprop = (args?: RMSpropArgs): RMSprop => new RMSprop(args);
/** Adam. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export const adam = (args?: AdamArgs): Adam => new Adam(args);
/** AdamW. Keras 3 defaults: as Adam, weightDecay 0.004. */
export const adamw = (args?: AdamWArgs): AdamW => new AdamW(args);
/** Adamax. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export const adamax = (args?: AdamaxArgs): Adamax => new Adamax(args);
/** Nadam. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export const nadam = (args?: NadamArgs): Nadam => new Nadam(args);
/** Adadelta. Keras 3 defaults: lr 0.001, rho 0.95, epsilon 1e-7. */
export const adadelta = (args?: AdadeltaArgs): Adadelta => new Adadelta(args);
/** Lion. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.99. */
export const lion = (args?: LionArgs): Lion => new Lion(args);
/** FTRL-Proximal. Keras 3 defaults: lr 0.001, learningRatePower -0.5, initialAccumulatorValue 0.1. */
export const ftrl = (args?: FtrlArgs): Ftrl => new Ftrl(args);

/** Id (the lower-cased Keras class name) → factory; every factory validates its config. */
const OPTIMIZERS: Readonly<Record<string, (args: never) => Optimizer>> = {
  sgd,
  adagrad,
  rmsprop,
  adam,
  adamw,
  adamax,
  nadam,
  adadelta,
  lion,
  ftrl,
};

/** The string ids `getOptimizer` accepts (any letter case). */
export const optimizerIds: readonly string[] = Object.keys(OPTIMIZERS);

function factoryFor(id: string, where: string): (args: never) => Optimizer {
  const key = id.toLowerCase();
  const f = Object.hasOwn(OPTIMIZERS, key) ? OPTIMIZERS[key] : undefined;
  if (!f) {
    throw new ValueError(
      `${where}: unknown optimizer '${id}'; expected one of ${optimizerIds.map((k) => `'${k}'`).join(', ')}`,
    );
  }
  return f;
}

/** Keras's snake_case keys whose camelCase is not the mechanical one. */
const RENAMED: Readonly<Record<string, string>> = {
  clipnorm: 'clipNorm',
  clipvalue: 'clipValue',
  global_clipnorm: 'globalClipNorm',
};

const camel = (k: string): string =>
  RENAMED[k] ?? k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Keras options Neurite does not implement, accepted (and dropped) at their neutral values. */
const NEUTRAL: Readonly<Record<string, (v: unknown) => boolean>> = {
  useEma: (v) => v === false || v === null || v === undefined,
  emaMomentum: () => true,
  emaOverwriteFrequency: () => true,
  lossScaleFactor: (v) => v === null || v === undefined,
  gradientAccumulationSteps: (v) => v === null || v === undefined || v === 1,
  isLegacyOptimizer: () => true,
  jitCompile: () => true,
  decay: (v) => v === 0 || v === null || v === undefined,
};

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function camelKeys(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [camel(k), v]));
}

/** Reads `{className, config}` or Keras's `{class_name, config}`. */
function readSerialized(
  x: Record<string, unknown>,
  where: string,
): [string, Record<string, unknown>] {
  const className = x.className ?? x.class_name;
  if (typeof className !== 'string') {
    throw new ValueError(
      `${where}: expected {className, config}, received an object without className`,
    );
  }
  const config = x.config ?? {};
  if (!isRecord(config)) {
    throw new ValueError(
      `${where}: config of '${className}' must be an object, received ${showValue(config)}`,
    );
  }
  return [className, config];
}

/** What `getOptimizer` (and `compile({optimizer})`) accepts. */
export type OptimizerIdentifier =
  | string
  | Optimizer
  | { className: string; config?: Readonly<Record<string, unknown>> }
  | { class_name: string; config?: Readonly<Record<string, unknown>> };

/**
 * Resolves what `compile({optimizer})` accepts: a string id (`'sgd'`, `'adam'`, `'rmsprop'`,
 * `'adagrad'`, `'adadelta'`, `'adamax'`, `'nadam'`, `'adamw'`, `'lion'`, `'ftrl'`, any
 * letter case, with **Keras 3** defaults), a serialized `{className, config}` (camelCase or
 * Keras's snake_case keys; a schedule may appear as the learningRate), or an Optimizer,
 * returned as is.
 *
 * @example
 * const opt = nn.optimizers.getOptimizer('adam');
 * const again = nn.optimizers.getOptimizer({ className: opt.className, config: opt.getConfig() });
 */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  const where = 'getOptimizer';
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') return factoryFor(identifier, where)(undefined as never);
  if (!isRecord(identifier)) {
    throw new ValueError(
      `${where}: expected a string id, {className, config} or an Optimizer, received ${showValue(identifier)}`,
    );
  }
  const [className, raw] = readSerialized(identifier, where);
  const factory = factoryFor(className, where);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(camelKeys(raw))) {
    const neutral = NEUTRAL[key];
    if (neutral && Object.hasOwn(NEUTRAL, key)) {
      if (!neutral(value)) {
        throw new ValueError(
          `${where}: ${className} option '${key}' = ${showValue(value)} is not supported by Neurite`,
        );
      }
      continue;
    }
    config[key] = value;
  }
  if (isRecord(config.learningRate)) {
    const [scheduleClass, scheduleConfig] = readSerialized(
      config.learningRate,
      `${where} (learningRate)`,
    );
    config.learningRate = getSchedule({
      className: scheduleClass,
      config: camelKeys(scheduleConfig) as ScheduleConfig,
    });
  }
  const optimizer = factory(config as never);
  const known = Object.keys(optimizer.getConfig());
  const unknown = Object.keys(config).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    optimizer.dispose();
    throw new ValueError(
      `${where}: unknown ${className} option(s) ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${known.join(', ')}`,
    );
  }
  return optimizer;
}

/** `{className, config}` of an optimizer: what `getOptimizer` rebuilds it from. */
export function serializeOptimizer(optimizer: Optimizer): Serialized {
  return { className: optimizer.className, config: optimizer.getConfig() };
}
