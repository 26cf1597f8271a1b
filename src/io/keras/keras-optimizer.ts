/**
 * Optimizer state as Keras 3 lays it out ⇄ Neurite's optimizer weights. Keras 3 keeps an
 * optimizer's variables in one list (`optimizer/vars/0..n` in a `.keras` file,
 * `optimizer_weights` in a `.h5` file Keras 3 writes): the step count (int64), the learning
 * rate (unless it is a schedule), then the slots, block by block as `build` creates them
 * (Adam: momentum and velocity interleaved per variable, then velocity_hat per variable
 * with amsgrad), then optimizer-wide scalars (Nadam's `u_product`). Neurite names the same
 * state `iter`, `mu_prod` and `<variable>/<slot>` (TF.js's slot names).
 */
import type { JsonObject } from '../types.js';
import { isObject, own } from '../json.js';

/** One block of slots: Keras's slot names and Neurite's, interleaved per variable. */
type Block = readonly (readonly [keras: string, neurite: string])[];

/** How one optimizer's state is laid out. */
export interface SlotPlan {
  /** Whether the learning rate is a variable (a number, not a schedule). */
  learningRate: boolean;
  blocks: readonly Block[];
  /** Optimizer-wide scalars after the slots: Keras's name and Neurite's. */
  trailing: readonly (readonly [keras: string, neurite: string])[];
}

/** What the plan depends on, from Keras's snake_case config or Neurite's camelCase one. */
function flag(config: JsonObject, snake: string, camel: string): unknown {
  return own(config, snake) ?? own(config, camel);
}

/**
 * The slot plan of an optimizer class with its config (Keras's `optimizer_config` or
 * Neurite's `getConfig()`), or null for one Keras does not have.
 */
export function slotPlan(className: string, config: JsonObject): SlotPlan | null {
  const lr = flag(config, 'learning_rate', 'learningRate');
  const learningRate = !isObject(lr);
  const momentum = Number(flag(config, 'momentum', 'momentum') ?? 0);
  const plan = (blocks: Block[], trailing: SlotPlan['trailing'] = []): SlotPlan => ({
    learningRate,
    blocks,
    trailing,
  });
  switch (className.toLowerCase()) {
    case 'sgd':
      return plan(momentum !== 0 ? [[['momentum', 'momentum']]] : []);
    case 'adagrad':
      return plan([[['accumulator', 'accumulator']]]);
    case 'rmsprop':
      return plan([
        [['velocity', 'rms']],
        ...(momentum > 0 ? [[['momentum', 'momentum']] as Block] : []),
        ...(flag(config, 'centered', 'centered') === true
          ? [[['average_gradient', 'mg']] as Block]
          : []),
      ]);
    case 'adam':
    case 'adamw':
      return plan([
        [
          ['momentum', 'm'],
          ['velocity', 'v'],
        ],
        ...(flag(config, 'amsgrad', 'amsgrad') === true
          ? [[['velocity_hat', 'vhat']] as Block]
          : []),
      ]);
    case 'adamax':
      return plan([
        [
          ['momentum', 'm'],
          ['norm', 'v'],
        ],
      ]);
    case 'adadelta':
      return plan([
        [
          ['accumulated_grad', 'accum_grad'],
          ['accumulated_delta_var', 'accum_var'],
        ],
      ]);
    case 'ftrl':
      return plan([
        [
          ['accumulator', 'accumulator'],
          ['linear', 'linear'],
        ],
      ]);
    case 'lion':
      return plan([[['momentum', 'm']]]);
    case 'nadam':
      return plan(
        [
          [
            ['momentum', 'm'],
            ['velocity', 'v'],
          ],
        ],
        [['u_product', 'mu_prod']],
      );
    default:
      return null;
  }
}

/** One entry of Keras's variable list: what it is in Neurite's terms. */
export type KerasOptimizerVar =
  | { kind: 'iter' }
  | { kind: 'learning_rate' }
  | { kind: 'slot'; variable: number; slot: string; kerasSlot: string }
  | { kind: 'scalar'; name: string; kerasName: string };

/** Keras's variable list for `trainable` trainable variables (in Keras's order). */
export function kerasOptimizerVars(plan: SlotPlan, trainable: number): KerasOptimizerVar[] {
  const out: KerasOptimizerVar[] = [{ kind: 'iter' }];
  if (plan.learningRate) out.push({ kind: 'learning_rate' });
  for (const block of plan.blocks) {
    for (let v = 0; v < trainable; v++) {
      for (const [kerasSlot, slot] of block)
        out.push({ kind: 'slot', variable: v, slot, kerasSlot });
    }
  }
  for (const [kerasName, name] of plan.trailing) out.push({ kind: 'scalar', name, kerasName });
  return out;
}

/** Neurite slot names by the names TF.js, tf.keras 2 and Keras 3's `.h5` files give slots. */
const SLOT_ALIASES: Readonly<Record<string, string>> = {
  momentum: 'momentum',
  velocity: 'v',
  velocity_hat: 'vhat',
  norm: 'v',
  average_gradient: 'mg',
  accumulated_grad: 'accum_grad',
  accumulated_delta_var: 'accum_var',
};

/**
 * The Neurite slot a legacy file's slot name means for this optimizer (`m`, `v`, `rms`,
 * Keras 3's `momentum` / `velocity`, …), or undefined.
 */
export function neuriteSlot(className: string, name: string): string | undefined {
  const c = className.toLowerCase();
  if (c === 'rmsprop' && (name === 'velocity' || name === 'rms')) return 'rms';
  if (
    (c === 'adam' || c === 'adamw' || c === 'adamax' || c === 'nadam' || c === 'lion') &&
    name === 'momentum'
  )
    return 'm';
  if (
    ['m', 'v', 'vhat', 'rms', 'mg', 'accumulator', 'linear', 'accum_grad', 'accum_var'].includes(
      name,
    )
  )
    return name;
  return Object.hasOwn(SLOT_ALIASES, name) ? SLOT_ALIASES[name] : undefined;
}
