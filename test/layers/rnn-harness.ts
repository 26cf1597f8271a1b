/** Shared checks of a recurrent layer against the float64 reference (rnn-reference.ts). */
import { expect } from 'vitest';
import * as nn from 'neurite';
import { type Kind, type Mat, referenceRnn, type RefOptions } from './rnn-reference.js';

const toMat = (t: nn.Tensor): Mat => t.arraySync() as Mat;

/** Random inputs [batch, time, in] and a mask with padding at the end and one hole. */
export function sample(batch: number, time: number, inDim: number, seed: number) {
  const x = nn.randomNormal([batch, time, inDim], 0, 1, 'float32', seed);
  const mask = Array.from({ length: batch }, (_, b) =>
    Array.from({ length: time }, (_, t) => !(t >= time - b) && !(b === 1 && t === 1)),
  );
  return { x, mask };
}

/** The layer's output (and states) against the reference, for one option set. */
export function compareWithReference(
  kind: Kind,
  make: (o: { returnSequences?: boolean; goBackwards?: boolean; returnState: boolean }) => nn.Layer,
  units: number,
  opts: RefOptions,
): void {
  const { x, mask } = sample(3, 5, 4, 11);
  const layer = make({
    returnSequences: opts.returnSequences ?? false,
    goBackwards: opts.goBackwards ?? false,
    returnState: true,
  });
  const maskT = opts.mask ? nn.tensor(mask, undefined, 'bool') : null;
  const [y, ...states] = layer.apply([x], maskT ? { mask: maskT } : {}) as nn.Tensor[];
  // Weights perturbed away from the initializer's (non-zero biases), then rerun.
  const ws = layer
    .getWeights()
    .map((w, i) => nn.add(w, nn.randomUniform(w.shape, -0.3, 0.3, 'float32', 100 + i)));
  layer.setWeights(ws);
  const [y2, ...states2] = layer.apply([x], maskT ? { mask: maskT } : {}) as nn.Tensor[];
  expect(y!.shape).toEqual(y2!.shape);
  expect(states.length).toBe(states2.length);
  const [kernel, recurrent, bias] = ws.map(toMat);
  const ref = referenceRnn(
    kind,
    x.arraySync() as number[][][],
    { kernel: kernel!, recurrent: recurrent!, bias: bias ?? null },
    units,
    { ...opts, mask: opts.mask ? mask : null },
  );
  const got = [...y2!.dataSync()];
  const want = (ref.output as unknown[]).flat(2) as number[];
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(Math.abs(v - got[i]!)).toBeLessThan(2e-6));
  ref.states.forEach((s, k) => {
    const g = [...states2[k]!.dataSync()];
    s.flat().forEach((v, i) => expect(Math.abs(v - g[i]!)).toBeLessThan(2e-6));
  });
}

/** Every combination the acceptance asks for: sequences on/off, mask, goBackwards. */
export const OPTION_SETS: RefOptions[] = [false, true].flatMap((returnSequences) =>
  [false, true].flatMap((masked) =>
    [false, true].map((goBackwards) => ({
      returnSequences,
      goBackwards,
      mask: masked ? [] : null,
    })),
  ),
);

export const describeOpts = (o: RefOptions): string =>
  `returnSequences=${o.returnSequences} mask=${o.mask ? 'yes' : 'no'} goBackwards=${o.goBackwards}`;
