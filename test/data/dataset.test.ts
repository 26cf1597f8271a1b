import { describe, expect, expectTypeOf, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as nn from 'neurite';

/** A generator dataset that counts how many elements were pulled from it. */
function counting(n: number | null): { ds: nn.data.Dataset<number>; pulled: () => number } {
  let pulled = 0;
  const ds = nn.data.generator(function* () {
    for (let i = 0; n === null || i < n; i++) {
      pulled++;
      yield i;
    }
  });
  return { ds, pulled: () => pulled };
}

const range = (n: number): number[] => [...Array(n).keys()];

describe('sources', () => {
  test('array: elements in order, size known, re-iterable', async () => {
    const ds = nn.data.array([3, 1, 2]);
    expect(ds.size).toBe(3);
    expect(await ds.toArray()).toEqual([3, 1, 2]);
    expect(await ds.toArray()).toEqual([3, 1, 2]);
    const seen: number[] = [];
    for await (const x of ds) seen.push(x);
    expect(seen).toEqual([3, 1, 2]);
  });

  test('array: the array is copied; its tensors are handed out as new handles', async () => {
    const items = [nn.tensor([1, 2]), nn.tensor([3, 4])];
    const ds = nn.data.array(items);
    items.push(nn.tensor([5, 6]));
    expect(ds.size).toBe(2);
    const first = await ds.toArray();
    expect(first[0]).not.toBe(items[0]);
    nn.dispose(first);
    // Disposing what a pass handed out leaves the source's tensors usable.
    expect(items[0]!.isDisposed).toBe(false);
    const again = await ds.toArray();
    expect(again.map((t) => t.arraySync())).toEqual([
      [1, 2],
      [3, 4],
    ]);
    nn.dispose([...again, ...items]);
  });

  test('generator: sync and async generator functions, size unknown, restarted each pass', async () => {
    const sync = nn.data.generator(function* () {
      yield 1;
      yield 2;
    });
    const asyncDs = nn.data.generator(async function* () {
      await new Promise((r) => setTimeout(r, 1));
      yield 'a';
      yield 'b';
    });
    // Element types are inferred from the generators, async ones included.
    expectTypeOf(sync).toEqualTypeOf<nn.data.Dataset<1 | 2>>();
    expectTypeOf(asyncDs).toEqualTypeOf<nn.data.Dataset<'a' | 'b'>>();
    expect(sync.size).toBeNull();
    expect(await sync.toArray()).toEqual([1, 2]);
    expect(await sync.toArray()).toEqual([1, 2]);
    expect(await asyncDs.toArray()).toEqual(['a', 'b']);
    // Any function returning an iterable will do.
    expect(await nn.data.generator(() => new Set([7, 8])).toArray()).toEqual([7, 8]);
  });

  test('generator: pulled only as far as needed', async () => {
    const { ds, pulled } = counting(null);
    expect(await ds.take(3).toArray()).toEqual([0, 1, 2]);
    expect(pulled()).toBe(3);
    const c2 = counting(100);
    const it = await c2.ds.map((x) => x * 10).iterator();
    expect(await it.next()).toEqual({ value: 0, done: false });
    expect(c2.pulled()).toBe(1);
    await it.return();
  });

  test('generator: stopping early runs the generator’s finally block', async () => {
    let closed = false;
    const ds = nn.data.generator(function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    });
    await ds.take(2).toArray();
    expect(closed).toBe(true);
  });

  test('func: {value, done} results, sync or as promises', async () => {
    let i = 0;
    const ds = nn.data.func(() =>
      i < 3 ? { value: i++, done: false } : { value: undefined, done: true },
    );
    expect(await ds.toArray()).toEqual([0, 1, 2]);
    let j = 0;
    const asyncDs = nn.data.func(() =>
      Promise.resolve(j < 2 ? { value: `v${j++}`, done: false } : { value: undefined, done: true }),
    );
    expect(await asyncDs.toArray()).toEqual(['v0', 'v1']);
    await expect(
      nn.data.func(() => 5 as never).toArray(),
    ).rejects.toThrow(/call 1 of the function returned 5; it must return \{value, done: false\}/);
  });

  test('zip: arrays and records of datasets, ending with the shortest', async () => {
    const a = nn.data.array([1, 2, 3]);
    const b = nn.data.array(['x', 'y']);
    const pairs = nn.data.zip([a, b]);
    expect(pairs.size).toBe(2);
    const out: [number, string][] = await pairs.toArray();
    expect(out).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    const rec = nn.data.zip({ xs: a, ys: b });
    const r: { xs: number; ys: string }[] = await rec.toArray();
    expect(r).toEqual([
      { xs: 1, ys: 'x' },
      { xs: 2, ys: 'y' },
    ]);
    expect(nn.data.zip([a, counting(5).ds]).size).toBeNull();
    expect(() => nn.data.zip([a, 3 as never])).toThrow(
      /datasets\[1\] must be a Dataset, received 3/,
    );
  });
});

