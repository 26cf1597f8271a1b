/**
 * Seeded pseudo-random numbers, generated in JS so that every backend sees the same values.
 *
 * The generator is xoshiro128** (Blackman & Vigna) seeded through splitmix32. `setSeed(n)`
 * reseeds the global stream from which every unseeded initializer, dropout mask and shuffle
 * draws its own seed.
 */
import { ValueError } from '../errors.js';

export class Random {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spare: number | null = null;

  constructor(seed: number) {
    let x = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number {
    if (this.#spare !== null) {
      const v = this.#spare;
      this.#spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle of an index array in place. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let global = new Random(Date.now() ^ Math.floor(Math.random() * 0x7fffffff));
let seeded = false;

/**
 * Makes every later random draw (initializers, dropout, shuffles) reproducible.
 * @throws ValueError when `seed` is not a finite number.
 * @example
 * nn.setSeed(42);
 * const a = nn.randomUniform([3]);
 * nn.setSeed(42);
 * const b = nn.randomUniform([3]); // the same values as a
 */
export function setSeed(seed: number): void {
  if (!Number.isFinite(seed))
    throw new ValueError(`setSeed: seed must be a finite number, received ${seed}`);
  global = new Random(seed);
  seeded = true;
}

/** Whether `setSeed` was called. */
export function isSeeded(): boolean {
  return seeded;
}

/** A generator for one random op: from `seed` if given, else the next seed of the global stream. */
export function rngFor(seed?: number): Random {
  return new Random(seed ?? global.nextUint32());
}
