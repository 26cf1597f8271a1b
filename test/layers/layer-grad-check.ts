/**
 * Finite-difference check of a layer's gradients with respect to its input and every
 * trainable weight: analytic gradients from a GradientTape, numeric ones by perturbing one
 * element at a time (weights through `assign`) and re-running the layer.
 */
import * as nn from 'neurite';
import { uniformStream } from '../helpers/grad-check.js';

export interface LayerGradCheckArgs {
  eps?: number;
  atol?: number;
  rtol?: number;
  training?: boolean;
  /** Run before each forward pass (reseed dropout so every pass draws the same mask). */
  beforeEach?: () => void;
}

export function layerGradCheck(
  layer: nn.Layer,
  x: nn.Tensor,
  args: LayerGradCheckArgs = {},
): number {
  const { eps = 1e-2, atol = 2e-3, rtol = 1e-2, training = false, beforeEach } = args;
  const forward = (input: nn.Tensor): nn.Tensor => {
    beforeEach?.();
    return layer.apply(input, { training });
  };
  nn.tidy(() => {
    forward(x);
  }); // builds the weights
  const outSize = nn.tidy(() => forward(x).size);
  const next = uniformStream(7);
  const r = Float32Array.from({ length: outSize }, () => 2 * next() - 1);
  const loss = (input: nn.Tensor): nn.Tensor => {
    const y = forward(input);
    return nn.sum(nn.mul(y, nn.tensor(r, y.shape)));
  };
  const weights = layer.trainableWeights;
  const tape = new nn.GradientTape();
  tape.watch(x);
  const L = tape.record(() => loss(x));
  const grads = tape.gradient(L, [x, ...weights]);
  L.dispose();
  let worst = 0;
  const check = (
    analytic: Float32Array,
    base: Float32Array,
    at: (v: Float32Array) => number,
    what: string,
  ): void => {
    for (let j = 0; j < base.length; j++) {
      const p = base.slice();
      const xp = Math.fround(base[j]! + eps);
      const xm = Math.fround(base[j]! - eps);
      p[j] = xp;
      const lp = at(p);
      p[j] = xm;
      const lm = at(p);
      const num = (lp - lm) / (xp - xm);
      const err = Math.abs(num - analytic[j]!);
      worst = Math.max(worst, err);
      if (err > atol + rtol * Math.max(Math.abs(num), Math.abs(analytic[j]!))) {
        throw new Error(
          `${layer.className} gradient of ${what}[${j}]: autograd ${analytic[j]}, numeric ${num}`,
        );
      }
    }
  };
  const xBase = x.dataSync() as Float32Array;
  check(
    grads[0]!.dataSync() as Float32Array,
    xBase,
    (v) => nn.tidy(() => loss(nn.tensor(v, x.shape)).dataSync()[0]!),
    'input',
  );
  weights.forEach((w, i) => {
    const orig = w.dataSync() as Float32Array;
    check(
      grads[i + 1]!.dataSync() as Float32Array,
      orig,
      (v) =>
        nn.tidy(() => {
          w.assign(nn.tensor(v, w.shape));
          return loss(x).dataSync()[0]!;
        }),
      w.name,
    );
    nn.tidy(() => w.assign(nn.tensor(orig, w.shape)));
  });
  nn.dispose(grads);
  return worst;
}
