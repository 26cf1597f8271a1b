/**
 * Fresh copies of compiled metrics, for evaluations. Training accumulates into the metric
 * objects compile resolved; an evaluation (evaluate, testOnBatch, fit's validation) counts
 * into its own copies, so that evaluating from a callback or alongside a running fit leaves
 * the training values untouched (Keras 3 shares them and resets them in evaluate, which
 * changes the epoch's training logs).
 */
import { AutoAccuracy, getMetric, Metric, METRICS } from '../metrics/index.js';
import type { Shape } from '../tensor/shape.js';
import type { MetricIdentifier } from './compile.js';

/**
 * A new metric like `trained` (the training instance compile resolved from `id`), with its
 * name and an empty state; null when it cannot be rebuilt (a Metric object of a class the
 * registry does not know, such as a meanMetricWrapper, whose function is private).
 */
export function copyMetric(
  id: MetricIdentifier,
  trained: Metric,
  shapes: { yTrueShape: Shape; yPredShape: Shape },
): Metric | null {
  let copy: Metric | null = null;
  if (!(id instanceof Metric)) {
    // An id (or a function / saved config at run time): resolving it again gives a new one.
    copy = getMetric(id, shapes);
  } else if (id instanceof AutoAccuracy) {
    copy = new AutoAccuracy(id.name);
  } else {
    const entry = METRICS.find(id.className);
    if (entry) {
      try {
        const candidate = entry.fromConfig(id.getConfig());
        // A user subclass may reuse a built-in className; only an exact class is a copy.
        if (candidate.constructor === id.constructor) copy = candidate;
      } catch {
        copy = null; // a config its class rejects: not rebuildable, the caller shares it
      }
    }
  }
  if (copy) copy.name = trained.name;
  return copy;
}
