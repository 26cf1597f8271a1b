/**
 * Exporters of the activation layers with parameters (Keras's ReLU, ELU, GELU and Softmax
 * layers): elementwise, so they keep their input's layout; Softmax maps its axis into it.
 */
import type { ELU } from '../../../layers/elu.js';
import type { GELU } from '../../../layers/gelu.js';
import type { ReLU } from '../../../layers/relu.js';
import type { Softmax } from '../../../layers/softmax.js';
import { normAxis } from '../../../tensor/shape.js';
import { exportGelu } from './activations.js';
import { float, type OnnxValue, physicalAxis } from './graph.js';
import { type LayerCall, single } from './layer-call.js';

/**
 * ReLU(maxValue, negativeSlope, threshold): Relu, Clip or LeakyRelu when they say the
 * same; otherwise x where x ≥ threshold, else negativeSlope·(x − threshold), capped.
 */
export function exportReLU(c: LayerCall<ReLU>): OnnxValue[] {
  const { layer, g } = c;
  const input = c.inputs[0]!;
  const { maxValue, negativeSlope, threshold } = layer;
  const p = `${layer.name}/`;
  const k = (hint: string, v: number): string => g.floatConstant(`${p}${hint}`, [], [v]);
  let y: string;
  if (threshold === 0 && negativeSlope === 0) {
    if (maxValue === null) return single(c, g.op('Relu', [input.name], layer.name), input.perm);
    return single(
      c,
      g.op('Clip', [input.name, k('min', 0), k('max', maxValue)], layer.name),
      input.perm,
    );
  }
  const last = maxValue === null ? layer.name : `${p}Uncapped`;
  if (threshold === 0) {
    y = g.op('LeakyRelu', [input.name], last, { alpha: float(negativeSlope) });
  } else {
    const t = k('threshold', threshold);
    const above = g.op('GreaterOrEqual', [input.name, t], `${p}GreaterOrEqual`);
    const below = g.op(
      'Mul',
      [g.op('Sub', [input.name, t], `${p}Sub`), k('slope', negativeSlope)],
      `${p}Mul`,
    );
    y = g.op('Where', [above, input.name, below], last);
  }
  if (maxValue !== null) y = g.op('Min', [y, k('max', maxValue)], layer.name);
  return single(c, y, input.perm);
}

/** ELU(alpha): Elu. */
export function exportELU(c: LayerCall<ELU>): OnnxValue[] {
  const input = c.inputs[0]!;
  return single(
    c,
    c.g.op('Elu', [input.name], c.layer.name, { alpha: float(c.layer.alpha) }),
    input.perm,
  );
}

/** GELU(approximate): Gelu from opset 20, else its erf or tanh form. */
export function exportGELU(c: LayerCall<GELU>): OnnxValue[] {
  const input = c.inputs[0]!;
  const name = exportGelu(
    { g: c.g, x: input.name, prefix: `${c.layer.name}/`, last: c.layer.name, lastAxis: -1 },
    c.layer.approximate,
  );
  return single(c, name, input.perm);
}

/** Softmax(axis): Softmax on that axis, wherever the input's layout put it. */
export function exportSoftmax(c: LayerCall<Softmax>): OnnxValue[] {
  const input = c.inputs[0]!;
  const axis = normAxis(c.layer.axis, input.shape.length, `Softmax '${c.layer.name}'`);
  const y = c.g.op('Softmax', [input.name], c.layer.name, { axis: physicalAxis(input.perm, axis) });
  return single(c, y, input.perm);
}