describe('operations', () => {
  test('map, filter, take, skip, concatenate, repeat: order and size', async () => {
    const ds = nn.data.array(range(10));
    expect(await ds.map((x) => x * 2).toArray()).toEqual(range(10).map((x) => x * 2));
    expect(ds.map((x) => x).size).toBe(10);
    const evens = ds.filter((x) => x % 2 === 0);
    expect(evens.size).toBeNull();
    expect(await evens.toArray()).toEqual([0, 2, 4, 6, 8]);
    expect(ds.take(3).size).toBe(3);
    expect(ds.take(30).size).toBe(10);
    expect(await ds.take(3).toArray()).toEqual([0, 1, 2]);
    expect(await ds.take(0).toArray()).toEqual([]);
    expect(ds.skip(7).size).toBe(3);
    expect(ds.skip(70).size).toBe(0);
    expect(await ds.skip(7).toArray()).toEqual([7, 8, 9]);
    const cat = ds.take(2).concatenate(nn.data.array([42]));
    expect(cat.size).toBe(3);
    expect(await cat.toArray()).toEqual([0, 1, 42]);
    expect(ds.take(2).repeat(3).size).toBe(6);
    expect(await ds.take(2).repeat(3).toArray()).toEqual([0, 1, 0, 1, 0, 1]);
    expect(await ds.repeat(0).toArray()).toEqual([]);
    expect(ds.repeat().size).toBe(Infinity);
    expect(await ds.take(2).repeat().take(5).toArray()).toEqual([0, 1, 0, 1, 0]);
    expect(ds.repeat().take(4).size).toBe(4);
    expect(counting(5).ds.repeat().size).toBe(Infinity);
    expect(counting(5).ds.repeat(2).size).toBeNull();
    expect(nn.data.array([]).repeat().size).toBe(0);
  });

  test('mapAsync awaits, forEachAsync visits, iterator() steps', async () => {
    const ds = nn.data.array([1, 2, 3]).mapAsync(async (x) => {
      await new Promise((r) => setTimeout(r, 1));
      return x + 0.5;
    });
    expect(await ds.toArray()).toEqual([1.5, 2.5, 3.5]);
    const seen: number[] = [];
    await ds.forEachAsync(async (x) => {
      await Promise.resolve();
      seen.push(x);
    });
    expect(seen).toEqual([1.5, 2.5, 3.5]);
    const it = await nn.data.array(['a']).iterator();
    expect(await it.next()).toEqual({ value: 'a', done: false });
    expect((await it.next()).done).toBe(true);
  });

  test('prefetch keeps the order and reads ahead of the consumer', async () => {
    const { ds, pulled } = counting(20);
    const it = await ds.prefetch(4).iterator();
    expect((await it.next()).value).toBe(0);
    // Let the requests made ahead complete.
    await new Promise((r) => setTimeout(r, 5));
    expect(pulled()).toBeGreaterThanOrEqual(4);
    expect(pulled()).toBeLessThanOrEqual(6);
    await it.return();
    expect(await counting(50).ds.prefetch(3).toArray()).toEqual(range(50));
    expect(nn.data.array(range(5)).prefetch(2).size).toBe(5);
  });

  test('shuffle: a permutation, reproducible with a seed, different for other seeds', async () => {
    const ds = nn.data.array(range(100));
    const a = await ds.shuffle(100, 7).toArray();
    const b = await ds.shuffle(100, 7).toArray();
    const c = await ds.shuffle(100, 8).toArray();
    expect([...a].sort((x, y) => x - y)).toEqual(range(100));
    expect(a).not.toEqual(range(100));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(ds.shuffle(10).size).toBe(100);
    // String seeds (TF.js style) work too.
    expect(await ds.shuffle(100, 'abc').toArray()).toEqual(await ds.shuffle(100, 'abc').toArray());
  });

  test('shuffle: each pass reshuffles (reproducibly), unless told not to', async () => {
    const s = nn.data.array(range(50)).shuffle(50, 3);
    const [p1, p2] = [await s.toArray(), await s.toArray()];
    expect(p1).not.toEqual(p2);
    const t = nn.data.array(range(50)).shuffle(50, 3);
    expect([await t.toArray(), await t.toArray()]).toEqual([p1, p2]);
    const fixed = nn.data.array(range(50)).shuffle(50, 3, false);
    expect(await fixed.toArray()).toEqual(await fixed.toArray());
  });

  test('shuffle: unseeded follows nn.setSeed; a small buffer mixes only nearby elements', async () => {
    nn.setSeed(11);
    const a = await nn.data.array(range(30)).shuffle(30).toArray();
    nn.setSeed(11);
    const b = await nn.data.array(range(30)).shuffle(30).toArray();
    expect(a).toEqual(b);
    const local = await nn.data.array(range(200)).shuffle(4, 1).toArray();
    // With a buffer of 4, element i comes out no earlier than position i - 3.
    local.forEach((v, pos) => expect(pos).toBeGreaterThanOrEqual(v - 3));
    expect([...local].sort((x, y) => x - y)).toEqual(range(200));
  });

  test('shuffle pulls lazily: a full buffer plus one element per output', async () => {
    const { ds, pulled } = counting(null);
    await ds.shuffle(10, 1).take(3).toArray();
    expect(pulled()).toBe(13);
  });

  test('bad arguments give clear errors', async () => {
    const ds = nn.data.array([1, 2, 3]);
    expect(() => ds.batch(0)).toThrow(/batch: batchSize must be a positive integer, received 0/);
    expect(() => ds.batch(2.5)).toThrow(/batchSize must be a positive integer, received 2.5/);
    expect(() => ds.take(1.5)).toThrow(/take: count must be an integer .*received 1.5/);
    expect(() => ds.skip('2' as never)).toThrow(/skip: count must be an integer .*received/);
    expect(() => ds.shuffle(0)).toThrow(/shuffle: bufferSize must be a positive integer, received 0/);
    expect(() => ds.shuffle(5, 1.5)).toThrow(/shuffle: seed must be an integer or a string/);
    expect(() => ds.repeat(0.5)).toThrow(/repeat: count must be an integer, or omitted/);
    expect(() => ds.prefetch(0)).toThrow(/prefetch: bufferSize must be a positive integer/);
    expect(() => ds.map(3 as never)).toThrow(
      /map: expected a function such as \(x\) => x \* 2, received 3/,
    );
    expect(() => ds.concatenate([4] as never)).toThrow(
      /concatenate: expected a Dataset/,
    );
    expect(() => nn.data.array(5 as never)).toThrow(/data.array: expected an array/);
    expect(() => nn.data.generator(5 as never)).toThrow(
      /data.generator: expected a generator function/,
    );
    await expect(ds.repeat().toArray()).rejects.toThrow(/toArray: the dataset is infinite/);
    await expect(ds.map((x) => Promise.resolve(x)).toArray()).rejects.toThrow(
      /map: the function returned a Promise; use mapAsync/,
    );
  });
});

