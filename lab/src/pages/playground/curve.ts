/** Thinning of the loss curves (done in the worker, before a frame is posted). */
import type { CurvePoint } from './trainer.js';

/** Points kept per curve. */
const MAX_POINTS = 300;

/** Every step-th point (and the last), so that about `max` remain. */
export function thin(curve: readonly CurvePoint[], max = MAX_POINTS): CurvePoint[] {
  if (curve.length <= max) return [...curve];
  const step = Math.ceil(curve.length / max);
  const out = curve.filter((_, i) => i % step === 0);
  if (out[out.length - 1] !== curve[curve.length - 1]) out.push(curve[curve.length - 1]!);
  return out;
}
