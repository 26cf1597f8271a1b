/**
 * An independent float64 implementation of Keras 3's recurrent equations (SimpleRNN, LSTM
 * with gates i,f,c,o, GRU with gates z,r,h and either `reset_after`), with Keras's backend
 * `rnn` masking rule (masked steps keep the state; the output repeats the previous one, or
 * is zero with `zeroOutputForMask`) and `go_backwards` (outputs in processing order). Plain
 * loops over nested arrays: nothing from Neurite.
 */
export type Mat = number[][];
export type Kind = 'simple' | 'lstm' | 'gru' | 'gru-v1';

export interface RefWeights {
  kernel: Mat; // [in, g·u]
  recurrent: Mat; // [u, g·u]
  bias: number[] | Mat | null; // [g·u] or GRU reset_after [2, 3u]
}

export interface RefOptions {
  returnSequences?: boolean;
  goBackwards?: boolean;
  mask?: boolean[][] | null;
  zeroOutputForMask?: boolean;
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

function vecMat(v: readonly number[], m: Mat): number[] {
  const out = new Array<number>(m[0]!.length).fill(0);
  v.forEach((a, i) => m[i]!.forEach((b, j) => (out[j]! += a * b)));
  return out;
}

/** Runs one layer over x [batch][time][in]; returns output and final states. */
export function referenceRnn(
  kind: Kind,
  x: number[][][],
  w: RefWeights,
  units: number,
  opts: RefOptions = {},
): { output: number[][] | number[][][]; states: number[][][] } {
  const u = units;
  const outputs: number[][][] = [];
  const finals: number[][][] = [[], []];
  x.forEach((seq, b) => {
    let h = new Array<number>(u).fill(0);
    let c = new Array<number>(u).fill(0);
    let prev = new Array<number>(u).fill(0);
    const order = seq.map((_, t) => t);
    if (opts.goBackwards) order.reverse();
    const outs: number[][] = [];
    for (const t of order) {
      const inBias =
        w.bias === null ? null : kind === 'gru' ? (w.bias as Mat)[0]! : (w.bias as number[]);
      const xp = vecMat(seq[t]!, w.kernel).map((v, j) => v + (inBias ? inBias[j]! : 0));
      let hNew: number[];
      let cNew = c;
      if (kind === 'simple') {
        const r = vecMat(h, w.recurrent);
        hNew = xp.map((v, j) => Math.tanh(v + r[j]!));
      } else if (kind === 'lstm') {
        const z = vecMat(h, w.recurrent).map((v, j) => v + xp[j]!);
        const g = (k: number, j: number): number => z[k * u + j]!;
        cNew = c.map((cv, j) => sig(g(1, j)) * cv + sig(g(0, j)) * Math.tanh(g(2, j)));
        hNew = cNew.map((cv, j) => sig(g(3, j)) * Math.tanh(cv));
      } else if (kind === 'gru') {
        const recBias = w.bias ? (w.bias as Mat)[1]! : new Array<number>(3 * u).fill(0);
        const r = vecMat(h, w.recurrent).map((v, j) => v + recBias[j]!);
        hNew = h.map((hv, j) => {
          const z = sig(xp[j]! + r[j]!);
          const rr = sig(xp[u + j]! + r[u + j]!);
          const hh = Math.tanh(xp[2 * u + j]! + rr * r[2 * u + j]!);
          return z * hv + (1 - z) * hh;
        });
      } else {
        const rzr = vecMat(
          h,
          w.recurrent.map((row) => row.slice(0, 2 * u)),
        );
        const z = h.map((_, j) => sig(xp[j]! + rzr[j]!));
        const rr = h.map((_, j) => sig(xp[u + j]! + rzr[u + j]!));
        const rh = vecMat(
          h.map((hv, j) => rr[j]! * hv),
          w.recurrent.map((row) => row.slice(2 * u)),
        );
        hNew = h.map((hv, j) => z[j]! * hv + (1 - z[j]!) * Math.tanh(xp[2 * u + j]! + rh[j]!));
      }
      const on = opts.mask ? opts.mask[b]![t]! : true;
      let out: number[];
      if (on) {
        h = hNew;
        c = cNew;
        out = hNew;
      } else out = opts.zeroOutputForMask ? new Array<number>(u).fill(0) : prev;
      prev = out;
      outs.push(out);
    }
    outputs.push(outs);
    finals[0]!.push(h);
    finals[1]!.push(c);
  });
  return {
    output: opts.returnSequences ? outputs : outputs.map((o) => o[o.length - 1]!),
    states: kind === 'lstm' ? finals : [finals[0]!],
  };
}
