/**
 * The activations page's numbers: an activation's values and its derivative by autograd
 * (nn.grad), on a grid of inputs. Every activation is evaluated on the rows [x, 0], and
 * the first output's gradient is taken with respect to the first input: for an elementwise
 * activation that is exactly f'(x); for a vector one (softmax) it is its first output for
 * the vector [x, 0] (which makes softmax the sigmoid).
 */
import * as nn from 'neurite';

/** An activation id of the library's registry. */
export type ActivationId = nn.activations.ActivationId;

/** The activations of nn.activations, in registry order. */
export const ACTIVATION_IDS: readonly ActivationId[] = nn.activations.ACTIVATION_IDS;

/** f and f' at each x. */
export interface Curves {
  y: Float32Array;
  dy: Float32Array;
}

/** f(x) and f'(x) (autograd) of activation `id` at each of `xs`. */
export function curves(id: ActivationId, xs: readonly number[]): Curves {
  const f = nn.activations.get(id);
  const n = xs.length;
  const y = new Float32Array(n);
  const dy = new Float32Array(n);
  nn.tidy(() => {
    const rows = new Float32Array(n * 2);
    xs.forEach((x, i) => (rows[i * 2] = x));
    const input = nn.tensor(rows, [n, 2]);
    const first = (t: nn.Tensor): nn.Tensor => nn.slice(f(t), [0, 0], [n, 1]);
    y.set(first(input).dataSync());
    const g = nn
      .grad((t) => nn.sum(first(t)))(input)
      .dataSync();
    for (let i = 0; i < n; i++) dy[i] = g[i * 2]!;
  });
  return { y, dy };
}

/**
 * Whether activation `id` acts on each number alone (relu, tanh…) rather than on a whole
 * vector (softmax): found by changing the second input and watching the first output.
 */
export function isElementwise(id: ActivationId): boolean {
  const f = nn.activations.get(id);
  let same = false;
  nn.tidy(() => {
    const out = f(
      nn.tensor([
        [0.7, 0],
        [0.7, 3],
      ]),
    ).dataSync();
    same = Math.abs(out[0]! - out[2]!) < 1e-6;
  });
  return same;
}

/** `count` evenly spaced inputs from `min` to `max`. */
export function grid(min: number, max: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}
