/**
 * Activations as ONNX nodes: one entry per activation id (a new activation fails to compile
 * until it has one). Each writes its nodes on a tensor and returns the result's name; it
 * may use the opset (HardSwish from 14, Mish from 18, Gelu from 20, else the ops they are
 * made of). An entry that has no ONNX form at some opset throws {@link noOnnxForm}.
 */
import {
  type Activation,
  type ActivationId,
  get as getActivation,
} from '../../../activations/index.js';
import { SELU_ALPHA, SELU_SCALE } from '../../../backends/js/kernels/scalar-math.js';
import type { Layer } from '../../../layers/layer.js';
import { float, type GraphBuilder, noOnnxForm, type OnnxValue, physicalAxis } from './graph.js';

/** What an activation entry gets: the builder, the input tensor and how to name nodes. */
export interface ActivationCall {
  readonly g: GraphBuilder;
  /** The input tensor's name. */
  readonly x: string;
  /** Node names start with it (`dense_1/`). */
  readonly prefix: string;
  /** The name of the last node, when it is not `<prefix><OpType>` (an Activation layer's). */
  readonly last?: string;
  /** The physical axis that is Neurite's last (softmax's axis). */
  readonly lastAxis: number;
}

type ActivationExporter = (c: ActivationCall) => string;

const lastName = (c: ActivationCall, opType: string): string => c.last ?? `${c.prefix}${opType}`;

const unary =
  (
    opType: string,
    attrs: Readonly<Record<string, number | { float: number }>> = {},
  ): ActivationExporter =>
  (c) =>
    c.g.op(opType, [c.x], lastName(c, opType), attrs);

/** x·f(x), for the gated activations. */
const gated =
  (inner: ActivationExporter, name: string): ActivationExporter =>
  (c) =>
    c.g.op('Mul', [c.x, inner({ ...c, last: undefined })], lastName(c, name));

const hardSigmoid = unary('HardSigmoid', { alpha: float(1 / 6), beta: float(0.5) });

/**
 * GELU, x·Φ(x): exact, x·(1 + erf(x/√2))/2, or `approximate`, x·(1 + tanh(√(2/π)·(x +
 * 0.044715·x³)))/2. Gelu is an op from opset 20.
 */
export function exportGelu(c: ActivationCall, approximate: boolean): string {
  const { g, x, prefix } = c;
  const p = `${prefix}Gelu`;
  const last = lastName(c, 'Gelu');
  if (g.opset >= 20) return g.op('Gelu', [x], last, { approximate: approximate ? 'tanh' : 'none' });
  const k = (hint: string, value: number): string => g.floatConstant(`gelu/${hint}`, [], [value]);
  let inner: string;
  if (approximate) {
    const cube = g.op('Mul', [x, g.op('Mul', [x, x], `${p}/Square`)], `${p}/Cube`);
    const sum = g.op(
      'Add',
      [x, g.op('Mul', [cube, k('coefficient', 0.044715)], `${p}/MulCube`)],
      `${p}/AddCube`,
    );
    inner = g.op(
      'Tanh',
      [g.op('Mul', [sum, k('sqrt_2_over_pi', Math.sqrt(2 / Math.PI))], `${p}/Scale`)],
      `${p}/Tanh`,
    );
  } else {
    inner = g.op('Erf', [g.op('Mul', [x, k('rsqrt2', Math.SQRT1_2)], `${p}/Scale`)], `${p}/Erf`);
  }
  const onePlus = g.op('Add', [inner, k('one', 1)], `${p}/AddOne`);
  const half = g.op('Mul', [x, k('half', 0.5)], `${p}/Half`);
  return g.op('Mul', [half, onePlus], last);
}

/** Every activation id → its ONNX nodes. */
const TABLE = {
  linear: ({ x }) => x,
  relu: unary('Relu'),
  relu6: (c) => {
    const { g, x } = c;
    const range = [g.floatConstant('relu6/min', [], [0]), g.floatConstant('relu6/max', [], [6])];
    return g.op('Clip', [x, ...range], lastName(c, 'Clip'));
  },
  sigmoid: unary('Sigmoid'),
  hardSigmoid,
  tanh: unary('Tanh'),
  softmax: (c) => c.g.op('Softmax', [c.x], lastName(c, 'Softmax'), { axis: c.lastAxis }),
  logSoftmax: (c) => c.g.op('LogSoftmax', [c.x], lastName(c, 'LogSoftmax'), { axis: c.lastAxis }),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  elu: unary('Elu', { alpha: float(1) }),
  selu: unary('Selu', { alpha: float(SELU_ALPHA), gamma: float(SELU_SCALE) }),
  // Keras's exact form.
  gelu: (c) => exportGelu(c, false),
  silu: gated(unary('Sigmoid'), 'Silu'),
  swish: gated(unary('Sigmoid'), 'Swish'),
  hardSilu: (c) => (c.g.opset >= 14 ? unary('HardSwish')(c) : gated(hardSigmoid, 'HardSwish')(c)),
  mish: (c) => {
    if (c.g.opset >= 18) return unary('Mish')(c);
    const sp = c.g.op('Softplus', [c.x], `${c.prefix}Mish/Softplus`);
    return c.g.op('Mul', [c.x, c.g.op('Tanh', [sp], `${c.prefix}Mish/Tanh`)], lastName(c, 'Mish'));
  },
  exponential: unary('Exp'),
  leakyRelu: unary('LeakyRelu', { alpha: float(0.2) }),
  // 1 where x >= 0, else 0.
  step: (c) => {
    const { g, x, prefix } = c;
    const ge = g.op(
      'GreaterOrEqual',
      [x, g.floatConstant('step/zero', [], [0])],
      `${prefix}Step/GreaterOrEqual`,
    );
    return g.op('Cast', [ge], lastName(c, 'Step'), { to: 1 });
  },
} satisfies Record<ActivationId, ActivationExporter>;

function isBuiltIn(a: Activation): boolean {
  try {
    return getActivation(a.id) === a;
  } catch {
    return false;
  }
}

/**
 * Writes `activation` of `layer` on `v` (any layout: the result keeps it); nodes are named
 * `<layer>/<OpType>`, the last one `<layer>` with `nameAfterLayer` (an Activation layer).
 * @throws ModelIOError for a custom activation function (not one of Neurite's ids).
 */
export function exportActivation(
  g: GraphBuilder,
  activation: Activation,
  v: OnnxValue,
  layer: Layer,
  { nameAfterLayer = false }: { nameAfterLayer?: boolean } = {},
): OnnxValue {
  const owner = `${layer.className} '${layer.name}'`;
  if (!isBuiltIn(activation) || !Object.hasOwn(TABLE, activation.id)) {
    throw noOnnxForm(
      g,
      `${owner}: the custom activation function ${JSON.stringify(activation.id ?? activation.name)}`,
      `use one of Neurite's activation ids (${Object.keys(TABLE).join(', ')})`,
    );
  }
  const name = TABLE[activation.id]({
    g,
    x: v.name,
    prefix: `${layer.name}/`,
    last: nameAfterLayer ? layer.name : undefined,
    lastAxis: physicalAxis(v.perm, v.shape.length - 1),
  });
  return { name, shape: v.shape, perm: v.perm };
}

/** The activation ids the exporter writes. */
export const EXPORTED_ACTIVATIONS: readonly string[] = Object.keys(TABLE);
