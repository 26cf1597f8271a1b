import { expect, test, vi } from 'vitest';
import * as nn from 'neurite';
import { ENGINE } from '../../src/engine/engine.js';
import { describeEachBackend, gradCheck, smoothValues } from '../helpers/grad-check.js';
import { type Expected, expectTensor } from '../helpers/expect-close.js';

/** x[i][j][k] = 100i + 10j + k for shape [2,3,4]: every element names its position. */
const X = () =>
  nn.tensor(
    Array.from(
      { length: 24 },
      (_, n) => 100 * Math.floor(n / 12) + 10 * (Math.floor(n / 4) % 3) + (n % 4),
    ),
    [2, 3, 4],
  );
const code = (i: number, j: number, k: number) => 100 * i + 10 * j + k;
const grid = (d: number[], f: (...idx: number[]) => number): Expected => {
  const rec = (prefix: number[]): Expected =>
    prefix.length === d.length
      ? f(...prefix)
      : Array.from({ length: d[prefix.length]! }, (_, i) => rec([...prefix, i]));
  return rec([]);
};
type N = number;

describeEachBackend('transpose', () => {
  test('2-D default reverses the axes', () => {
    expectTensor(
      nn.transpose(
        nn.tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
    );
  });
  test('3-D permutations', () => {
    for (const perm of [
      [0, 2, 1],
      [2, 0, 1],
      [1, 0, 2],
      [2, 1, 0],
    ]) {
      const y = nn.transpose(X(), perm);
      const dims = perm.map((p) => [2, 3, 4][p]!);
      const want = grid(dims, (...o: N[]) => {
        const idx = [0, 0, 0];
        perm.forEach((p, a) => (idx[p] = o[a]!));
        return code(idx[0]!, idx[1]!, idx[2]!);
      });
      expectTensor(y, want);
    }
    expect(X().transpose().shape).toEqual([4, 3, 2]);
  });
  test('keeps int32 and bool', () => {
    expectTensor(nn.transpose(nn.tensor([[1, 2]], undefined, 'int32')), [[1], [2]], {
      dtype: 'int32',
    });
    expectTensor(nn.transpose(nn.tensor([[true, false]])), [[true], [false]], { dtype: 'bool' });
  });
  test('a bad permutation is refused', () => {
    expect(() => nn.transpose(X(), [0, 1])).toThrow(nn.ValueError);
    expect(() => nn.transpose(X(), [0, 1, 1])).toThrow(
      'transpose: perm [0,1,1] is not a permutation of the 3 axes of [2,3,4]',
    );
  });
  test('gradient', () => {
    gradCheck((x) => nn.transpose(x, [1, 2, 0]), [smoothValues([2, 3, 4], { seed: 71 })]);
    gradCheck((x) => nn.transpose(x), [smoothValues([3, 2], { seed: 72 })]);
  });
});

describeEachBackend('slice', () => {
  test('begin and size, -1 meaning to the end, negative begin', () => {
    const y = nn.slice(X(), [1, 1, 0], [1, 2, -1]);
    expectTensor(
      y,
      grid([1, 2, 4], (i, j, k) => code(i + 1, j + 1, k)),
    );
    expectTensor(nn.slice(nn.tensor([1, 2, 3, 4, 5]), 1, 3), [2, 3, 4]);
    expectTensor(nn.slice(nn.tensor([1, 2, 3, 4, 5]), [-2]), [4, 5]);
    expectTensor(
      nn
        .tensor([
          [1, 2],
          [3, 4],
        ])
        .slice([1]),
      [[3, 4]],
    );
    expectTensor(nn.slice(X(), [0, 2, 3], [2, 1, 1]), [[[23]], [[123]]]);
    expect(nn.slice(X(), [0, 0, 4], [2, 3, 0]).shape).toEqual([2, 3, 0]);
  });
  test('out-of-range boxes name the op, the arguments and the shape', () => {
    expect(() => nn.slice(X(), [0, 2, 0], [1, 2, 1])).toThrow(nn.ShapeError);
    expect(() => nn.slice(X(), [0, 2, 0], [1, 2, 1])).toThrow(
      'slice: begin [0,2,0] and size [1,2,1] do not fit inside [2,3,4] (axis 1)',
    );
    expect(() => nn.slice(nn.tensor([1, 2, 3]), [0, 0], [1, 1])).toThrow(
      /slice: .*more entries than the rank of \[3\]/,
    );
    expect(() => nn.slice(nn.tensor([1, 2, 3]), [-4])).toThrow(nn.ShapeError);
  });
  test('gradient pads dy back into place', () => {
    gradCheck((x) => nn.slice(x, [0, 1, 1], [2, 2, 2]), [smoothValues([2, 3, 4], { seed: 73 })]);
    const g = nn.grad((x) => nn.sum(nn.slice(x, [1], [2])))(nn.zeros([4]));
    expectTensor(g, [0, 1, 1, 0]);
  });
});

describeEachBackend('concat, stack, unstack, split', () => {
  const a = () =>
    nn.tensor([
      [1, 2],
      [3, 4],
    ]);
  const b = () => nn.tensor([[5, 6]]);
  test('concat along axes 0, 1 and -1', () => {
    expectTensor(nn.concat([a(), b()]), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectTensor(nn.concat([a(), nn.tensor([[7], [8]])], 1), [
      [1, 2, 7],
      [3, 4, 8],
    ]);
    expectTensor(nn.concat([a(), a()], -1), [
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
    expectTensor(nn.concat([nn.tensor([1]), nn.tensor([2, 3]), nn.tensor([4])]), [1, 2, 3, 4]);
    expectTensor(nn.concat([X(), X()], 1).slice([1, 3, 0], [1, 1, 4]), [[[100, 101, 102, 103]]]);
    expectTensor(
      nn.concat([nn.tensor([1], undefined, 'int32'), nn.tensor([2], undefined, 'int32')]),
      [1, 2],
      { dtype: 'int32' },
    );
  });
  test('concat errors', () => {
    expect(() => nn.concat([a(), nn.tensor([[1, 2, 3]])])).toThrow(nn.ShapeError);
    expect(() => nn.concat([a(), nn.tensor([[1, 2, 3]])])).toThrow(
      'concat: tensor 1 has shape [1,3], incompatible with [2,2] along axis 0',
    );
    expect(() => nn.concat([a(), nn.zeros([2])])).toThrow(/concat: tensor 1 has shape \[2\]/);
    expect(() => nn.concat([a(), nn.tensor([[1, 2]], undefined, 'int32')])).toThrow(nn.DTypeError);
    expect(() => nn.concat([])).toThrow(/concat: expected a non-empty array/);
    expect(() => nn.concat([a(), a()], 2)).toThrow(/concat: axis 2 is out of range/);
  });
  test('stack along a new axis', () => {
    const p = nn.tensor([1, 2, 3]);
    const q = nn.tensor([4, 5, 6]);
    expectTensor(nn.stack([p, q]), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectTensor(nn.stack([p, q], 1), [
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expectTensor(nn.stack([p, q], -1), [
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expectTensor(nn.stack([nn.scalar(1), nn.scalar(2)]), [1, 2]);
    expect(() => nn.stack([p, nn.tensor([1, 2])])).toThrow(
      'stack: tensor 1 has shape [2], tensor 0 has [3]',
    );
  });
  test('unstack is the inverse of stack', () => {
    const parts = nn.unstack(
      nn.tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      1,
    );
    expect(parts.length).toBe(2);
    expectTensor(parts[0]!, [1, 3, 5]);
    expectTensor(parts[1]!, [2, 4, 6]);
  });
  test('split into equal parts or given sizes (one may be -1)', () => {
    const t = nn.tensor([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    const [p, q, r] = nn.split(t, 3, 1);
    expectTensor(p!, [
      [1, 2],
      [7, 8],
    ]);
    expectTensor(q!, [
      [3, 4],
      [9, 10],
    ]);
    expectTensor(r!, [
      [5, 6],
      [11, 12],
    ]);
    const [u, v] = t.split([1, -1], 1);
    expectTensor(u!, [[1], [7]]);
    expectTensor(v!, [
      [2, 3, 4, 5, 6],
      [8, 9, 10, 11, 12],
    ]);
    const rows = nn.split(t, 2);
    expectTensor(rows[1]!, [[7, 8, 9, 10, 11, 12]]);
    expect(() => nn.split(t, 4, 1)).toThrow(
      'split: axis 1 of [2,6] (size 6) cannot be split into 4 equal parts',
    );
    expect(() => nn.split(t, [2, 2], 1)).toThrow(
      'split: sizes [2,2] do not add up to 6 (axis 1 of [2,6])',
    );
  });
  test('gradients through concat, stack and split', () => {
    gradCheck(
      (p, q) => nn.concat([p, q], 1),
      [smoothValues([2, 3], { seed: 74 }), smoothValues([2, 2], { seed: 75 })],
    );
    gradCheck(
      (p, q) => nn.concat([p, q, p], 0),
      [smoothValues([1, 3], { seed: 76 }), smoothValues([2, 3], { seed: 77 })],
    );
    gradCheck(
      (p, q) => nn.stack([p, q], 1),
      [smoothValues([2, 3], { seed: 78 }), smoothValues([2, 3], { seed: 79 })],
    );
    gradCheck(
      (x) => {
        const [s0, s1] = nn.split(x, [1, 3], 1);
        return nn.mul(nn.sum(s0!, 1, true), s1!);
      },
      [smoothValues([2, 4], { seed: 80 })],
    );
    gradCheck((x) => nn.unstack(x, 1)[2]!, [smoothValues([2, 3], { seed: 81 })]);
  });
});

describeEachBackend('pad and tile', () => {
  test('pad with zeros or a constant', () => {
    expectTensor(
      nn.pad(
        nn.tensor([
          [1, 2],
          [3, 4],
        ]),
        [
          [1, 0],
          [0, 2],
        ],
      ),
      [
        [0, 0, 0, 0],
        [1, 2, 0, 0],
        [3, 4, 0, 0],
      ],
    );
    expectTensor(nn.pad(nn.tensor([1, 2]), [[2, 1]], -1), [-1, -1, 1, 2, -1]);
    expectTensor(nn.tensor([5]).pad([[0, 0]]), [5]);
    expectTensor(nn.pad(nn.tensor([1], undefined, 'int32'), [[1, 1]], 7), [7, 1, 7], {
      dtype: 'int32',
    });
  });
  test('pad errors', () => {
    expect(() =>
      nn.pad(nn.tensor([1]), [
        [1, 1],
        [1, 1],
      ]),
    ).toThrow(nn.ShapeError);
    expect(() => nn.pad(nn.tensor([1]), [[-1, 1]])).toThrow(
      /pad: expected 1 pairs of non-negative integers for shape \[1\]/,
    );
  });
  test('tile repeats along each axis', () => {
    expectTensor(
      nn.tile(
        nn.tensor([
          [1, 2],
          [3, 4],
        ]),
        [2, 3],
      ),
      [
        [1, 2, 1, 2, 1, 2],
        [3, 4, 3, 4, 3, 4],
        [1, 2, 1, 2, 1, 2],
        [3, 4, 3, 4, 3, 4],
      ],
    );
    expectTensor(nn.tensor([1, 2]).tile([2]), [1, 2, 1, 2]);
    expect(nn.tile(nn.tensor([1, 2]), [0]).shape).toEqual([0]);
    expect(() => nn.tile(nn.tensor([1, 2]), [2, 2])).toThrow(
      'tile: reps [2,2] must hold 1 non-negative integers for [2]',
    );
  });
  test('broadcastTo', () => {
    expectTensor(nn.broadcastTo(nn.tensor([1, 2]), [2, 2]), [
      [1, 2],
      [1, 2],
    ]);
    expectTensor(nn.tensor([[1], [2]]).broadcastTo([2, 3]), [
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(() => nn.broadcastTo(nn.tensor([1, 2]), [3])).toThrow(nn.ShapeError);
    expect(() => nn.broadcastTo(nn.zeros([2, 1]), [1, 3])).toThrow(
      /broadcastTo: cannot broadcast \[2,1\] to \[1,3\]/,
    );
  });
  test('gradients', () => {
    gradCheck(
      (x) =>
        nn.pad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          3,
        ),
      [smoothValues([2, 3], { seed: 82 })],
    );
    gradCheck((x) => nn.tile(x, [2, 1, 3]), [smoothValues([2, 3, 2], { seed: 83 })]);
    gradCheck((x) => nn.broadcastTo(x, [2, 3, 2]), [smoothValues([3, 1], { seed: 84 })]);
  });
});

describeEachBackend('gather and oneHot', () => {
  test('gather rows with 1-D indices, repeats allowed', () => {
    const x = nn.tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expectTensor(nn.gather(x, nn.tensor([2, 0, 2], undefined, 'int32')), [
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expectTensor(nn.gather(x, [1]), [[3, 4]]);
    expectTensor(x.gather([0, 0]), [
      [1, 2],
      [1, 2],
    ]);
  });
  test('gather with a scalar index drops the axis', () => {
    expectTensor(
      nn.gather(
        nn.tensor([
          [1, 2],
          [3, 4],
        ]),
        1,
      ),
      [3, 4],
    );
    expectTensor(
      nn.gather(
        nn.tensor([
          [1, 2],
          [3, 4],
        ]),
        nn.scalar(0, 'int32'),
        1,
      ),
      [1, 3],
    );
  });
  test('gather with multi-dimensional indices and axis != 0', () => {
    // out[i][a][b][k] = x[i][idx[a][b]][k] for axis 1 of [2,3,4] and idx [2,2]
    const idx = [
      [2, 0],
      [1, 1],
    ];
    const y = nn.gather(X(), idx, 1);
    expect(y.shape).toEqual([2, 2, 2, 4]);
    expectTensor(
      y,
      grid([2, 2, 2, 4], (i, a, b, k) => code(i, idx[a]![b]!, k)),
    );
    const z = nn.gather(X(), nn.tensor([[3], [0]], undefined, 'int32'), 2);
    expect(z.shape).toEqual([2, 3, 2, 1]);
    expectTensor(
      z,
      grid([2, 3, 2, 1], (i, j, a) => code(i, j, a === 0 ? 3 : 0)),
    );
    expectTensor(nn.gather(X(), [1, 0], -3).slice([0, 0, 0], [2, 1, 1]), [[[100]], [[0]]]);
  });
  test('gather keeps int32 and bool data', () => {
    expectTensor(nn.gather(nn.tensor([7, 8, 9], undefined, 'int32'), [2]), [9], { dtype: 'int32' });
    expectTensor(nn.gather(nn.tensor([true, false]), [1, 0]), [false, true], { dtype: 'bool' });
  });
  test('gather errors', () => {
    const x = nn.tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(() => nn.gather(x, [2])).toThrow(nn.ValueError);
    expect(() => nn.gather(x, [2])).toThrow(
      'gather: index 2 at position 0 is out of range for axis 0 of [2,2] (valid: 0..1)',
    );
    expect(() => nn.gather(x, [0, -1], 1)).toThrow(/gather: index -1 at position 1/);
    expect(() => nn.gather(x, nn.tensor([0]))).toThrow(nn.DTypeError);
    expect(() => nn.gather(x, nn.tensor([0]))).toThrow(
      'gather: indices must be int32, received float32',
    );
    expect(() => nn.gather(x, [0.5])).toThrow(
      'gather: indices must be integers, received 0.5 at position 0',
    );
    expect(() => nn.gather(x, [0], 2)).toThrow(/gather: axis 2 is out of range/);
  });
  test('gather gradient sums repeated rows (unsortedSegmentSum)', () => {
    const idx = nn.tensor([2, 0, 2, 2], undefined, 'int32');
    gradCheck((x) => nn.gather(x, idx), [smoothValues([3, 2], { seed: 85 })]);
    gradCheck(
      (x) =>
        nn.gather(
          x,
          [
            [1, 0],
            [1, 1],
          ],
          1,
        ),
      [smoothValues([2, 3, 2], { seed: 86 })],
    );
    gradCheck((x) => nn.gather(x, 1, 2), [smoothValues([2, 2, 3], { seed: 87 })]);
    const g = nn.grad((x) => nn.sum(nn.gather(x, idx)))(nn.zeros([3, 2]));
    expectTensor(g, [
      [1, 1],
      [0, 0],
      [3, 3],
    ]);
  });
  test('oneHot', () => {
    expectTensor(
      nn.oneHot(nn.tensor([0, 2, 1], undefined, 'int32'), 3),
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ],
      { dtype: 'float32' },
    );
    expectTensor(nn.oneHot([[1], [0]], 2), [[[0, 1]], [[1, 0]]]);
    expectTensor(nn.oneHot([1], 3, 5, -1), [[-1, 5, -1]]);
    // Out-of-range indices give an all-off row, as in TF.
    expectTensor(nn.oneHot([3, -1], 3), [
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expectTensor(nn.tensor([1], undefined, 'int32').oneHot(2), [[0, 1]]);
    expect(() => nn.oneHot(nn.tensor([1.0]), 3)).toThrow(nn.DTypeError);
    expect(() => nn.oneHot([1], 0)).toThrow('oneHot: depth must be a positive integer, received 0');
  });
});

describeEachBackend('split and unstack: one op, one concat in the gradient', () => {
  test('the gradient of 50 parts is one concat, never a pad per part (quadratic in the parts)', () => {
    const be = ENGINE.backend;
    const pad = vi.spyOn(be, 'pad');
    const cat = vi.spyOn(be, 'concat');
    try {
      const x = nn.randomNormal([50, 8, 4], 0, 1, 'float32', 1);
      const w = nn.range(0, 50).reshape([50, 1, 1]);
      const g = nn.grad((t: nn.Tensor) => {
        const parts = nn.unstack(t, 0);
        // Only every other part is used: the others get zero gradients.
        return parts
          .filter((_, i) => i % 2 === 0)
          .map((p, i) => nn.sum(nn.mul(p, i + 1)))
          .reduce((a, b) => nn.add(a, b));
      })(x);
      expect(pad).not.toHaveBeenCalled();
      expect(cat).toHaveBeenCalledTimes(1);
      // d/dx of sum over even parts k of (k/2 + 1)·x[k]: (k/2 + 1) on even rows, 0 on odd.
      const want = nn.mul(
        nn.onesLike(x),
        nn.where(nn.equal(nn.mod(w, 2), 0), nn.add(nn.div(w, 2), 1), 0),
      );
      expectTensor(g, want.arraySync());
    } finally {
      pad.mockRestore();
      cat.mockRestore();
    }
  });
});
