import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

const x = nn.randomNormal([2, 4, 3], 0, 1, 'float32', 21);

/** The forward and (time-reversed) backward outputs from two plain layers with the same weights. */
function directions(bi: nn.layers.Bidirectional, input: nn.Tensor, mask?: nn.Tensor) {
  const f = nn.layers.lstm({
    units: 2,
    returnSequences: bi.returnSequences,
    zeroOutputForMask: bi.returnSequences,
  });
  const b = nn.layers.lstm({
    units: 2,
    returnSequences: bi.returnSequences,
    goBackwards: true,
    zeroOutputForMask: bi.returnSequences,
  });
  f.apply(input);
  b.apply(input);
  f.setWeights(bi.forwardLayer.getWeights());
  b.setWeights(bi.backwardLayer.getWeights());
  const opts = mask ? { mask } : {};
  const yf = f.apply(input, opts);
  let yb = b.apply(input, opts);
  if (bi.returnSequences) yb = nn.gather(yb, nn.tensor([3, 2, 1, 0], undefined, 'int32'), 1);
  return { yf, yb };
}

describe('bidirectional', () => {
  test('merge modes concat/sum/mul/ave/null against the two directions run separately', () => {
    for (const mergeMode of ['concat', 'sum', 'mul', 'ave', null] as const) {
      for (const returnSequences of [false, true]) {
        const bi = nn.layers.bidirectional({
          layer: nn.layers.lstm({ units: 2, returnSequences }),
          mergeMode,
        });
        const out = bi.apply([x]);
        const { yf, yb } = directions(bi, x);
        const want =
          mergeMode === 'concat'
            ? [nn.concat([yf, yb], -1)]
            : mergeMode === 'sum'
              ? [nn.add(yf, yb)]
              : mergeMode === 'mul'
                ? [nn.mul(yf, yb)]
                : mergeMode === 'ave'
                  ? [nn.div(nn.add(yf, yb), 2)]
                  : [yf, yb];
        const got = Array.isArray(out) ? out : [out];
        expect(got.length).toBe(want.length);
        got.forEach((g, i) => {
          const w = [...want[i]!.dataSync()];
          [...g.dataSync()].forEach((v, k) => expect(v).toBeCloseTo(w[k]!, 6));
        });
      }
    }
  });

  test('masked sequences: both directions skip padding and output zeros there', () => {
    const mask = nn.tensor(
      [
        [true, true, true, false],
        [true, false, false, false],
      ],
      undefined,
      'bool',
    );
    const bi = nn.layers.bidirectional({
      layer: nn.layers.lstm({ units: 2, returnSequences: true }),
    });
    const y = bi.apply(x, { mask });
    const { yf, yb } = directions(bi, x, mask);
    const want = [...nn.concat([yf, yb], -1).dataSync()];
    [...y.dataSync()].forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 6));
    expect((y.arraySync() as number[][][])[1]![2]!.map(Math.abs)).toEqual([0, 0, 0, 0]);
  });

  test('returnState, shapes, params, names, gradient check, round trip', () => {
    const inp = nn.input({ shape: [4, 3] });
    const bi = nn.layers.bidirectional({
      layer: nn.layers.gru({ units: 2, returnState: true, name: 'g' }),
    });
    const outs = bi.apply([inp]) as nn.SymbolicTensor[];
    expect(outs.map((o) => o.shape)).toEqual([
      [null, 4],
      [null, 2],
      [null, 2],
    ]);
    expect(bi.forwardLayer.name).toBe('forward_g');
    expect(bi.backwardLayer.name).toBe('backward_g');
    expect(bi.countParams()).toBe(2 * 3 * (2 * (3 + 2) + 2 * 2));
    layerGradCheck(
      nn.layers.bidirectional({ layer: nn.layers.simpleRNN({ units: 2, returnSequences: true }) }),
      nn.randomNormal([2, 3, 2], 0, 1, 'float32', 5),
    );
    const c = nn.layers.serialize(bi);
    expect(c.config.mergeMode).toBe('concat');
    expect((c.config.layer as { className: string }).className).toBe('GRU');
    const back = nn.layers.deserializeLayer(
      JSON.parse(JSON.stringify(c)) as nn.layers.SerializedLayer,
    );
    expect(back.getConfig()).toEqual(bi.getConfig());
  });

  test('clear errors', () => {
    expect(() => nn.layers.bidirectional({ layer: nn.layers.dense({ units: 2 }) })).toThrow(
      /Bidirectional: layer must be a recurrent layer \(simpleRNN, lstm, gru\), received Dense/,
    );
    expect(() =>
      nn.layers.bidirectional({ layer: nn.layers.lstm({ units: 2 }), mergeMode: 'max' as never }),
    ).toThrow(/mergeMode must be one of/);
    expect(() =>
      nn.layers.bidirectional({
        layer: nn.layers.lstm({ units: 2 }),
        backwardLayer: nn.layers.lstm({ units: 2 }),
      }),
    ).toThrow(/must have goBackwards true/);
  });
});
