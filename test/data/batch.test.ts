import { describe, expect, expectTypeOf, test } from 'vitest';
import * as nn from 'neurite';

describe('batch', () => {
  test('numbers, booleans and strings stack into vectors and arrays; sizes follow', async () => {
    const ds = nn.data.array([1, 2, 3, 4, 5]);
    expect(ds.batch(2).size).toBe(3);
    expect(ds.batch(2, false).size).toBe(2);
    expect(ds.repeat().batch(2).size).toBe(Infinity);
    const b = await ds.batch(2).toArray();
    expect(b.map((t) => [t.shape, t.dtype, t.arraySync()])).toEqual([
      [[2], 'float32', [1, 2]],
      [[2], 'float32', [3, 4]],
      [[1], 'float32', [5]],
    ]);
    const dropped = await ds.batch(2, false).toArray();
    expect(dropped.map((t) => t.arraySync())).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const bools = (await nn.data.array([true, false]).batch(2).toArray())[0]!;
    expect([bools.dtype, bools.arraySync()]).toEqual(['bool', [true, false]]);
    expect(await nn.data.array(['a', 'b', 'c']).batch(2).toArray()).toEqual([['a', 'b'], ['c']]);
    nn.dispose([...b, ...dropped, bools]);
  });

  test('tensors stack along a new first axis, keeping the dtype; the inputs are disposed', async () => {
    const before = nn.memory().numTensors;
    const ds = nn.data.generator(function* () {
      for (let i = 0; i < 3; i++) yield nn.tensor([[i, i + 1]], [1, 2], 'int32');
    });
    const [b] = await ds.batch(3).toArray();
    expect(b!.shape).toEqual([3, 1, 2]);
    expect(b!.dtype).toBe('int32');
    expect(b!.arraySync()).toEqual([[[0, 1]], [[1, 2]], [[2, 3]]]);
    expect(nn.memory().numTensors).toBe(before + 1);
    b!.dispose();
  });

  test('records and tuples are batched entry by entry; arrays of numbers are leaves', async () => {
    const rows = [
      { xs: [1, 2], ys: 0, meta: { id: 'a', w: [true] } },
      { xs: [3, 4], ys: 1, meta: { id: 'b', w: [false] } },
    ];
    const [b] = await nn.data.array(rows).batch(2).toArray();
    expectTypeOf(b!).toEqualTypeOf<{
      xs: nn.Tensor;
      ys: nn.Tensor;
      meta: { id: string[]; w: nn.Tensor };
    }>();
    expect(b!.xs.shape).toEqual([2, 2]);
    expect(b!.xs.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(b!.ys.arraySync()).toEqual([0, 1]);
    expect(b!.meta.id).toEqual(['a', 'b']);
    expect([b!.meta.w.dtype, b!.meta.w.arraySync()]).toEqual(['bool', [[true], [false]]]);
    const pairs = nn.data.array([
      [nn.tensor([1, 1]), nn.scalar(5, 'int32')] as const,
      [nn.tensor([2, 2]), nn.scalar(6, 'int32')] as const,
    ]);
    const [pair] = await pairs.batch(2).toArray();
    expectTypeOf(pair!).toEqualTypeOf<[nn.Tensor, nn.Tensor]>();
    const [x, y] = pair!;
    expect(x.arraySync()).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect([y.dtype, y.arraySync()]).toEqual(['int32', [5, 6]]);
    const typed = (await nn.data.array([new Int32Array([1, 2]), new Int32Array([3, 4])]).batch(2).toArray())[0]!;
    expect([typed.dtype, typed.shape]).toEqual(['int32', [2, 2]]);
    nn.dispose([b!.xs, b!.ys, b!.meta.w, x, y, typed]);
  });

  test('a shape that changes mid-stream names the element and both shapes', async () => {
    const before = nn.memory().numTensors;
    const ds = nn.data.generator(function* () {
      for (let i = 0; i < 6; i++) yield { xs: nn.zeros([i === 4 ? 3 : 2]), ys: nn.scalar(i) };
    });
    await expect(ds.batch(3).toArray()).rejects.toThrow(
      /batch: element 4 has shape \[3\] \(float32\) at 'xs' but element 3, the first of its batch, has shape \[2\] \(float32\)/,
    );
    // The failed batch's elements and its half-made `xs` are freed: what remains is the
    // first batch (xs and ys), handed out before the error and dropped by toArray.
    expect(nn.memory().numTensors - before).toBe(2);
    await expect(
      nn.data.array([[1, 2], [1, 2, 3]]).batch(2).toArray(),
    ).rejects.toThrow(/element 1 has shape \[3\] but element 0, the first of its batch, has shape \[2\]/);
  });

  test('a structure that changes names the element and what it has', async () => {
    await expect(
      nn.data.array<unknown>([{ xs: 1, ys: 2 }, { xs: 1 }]).batch(2).toArray(),
    ).rejects.toThrow(
      /element 1 has an object with keys \{xs\} but element 0, the first of its batch, has an object with keys \{xs, ys\}/,
    );
    await expect(nn.data.array<unknown>([1, 'a']).batch(2).toArray()).rejects.toThrow(
      /element 1 has a string but element 0, the first of its batch, has a number/,
    );
    await expect(
      nn.data.array<unknown>([{ a: 1 }, { a: nn.scalar(1) }]).batch(2).toArray(),
    ).rejects.toThrow(/element 1 has a Tensor of shape \[\] \(float32\) at 'a'/);
    await expect(
      nn.data.array<unknown>([{ a: undefined }]).batch(1).toArray(),
    ).rejects.toThrow(/element 0 has no value \(undefined\) at 'a', which cannot be batched.*needs a default/);
    await expect(nn.data.array<unknown>([[[1, 2], [3]]]).batch(1).toArray()).rejects.toThrow(
      /element 0 is a ragged array of numbers/,
    );
  });
});
