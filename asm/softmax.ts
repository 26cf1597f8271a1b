/** Softmax and log-softmax along contiguous rows, shifted by the row max for stability. */
import { vexp, vlog } from './vmath';

/** For each of `rows` rows of `n` floats: softmax (or log-softmax when `log`) into `out`. */
export function softmax(x: usize, out: usize, rows: i32, n: i32, log: bool): void {
  const step = <usize>n << 2;
  for (let r = 0; r < rows; r++) {
    // Row max (NaN propagates; an all -inf row shifts by 0, as the reference does).
    let mv = f32x4.splat(-Infinity);
    let i = 0;
    for (; i + 4 <= n; i += 4) mv = f32x4.max(mv, v128.load(x + (<usize>i << 2)));
    let m = max<f32>(
      max<f32>(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)),
      max<f32>(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)),
    );
    for (; i < n; i++) m = max<f32>(m, load<f32>(x + (<usize>i << 2)));
    if (m == -Infinity) m = 0;
    const mb = f32x4.splat(m);
    // exp(x - m), stored for softmax, summed for both.
    let sv = f32x4.splat(0);
    i = 0;
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      const e = vexp(f32x4.sub(v128.load(x + p), mb));
      if (!log) v128.store(out + p, e);
      sv = f32x4.add(sv, e);
    }
    let s =
      f32x4.extract_lane(sv, 0) +
      f32x4.extract_lane(sv, 1) +
      (f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3));
    for (; i < n; i++) {
      const p = <usize>i << 2;
      const e = f32x4.extract_lane(vexp(f32x4.splat(load<f32>(x + p) - m)), 0);
      if (!log) store<f32>(out + p, e);
      s += e;
    }
    if (log) {
      // (x - m) - log(s), in that order, as the reference rounds it.
      const lse = f32x4.splat(f32x4.extract_lane(vlog(f32x4.splat(s)), 0));
      i = 0;
      for (; i + 4 <= n; i += 4) {
        const p = <usize>i << 2;
        v128.store(out + p, f32x4.sub(f32x4.sub(v128.load(x + p), mb), lse));
      }
      const ls = f32x4.extract_lane(lse, 0);
      for (; i < n; i++) {
        const p = <usize>i << 2;
        store<f32>(out + p, load<f32>(x + p) - m - ls);
      }
    } else {
      const sb = f32x4.splat(s);
      i = 0;
      for (; i + 4 <= n; i += 4) {
        const p = <usize>i << 2;
        v128.store(out + p, f32x4.div(v128.load(out + p), sb));
      }
      for (; i < n; i++) {
        const p = <usize>i << 2;
        store<f32>(out + p, load<f32>(out + p) / s);
      }
    }
    x += step;
    out += step;
  }
}
