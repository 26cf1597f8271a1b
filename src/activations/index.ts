/**
 * The activation registry: string ids (Keras 3 names in camelCase, snake_case accepted)
 * mapped to ops. `nn.activations.get('relu')` returns the function; layers serialize an
 * activation by its `id`. A new activation is one line in TABLE.
 */
import { toSnakeCase } from '../serialization/keys.js';
import { Registry } from '../serialization/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import * as ops from '../ops/index.js';

/** A named elementwise function usable as a layer's `activation`. */
export interface Activation {
  (x: Tensor): Tensor;
  /** The canonical id (camelCase), as `getConfig()` writes it. */
  readonly id: ActivationId;
}

/**
 * Every activation: its id → the function and any other names it answers to (Keras / TF.js
 * spellings that are not the id's snake_case). One line registers one activation.
 */
const TABLE = {
  linear: { fn: (x) => x },
  relu: { fn: ops.relu },
  relu6: { fn: ops.relu6 },
  sigmoid: { fn: ops.sigmoid },
  hardSigmoid: { fn: ops.hardSigmoid },
  tanh: { fn: ops.tanh },
  softmax: { fn: (x) => ops.softmax(x, -1) },
  logSoftmax: { fn: (x) => ops.logSoftmax(x, -1) },
  softplus: { fn: ops.softplus },
  softsign: { fn: ops.softsign },
  elu: { fn: (x) => ops.elu(x, 1) },
  selu: { fn: ops.selu },
  // Keras's activation is the exact (erf) form; the op's default is the tanh approximation.
  gelu: { fn: (x) => ops.gelu(x, false), aliases: ['gelu_new'] },
  silu: { fn: ops.silu },
  swish: { fn: ops.silu },
  hardSilu: { fn: ops.hardSilu, aliases: ['hardSwish'] },
  mish: { fn: ops.mish },
  exponential: { fn: ops.exp },
  // Keras's function default negative slope.
  leakyRelu: { fn: (x) => ops.leakyRelu(x, 0.2) },
  step: { fn: (x) => ops.step(x, 0), aliases: ['heaviside'] },
} satisfies Record<string, { fn: (x: Tensor) => Tensor; aliases?: readonly string[] }>;

/**
 * An activation id: `'relu'`, `'sigmoid'`, `'softmax'`, `'gelu'`, `'step'`, … (see {@link ACTIVATION_IDS}).
 */
export type ActivationId = keyof typeof TABLE;

/**
 * Every activation, looked up by id, Keras's snake_case name or alias, in any letter case.
 * @example
 * nn.activations.ACTIVATIONS.get('hard_sigmoid').id; // 'hardSigmoid'
 */
export const ACTIVATIONS = new Registry<Activation>({
  kind: 'activation',
  namespace: 'nn.activations',
  is: (x): x is Activation => typeof x === 'function',
  accepts: 'an activation id or function',
});

for (const [id, entry] of Object.entries(TABLE) as [ActivationId, (typeof TABLE)[ActivationId]][]) {
  const { fn } = entry;
  // One function object per id, so `get(a.id) === a` tells a built-in activation.
  const activation: Activation = Object.assign((x: Tensor) => fn(x), { id });
  ACTIVATIONS.register(() => activation, {
    // Keras names activations by their snake_case function name (`hard_sigmoid`).
    className: toSnakeCase(id),
    id,
    aliases: 'aliases' in entry ? entry.aliases : [],
  });
}

/**
 * The activation ids, in registry order.
 * @example
 * nn.activations.ACTIVATION_IDS.includes('step'); // true
 */
export const ACTIVATION_IDS: readonly ActivationId[] = ACTIVATIONS.ids().filter(
  (id): id is ActivationId => Object.hasOwn(TABLE, id),
);

/**
 * Resolves an id (`'relu'`, `'hard_sigmoid'`, …) or returns a given Activation; null or
 * undefined is linear. Unknown ids list the valid ones.
 * @throws ValueError for an unknown id (the message lists the valid ones).
 * @example
 * const relu = nn.activations.get('relu');
 * relu(nn.tensor([-1, 2])); // [0, 2]
 * nn.activations.get('hard_sigmoid').id; // 'hardSigmoid'
 */
export function get(identifier: string | Activation | null | undefined): Activation {
  return ACTIVATIONS.get(identifier ?? 'linear');
}

/**
 * The id of an activation, for configs.
 * @example
 * nn.activations.serialize(nn.activations.get('leaky_relu')); // 'leakyRelu'
 */
export function serialize(a: Activation): ActivationId {
  return a.id;
}
