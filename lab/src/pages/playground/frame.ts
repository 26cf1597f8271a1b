/**
 * A frame of the playground, computed in the worker: the scores of every point, the
 * decision map over a grid and each hidden neuron's map, as RGBA pixels ready to paint.
 */
import { thin } from './curve.js';
import { decisionPixels, neuronPixels, unitScale } from './heatmap.js';
import type { Frame } from './protocol.js';
import type { PlaygroundState } from './state.js';
import type { Trainer } from './trainer.js';

/** Grid resolution of the decision map and of each neuron's map. */
export const MAP_RES = 64;
export const NEURON_RES = 20;

/** The frame of `trainer` now (`generation` is the caller's). */
export function computeFrame(
  trainer: Trainer,
  state: Readonly<PlaygroundState>,
  mapFeatures: Float32Array,
  neuronFeatures: Float32Array,
): Omit<Frame, 'type' | 'generation'> {
  const k = trainer.classes === 2 ? 1 : trainer.classes;
  const { train, test } = trainer.evaluate();
  const map = decisionPixels(trainer.predict(mapFeatures), k, MAP_RES);
  const hidden = trainer.hiddenOutputs(neuronFeatures);
  const size = NEURON_RES * NEURON_RES * 4;
  const neurons = hidden.map((values, li) => {
    const { units, activation } = state.layers[li]!;
    const out = new Uint8ClampedArray(units * size);
    // Bounded activations keep their range; the others are scaled to their largest value.
    const bounded = activation === 'tanh' || activation === 'sigmoid';
    for (let u = 0; u < units; u++) {
      const scale = bounded ? 1 : unitScale(values, units, u);
      out.set(neuronPixels(values, units, u, NEURON_RES, scale), u * size);
    }
    return out;
  });
  return {
    epoch: trainer.epoch,
    steps: trainer.steps,
    train,
    test,
    curve: thin(trainer.curve),
    map,
    neurons,
  };
}
