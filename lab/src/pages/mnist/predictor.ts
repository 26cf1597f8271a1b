/**
 * Predicts the class probabilities of one 28×28 image with a model on the main thread (a
 * single image through a small network takes well under a millisecond), whatever layout
 * its input has: `[28, 28]`, `[28, 28, 1]`, `[1, 28, 28]` or `[784]`.
 */
import * as nn from 'neurite';

/** The model's input shape without the batch dimension, when it has exactly one input. */
export function modelInputShape(model: nn.Model): (number | null)[] | null {
  if (model instanceof nn.Sequential) {
    const s = model.inputShape;
    return s ? s.slice(1) : null;
  }
  if (model instanceof nn.Functional && model.inputs.length === 1) {
    return model.inputs[0]!.shape.slice(1);
  }
  return null;
}

/** The shape (with a batch of one) a 28×28 image takes for this model, or null if none fits. */
export function imageShapeFor(model: nn.Model): number[] | null {
  const s = modelInputShape(model);
  if (!s) return null;
  const known = s.map((d) => d ?? -1);
  const is = (...want: number[]): boolean =>
    known.length === want.length && known.every((d, i) => d === want[i]);
  if (is(28, 28) || is(28, 28, 1) || is(1, 28, 28) || is(784)) return [1, ...known];
  return null;
}

/** Class probabilities of a 0..1 image of 784 pixels; null if the model takes no 28×28 image. */
export function predictImage(model: nn.Model, pixels: Float32Array): Float32Array | null {
  const shape = imageShapeFor(model);
  if (!shape) return null;
  const x = nn.tensor(pixels, shape);
  try {
    const y = model.predict(x);
    const probs = Float32Array.from(y.dataSync() as Float32Array);
    y.dispose();
    return probs;
  } finally {
    x.dispose();
  }
}

/** A model from artifacts (the worker's, or IndexedDB's), loaded on this thread. */
export async function modelFrom(artifacts: nn.io.ModelArtifacts): Promise<nn.Model> {
  await nn.ready();
  return nn.loadModel(nn.io.fromMemory(artifacts));
}