describe('tensor ownership', () => {
  test('map frees its intermediates and the input tensors its result drops', async () => {
    const before = nn.memory().numTensors;
    const ds = nn.data
      .generator(function* () {
        for (let i = 0; i < 5; i++) yield { a: nn.tensor([i, i]), b: nn.scalar(i) };
      })
      .map(({ a }) => a.mul(2).add(1));
    const out = await ds.toArray();
    expect(out.map((t) => t.arraySync())).toEqual(range(5).map((i) => [2 * i + 1, 2 * i + 1]));
    expect(nn.memory().numTensors).toBe(before + 5);
    nn.dispose(out);
    expect(nn.memory().numTensors).toBe(before);
  });

  test('filter, skip, and early stops of shuffle and prefetch dispose what they drop', async () => {
    const before = nn.memory().numTensors;
    const tensors = nn.data.generator(function* () {
      for (let i = 0; i < 20; i++) yield nn.scalar(i);
    });
    nn.dispose(await tensors.filter((t) => t.dataSync()[0]! % 5 === 0).toArray());
    nn.dispose(await tensors.skip(15).toArray());
    nn.dispose(await tensors.shuffle(8, 1).take(2).toArray());
    nn.dispose(await tensors.prefetch(6).take(2).toArray());
    await new Promise((r) => setTimeout(r, 5));
    nn.dispose(await nn.data.zip([tensors, tensors.take(3)]).toArray());
    expect(nn.memory().numTensors).toBe(before);
  });
});

describe('negative counts, as in tf.data (@tensorflow/tfjs)', () => {
  test('take(-n) is the whole dataset, skip(-n) skips nothing, repeat(-n) is endless', async () => {
    const ours = nn.data.array([1, 2, 3]);
    const theirs = tf.data.array([1, 2, 3]);
    for (const n of [-1, -5]) {
      expect(await ours.take(n).toArray()).toEqual(await theirs.take(n).toArray());
      expect(await ours.take(n).toArray()).toEqual([1, 2, 3]);
      expect(await ours.skip(n).toArray()).toEqual(await theirs.skip(n).toArray());
      expect(await ours.skip(n).toArray()).toEqual([1, 2, 3]);
      expect(await ours.repeat(n).take(7).toArray()).toEqual(
        await theirs.repeat(n).take(7).toArray(),
      );
      expect(ours.repeat(n).size).toBe(theirs.repeat(n).size); // Infinity
    }
    // tf.data's own size for these two is wrong (-1 and 0); ours says what is served.
    expect(ours.take(-1).size).toBe(3);
    expect(ours.skip(-1).size).toBe(3);
    expect(nn.data.array([]).repeat(-1).size).toBe(0);
    const { ds, pulled } = counting(null);
    expect(ds.take(-1).size).toBeNull();
    expect(await ds.take(-1).take(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(pulled()).toBe(4);
    expect(ds.repeat(-1).size).toBe(Infinity);
  });
});
