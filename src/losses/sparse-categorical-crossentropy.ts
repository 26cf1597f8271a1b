/** Sparse categorical cross-entropy (Keras `SparseCategoricalCrossentropy`). */
import { LabelError } from './label-error.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { logSoftmax, mul, neg, oneHot, squeeze, sum } from '../ops/index.js';
import { type HostOutput, hostOp } from '../ops/host-op.js';
import { shapesEqual } from '../tensor/shape.js';
import { crossEntropyFromProbs } from '../ops/cross-entropy.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.sparseCategoricalCrossentropy} (Keras `SparseCategoricalCrossentropy`'s arguments in camelCase).
 */
export interface SparseCategoricalCrossentropyArgs extends LossArgs {
  /** Whether yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /**
   * A label value to ignore (e.g. −1 or 255 for "void" pixels): those positions cost 0 and
   * are left out of the mean. Default null (every label counts).
   */
  ignoreClass?: number | null;
}

const ID = 'sparseCategoricalCrossentropy';

/**
 * Cross-entropy for integer class labels: `−log ŷ[label]`. yTrue has yPred's shape without
 * the class axis (a trailing axis of size 1 is squeezed). Probabilities are renormalised
 * and clipped to [1e-7, 1 − 1e-7]; `fromLogits` uses logSoftmax. A label outside
 * [0, classes) throws an error naming it instead of producing NaN.
 *
 * @example
 * const scce = nn.losses.sparseCategoricalCrossentropy({ fromLogits: true });
 * scce([2, 0], [[0.1, 0.2, 3.0], [2.0, 0.1, 0.1]]);
 */
export function sparseCategoricalCrossentropy(args: SparseCategoricalCrossentropyArgs = {}): Loss {
  const { fromLogits = false, ignoreClass = null } = args;
  if (ignoreClass !== null && !Number.isInteger(ignoreClass)) {
    throw new ValueError(
      `${ID}: ignoreClass must be an integer or null, received ${String(ignoreClass)}`,
    );
  }
  return makeLoss({
    id: ID,
    className: 'SparseCategoricalCrossentropy',
    defaultName: 'sparse_categorical_crossentropy',
    args,
    config: { fromLogits, ignoreClass },
    shapes: 'labels',
    fn: (labels, p) => {
      if (p.rank === 0) {
        throw new ShapeError(
          `${ID}: expected yPred of rank >= 1 (a class axis), received shape ${fmtShape(p.shape)}`,
        );
      }
      let y = labels;
      if (y.rank === p.rank && y.shape[y.rank - 1] === 1) y = squeeze(y, -1);
      const outShape = p.shape.slice(0, -1);
      if (!shapesEqual(y.shape, outShape)) {
        throw new ShapeError(
          `${ID}: expected yTrue of shape ${fmtShape(outShape)} (integer labels, optionally with a ` +
            `trailing axis of size 1) for yPred of shape ${fmtShape(p.shape)}, received ` +
            `${fmtShape(labels.shape)}; use categoricalCrossentropy for one-hot labels`,
        );
      }
      const numClasses = p.shape[p.rank - 1]!;
      // On the host, so that a compiled step checks (and converts) each batch's labels too.
      const needIdx = y.dtype !== 'int32' || ignoreClass !== null;
      const outs: HostOutput[] = [];
      if (needIdx) outs.push({ shape: y.shape, dtype: 'int32' });
      if (ignoreClass !== null) outs.push({ shape: y.shape, dtype: 'float32' });
      const host = hostOp(ID, [y], outs, ([raw]) => {
        const idx = new Int32Array(raw!.length);
        const mask = ignoreClass === null ? null : new Float32Array(raw!.length);
        for (let i = 0; i < raw!.length; i++) {
          const v = raw![i]!;
          if (mask) {
            if (v === ignoreClass) continue;
            mask[i] = 1;
          }
          if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
            throw new LabelError(
              `${ID}: label ${v} (element ${i} of yTrue) is out of range: labels must be integers in ` +
                `[0, ${numClasses - 1}] for yPred with ${numClasses} classes (shape ${fmtShape(p.shape)})`,
              Math.floor(i / Math.max(1, raw!.length / (y.shape[0] ?? 1))),
            );
          }
          idx[i] = v;
        }
        return [...(needIdx ? [idx] : []), ...(mask ? [mask] : [])];
      });
      // Labels already int32 and all counted go to the kernel as they are.
      const labelsI32 = needIdx ? host[0]! : y;
      const values = fromLogits
        ? neg(sum(mul(oneHot(labelsI32, numClasses), logSoftmax(p, -1)), -1))
        : // −Σ oneHot·log(clip(p / Σp)) in one op, the same numbers as the composition.
          crossEntropyFromProbs(p, labelsI32, true, EPSILON, 1 - EPSILON);
      if (ignoreClass === null) return values;
      const m = host[host.length - 1]!;
      return { values: mul(values, m), mask: m };
    },
  });
}
