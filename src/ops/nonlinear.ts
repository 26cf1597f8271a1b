/**
 * Activation functions as ops, with Keras 3's definitions (keras/src/activations/
 * activations.py and keras/src/backend/numpy/nn.py). The
 * activation registry (src/activations) maps string ids to these.
 */
import { SELU_ALPHA, SELU_SCALE } from '../backends/js/kernels/scalar-math.js';
import type { Tensor } from '../tensor/tensor.js';
import { type TensorLike } from './core.js';
import { activationGrad, add, greater, mul, sub, div } from './binary.js';
import { unary, exp, square, erf, abs, tanh as tanhOp } from './unary.js';
import { where } from './where.js';
import { cast } from './cast.js';
import { zerosLike } from './creation.js';

/**
 * max(x, 0).
 * @example
 * nn.relu(nn.tensor([-1, 2])); // [0, 2]
 */
export const relu = (x: TensorLike): Tensor =>
  unary('relu', x, (dy, x) => activationGrad('reluGrad', dy, x));
/**
 * min(max(x, 0), 6).
 * @example
 * nn.relu6(nn.tensor([-1, 3, 8])); // [0, 3, 6]
 */
export const relu6 = (x: TensorLike): Tensor =>
  unary('relu6', x, (dy, x) => activationGrad('relu6Grad', dy, x));
/**
 * x where x >= 0, else alpha·x (TF.js and Keras's function default alpha = 0.2).
 * @example
 * nn.leakyRelu(nn.tensor([-1, 2])); // [-0.2, 2]
 * nn.leakyRelu(nn.tensor([-1, 2]), 0.1); // [-0.1, 2]
 */
export const leakyRelu = (x: TensorLike, alpha = 0.2): Tensor =>
  unary('leakyRelu', x, (dy, x, _y, a) => mul(dy, where(greater(x, 0), 1, a)), 'float', alpha);
/**
 * x where x >= 0, else alpha·(eˣ − 1).
 * @example
 * nn.elu(nn.tensor([-1, 2])); // [-0.6321206, 2]
 */
export const elu = (x: TensorLike, alpha = 1): Tensor =>
  unary('elu', x, (dy, x, y, a) => where(greater(x, 0), dy, mul(dy, add(y, a))), 'float', alpha);
/**
 * scale·elu(x, alpha) with Keras's constants.
 * @example
 * nn.selu(nn.tensor([-1, 1])); // [-1.1113307, 1.050701]
 */
export const selu = (x: TensorLike): Tensor =>
  unary('selu', x, (dy, x, y) =>
    where(greater(x, 0), mul(dy, SELU_SCALE), mul(dy, add(y, SELU_SCALE * SELU_ALPHA))),
  );
/**
 * 1 / (1 + e^−x).
 * @example
 * nn.sigmoid(nn.tensor([0, 2])); // [0.5, 0.8807971]
 */
export const sigmoid = (x: TensorLike): Tensor =>
  unary('sigmoid', x, (dy, _x, y) => activationGrad('sigmoidGrad', dy, y));
/**
 * log(1 + eˣ), computed stably.
 * @example
 * nn.softplus(nn.tensor([0])); // [0.6931472]
 */
export const softplus = (x: TensorLike): Tensor =>
  unary('softplus', x, (dy, x) => mul(dy, sigmoid(x)));
/**
 * x / (1 + |x|).
 * @example
 * nn.softsign(nn.tensor([-3, 1])); // [-0.75, 0.5]
 */
export const softsign = (x: TensorLike): Tensor =>
  unary('softsign', x, (dy, x) => div(dy, square(add(abs(x), 1))));
/**
 * x·sigmoid(x), also called swish.
 * @example
 * nn.silu(nn.tensor([0, 1])); // [0, 0.7310586]
 */
export const silu = (x: TensorLike): Tensor =>
  unary('silu', x, (dy, x) => {
    const s = sigmoid(x);
    return mul(dy, mul(s, add(1, mul(x, sub(1, s)))));
  });
/**
 * x·Φ(x). `approximate` uses the tanh form; as Keras's `ops.gelu`, it is the default here.
 * @example
 * nn.gelu(nn.tensor([0, 1])); // tanh form: [0, 0.8411920]
 * nn.gelu(nn.tensor([0, 1]), false); // exact: [0, 0.8413447]
 */
export function gelu(x: TensorLike, approximate = true): Tensor {
  if (approximate) {
    const c = Math.sqrt(2 / Math.PI);
    return unary('geluTanh', x, (dy, x) => {
      const x2 = square(x);
      const t = tanhOp(mul(add(x, mul(mul(x2, x), 0.044715)), c));
      const dt = mul(sub(1, square(t)), mul(add(1, mul(x2, 3 * 0.044715)), c));
      return mul(dy, add(mul(add(t, 1), 0.5), mul(mul(x, dt), 0.5)));
    });
  }
  return unary('geluErf', x, (dy, x) => {
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return mul(dy, add(cdf, mul(x, pdf)));
  });
}
/**
 * The Heaviside step of the perceptron: 1 where x >= threshold, else 0. Its derivative is
 * 0 almost everywhere, so nothing learns through it by gradient descent.
 * @example
 * nn.step(nn.tensor([-0.5, 0, 2])); // [0, 1, 1]
 */
export const step = (x: TensorLike, threshold = 0): Tensor =>
  unary('step', x, (dy) => zerosLike(dy), 'float', threshold);
/**
 * Keras 3's hard sigmoid: clip(x/6 + 1/2, 0, 1).
 * @example
 * nn.hardSigmoid(nn.tensor([-4, 0, 4])); // [0, 0.5, 1]
 */
export const hardSigmoid = (x: TensorLike): Tensor =>
  unary('hardSigmoid', x, (dy, x) =>
    mul(dy, mul(cast(greater(mul(sub(3, abs(x)), 1), 0), 'float32'), 1 / 6)),
  );
/**
 * x·hardSigmoid(x).
 * @example
 * nn.hardSilu(nn.tensor([-4, 1, 4])); // [0, 0.6666667, 4]
 */
export const hardSilu = (x: TensorLike): Tensor => {
  const hs = hardSigmoid(x);
  return mul(x, hs);
};
/**
 * x·tanh(softplus(x)).
 * @example
 * nn.mish(nn.tensor([0, 1])); // [0, 0.8650984]
 */
export const mish = (x: TensorLike): Tensor =>
  unary('mish', x, (dy, x) => {
    const t = tanhOp(softplus(x));
    return mul(dy, add(t, mul(mul(x, sub(1, square(t))), sigmoid(x))));
  });
