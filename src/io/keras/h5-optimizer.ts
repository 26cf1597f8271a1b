/**
 * The `optimizer_weights` of a legacy `.h5` file as Neurite optimizer weights. Three
 * layouts exist: Keras 3 (`iteration`, `learning_rate`, then slots in Keras 3's order, see
 * keras-optimizer.ts), tf.keras 2 (`Adam/iter:0`, then `Adam/dense/kernel/m:0` … slot by
 * slot) and Keras 2.0–2.2 (`Adam/iterations:0`, then anonymous `training/Adam/Variable_N:0`
 * slot by slot, Adam's `vhat` as placeholders of shape [1] without amsgrad). A layout that
 * does not fit the model gives no state (a fresh optimizer, as Keras then warns).
 */
import { isObject, own } from '../json.js';
import type { JsonObject } from '../types.js';
import { type H5Dataset, type H5Group, listAttr, nodeAt } from './hdf5.js';
import { kerasOptimizerVars, neuriteSlot, slotPlan } from './keras-optimizer.js';
import { type FileWeight, floatValues, stepCount } from './keras-weights-common.js';

/** Keras 2's slot order per optimizer (what `get_updates` appends after the step count). */
const KERAS2_SLOTS: Readonly<Record<string, readonly string[]>> = {
  adam: ['m', 'v', 'vhat'],
  adamax: ['m', 'v'],
  nadam: ['m', 'v'],
  rmsprop: ['rms'],
  adagrad: ['accumulator'],
  adadelta: ['accum_grad', 'accum_var'],
  sgd: ['momentum'],
};

interface Target {
  name: string;
  shape: readonly number[];
}

const same = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Reads optimizer state, or [] when the layout is unknown or does not fit. */
export function readLegacyOptimizer(
  ow: H5Group,
  optimizerConfig: JsonObject,
  trainable: readonly Target[],
  where: string,
): FileWeight[] {
  const cls = own(optimizerConfig, 'class_name');
  const cfg = own(optimizerConfig, 'config');
  if (typeof cls !== 'string') return [];
  const names = listAttr(ow, 'weight_names');
  const datasets: { name: string; ds: H5Dataset }[] = [];
  for (const n of names) {
    const ds = nodeAt(ow, n);
    if (ds?.kind !== 'dataset') return [];
    datasets.push({ name: n, ds });
  }
  if (datasets.length === 0) return [];
  const iterAt = datasets.findIndex((d) => /(^|\/)iter(ation|ations)?(:0)?$/.test(d.name));
  const out: FileWeight[] = [];
  if (iterAt >= 0) {
    const d = datasets[iterAt]!;
    out.push({
      name: 'iter',
      shape: [],
      dtype: 'int32',
      values: stepCount(d.ds, where, `optimizer_weights/${d.name}`),
      group: 'optimizer',
    });
  }
  const rest = datasets.filter((_, i) => i !== iterAt);
  const slot = (d: { name: string; ds: H5Dataset }, v: Target, s: string): FileWeight | null =>
    same(d.ds.shape, v.shape)
      ? {
          name: `${v.name}/${s}`,
          shape: [...v.shape],
          dtype: 'float32',
          values: floatValues(d.ds, where, d.name),
          group: 'optimizer',
        }
      : null;
  // Keras 3: its own layout, by position.
  const plan = slotPlan(cls, isObject(cfg) ? cfg : {});
  if (plan && names[0] !== undefined && /(^|\/)iteration$/.test(names[0])) {
    const layout = kerasOptimizerVars(plan, trainable.length);
    if (layout.length !== datasets.length) return [];
    const slots: FileWeight[] = [];
    for (let i = 0; i < layout.length; i++) {
      const e = layout[i]!;
      if (e.kind === 'slot') {
        const w = slot(datasets[i]!, trainable[e.variable]!, e.slot);
        if (!w) return [];
        slots.push(w);
      } else if (e.kind === 'scalar') {
        slots.push({
          name: e.name,
          shape: [],
          dtype: 'float32',
          values: floatValues(datasets[i]!.ds, where, datasets[i]!.name),
          group: 'optimizer',
        });
      }
    }
    return [...out, ...slots];
  }
  // tf.keras 2: slot names in the paths, variables in order within each slot.
  const named = rest.map((d) => {
    const parts = d.name.replace(/:\d+$/, '').split('/');
    const s = parts.map((p) => neuriteSlot(cls, p)).find((x) => x !== undefined);
    return { d, s };
  });
  const slotted = named.filter((x) => x.s !== undefined && x.d.ds.shape.length > 0);
  if (slotted.length > 0) {
    const bySlot = new Map<string, { name: string; ds: H5Dataset }[]>();
    for (const x of slotted) bySlot.set(x.s!, [...(bySlot.get(x.s!) ?? []), x.d]);
    const slots: FileWeight[] = [];
    for (const [s, list] of bySlot) {
      if (list.length !== trainable.length) return [];
      for (let i = 0; i < list.length; i++) {
        const w = slot(list[i]!, trainable[i]!, s);
        if (!w) return [];
        slots.push(w);
      }
    }
    return [...out, ...slots];
  }
  // Keras 2.0–2.2: anonymous variables, slot by slot in the optimizer's order.
  const order = KERAS2_SLOTS[cls.toLowerCase()];
  const n = trainable.length;
  if (!order || n === 0 || rest.length % n !== 0) return [];
  const blocks = rest.length / n;
  const slots: FileWeight[] = [];
  for (let b = 0; b < blocks; b++) {
    const s = order[b];
    if (!s) return [];
    if (s === 'vhat' && (isObject(cfg) ? own(cfg, 'amsgrad') : false) !== true) continue;
    for (let i = 0; i < n; i++) {
      const w = slot(rest[b * n + i]!, trainable[i]!, s);
      if (!w) return [];
      slots.push(w);
    }
  }
  return [...out, ...slots];
}
