/**
 * The activation registry: string ids (Keras 3 names in camelCase, snake_case accepted)
 * mapped to ops. `nn.activations.get('relu')` returns the function; layers serialize an
 * activation by its `id`.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import * as ops from '../ops/index.js';

/** A named elementwise function usable as a layer's `activation`. */
export interface Activation {
  (x: Tensor): Tensor;
  /** The canonical id (camelCase), as `getConfig()` writes it. */
  readonly id: ActivationId;
}

export const ACTIVATION_IDS = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'logSoftmax',
  'softplus',
  'softsign',
  'elu',
  'selu',
  'gelu',
  'silu',
  'swish',
  'hardSilu',
  'mish',
  'exponential',
  'leakyRelu',
  'step',
] as const;
export type ActivationId = (typeof ACTIVATION_IDS)[number];

const FNS: { readonly [K in ActivationId]: (x: Tensor) => Tensor } = {
  linear: (x) => x,
  relu: ops.relu,
  relu6: ops.relu6,
  sigmoid: ops.sigmoid,
  hardSigmoid: ops.hardSigmoid,
  tanh: ops.tanh,
  softmax: (x) => ops.softmax(x, -1),
  logSoftmax: (x) => ops.logSoftmax(x, -1),
  softplus: ops.softplus,
  softsign: ops.softsign,
  elu: (x) => ops.elu(x, 1),
  selu: ops.selu,
  // Keras's activation is the exact (erf) form; the op's default is the tanh approximation.
  gelu: (x) => ops.gelu(x, false),
  silu: ops.silu,
  swish: ops.silu,
  hardSilu: ops.hardSilu,
  mish: ops.mish,
  exponential: ops.exp,
  // Keras's function default negative slope.
  leakyRelu: (x) => ops.leakyRelu(x, 0.2),
  step: (x) => ops.step(x, 0),
};

// Keras / TF.js spellings that mean the same activation.
const ALIASES: Readonly<Record<string, ActivationId>> = {
  hard_sigmoid: 'hardSigmoid',
  log_softmax: 'logSoftmax',
  hard_silu: 'hardSilu',
  hard_swish: 'hardSilu',
  hardSwish: 'hardSilu',
  leaky_relu: 'leakyRelu',
  heaviside: 'step',
  gelu_new: 'gelu',
};

const cache = new Map<ActivationId, Activation>();

function make(id: ActivationId): Activation {
  let a = cache.get(id);
  if (!a) {
    const fn = FNS[id];
    a = Object.assign((x: Tensor) => fn(x), { id });
    cache.set(id, a);
  }
  return a;
}

/** Resolves an id (or returns a given Activation). Unknown ids list the valid ones. */
export function get(identifier: string | Activation | null | undefined): Activation {
  if (identifier === null || identifier === undefined) return make('linear');
  if (typeof identifier === 'function') return identifier;
  if ((ACTIVATION_IDS as readonly string[]).includes(identifier))
    return make(identifier as ActivationId);
  const alias = ALIASES[identifier];
  if (alias) return make(alias);
  throw new ValueError(
    `unknown activation '${identifier}'; valid ids: ${ACTIVATION_IDS.join(', ')}`,
  );
}

/** The id of an activation, for configs. */
export function serialize(a: Activation): ActivationId {
  return a.id;
}
