/**
 * Presets: settings that show one classic lesson each. A preset is a whole state (over the
 * defaults), so choosing one makes a shareable link like any other setting.
 */
import { cloneState, DEFAULT_STATE, type LayerSpec, type PlaygroundState } from './state.js';

/** A preset: its id (also its string keys `preset.<id>` and `presetNote.<id>`) and state. */
export interface Preset {
  id: string;
  state: PlaygroundState;
}

function make(id: string, over: Partial<PlaygroundState>): Preset {
  return { id, state: { ...cloneState(DEFAULT_STATE), ...over } };
}

const layers = (units: number[], activation: LayerSpec['activation'] = 'relu'): LayerSpec[] =>
  units.map((u) => ({ units: u, activation }));

/** The presets, in the menu's order. */
export const PRESETS: readonly Preset[] = [
  // One layer of two neurons draws at most two lines: it cannot wind around a spiral.
  make('tooSmall', {
    data: 'spiral',
    noise: 5,
    points: 500,
    layers: layers([2], 'tanh'),
    learningRate: 0.03,
  }),
  // The same spiral with room to bend, and the sines to help.
  make('bigEnough', {
    data: 'spiral',
    noise: 5,
    points: 500,
    features: ['x1', 'x2', 'sinx1', 'sinx2'],
    layers: layers([32, 32, 16], 'relu'),
    learningRate: 0.01,
  }),
  // Plain gradient descent with a learning rate of 5: the first steps overshoot so far that
  // the ReLUs die and the output saturates on one class (loss ~7.6, accuracy ~50 %).
  make('lrTooHigh', {
    data: 'moons',
    layers: layers([8, 8], 'relu'),
    optimizer: 'sgd',
    learningRate: 5,
  }),
  make('lrRight', {
    data: 'moons',
    layers: layers([8, 8], 'relu'),
    optimizer: 'sgd',
    learningRate: 0.1,
  }),
  // Few noisy points and a big network: it learns the noise (train loss falls, test loss rises).
  make('overfit', {
    data: 'circles',
    points: 80,
    noise: 35,
    trainPercent: 50,
    layers: layers([64, 64, 64], 'relu'),
    learningRate: 0.01,
    batchSize: 10,
  }),
  // The same, with dropout after every hidden layer (and a little L2): smoother, better on test.
  make('dropout', {
    data: 'circles',
    points: 80,
    noise: 35,
    trainPercent: 50,
    layers: layers([64, 64, 64], 'relu'),
    dropout: 0.5,
    regularization: 'l2',
    regRate: 0.001,
    learningRate: 0.01,
    batchSize: 10,
  }),
  // XOR is not linearly separable in (x1, x2), but is in x1·x2: no hidden layer needed.
  make('xorFeature', {
    data: 'xor',
    features: ['x1x2'],
    layers: [],
    learningRate: 0.03,
  }),
  // Three classes: a softmax output with one unit per class.
  make('threeClasses', {
    data: 'blobs',
    classes: 3,
    noise: 20,
    layers: layers([8], 'relu'),
    learningRate: 0.03,
  }),
];

/** The preset with `id`, if any. */
export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
