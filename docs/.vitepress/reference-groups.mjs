/**
 * The API reference's groups, as users think of the library, and the rule that puts each
 * export of `neurite`, `neurite/plots` and `neurite/tfjs` in one (by the source folder it
 * is declared in). scripts/build-docs.mjs writes one page per group and stops when an
 * export falls in none; the site's sidebar lists the groups in this order.
 */

/** @type {{ id: string, title: string, intro: string }[]} */
export const GROUPS = [
  {
    id: 'tensors',
    title: 'Tensors and ops',
    intro:
      'Tensor and Variable, creating tensors, and every op (math, reductions, shapes, convolution, random).',
  },
  {
    id: 'autograd',
    title: 'Autograd',
    intro: 'Gradients: GradientTape, grad, valueAndGrad, variableGrads.',
  },
  {
    id: 'backends',
    title: 'Backends and memory',
    intro: 'Choosing the backend (wasm or js), tidy, keep, dispose, memory() and the random seed.',
  },
  {
    id: 'layers',
    title: 'Layers',
    intro:
      'The layers namespace, the Layer base class, input(), activations, initializers and regularizers.',
  },
  {
    id: 'models',
    title: 'Models',
    intro: 'Model, Sequential, Functional and the chapter’s Perceptron.',
  },
  {
    id: 'training',
    title: 'Training',
    intro: 'compile, fit, evaluate, predict and their options, and compiled steps.',
  },
  {
    id: 'optimizers',
    title: 'Optimizers',
    intro: 'SGD, Adam, RMSprop and the rest, with their Keras defaults.',
  },
  { id: 'losses', title: 'Losses', intro: 'Loss functions and their string ids.' },
  { id: 'metrics', title: 'Metrics', intro: 'Metrics and their string ids.' },
  {
    id: 'callbacks',
    title: 'Callbacks',
    intro: 'Early stopping, checkpoints, schedules, logging, History.',
  },
  {
    id: 'datasets',
    title: 'Data sets',
    intro:
      'MNIST, Fashion-MNIST, toy data sets and the data pipeline (from arrays, batch, shuffle, map).',
  },
  {
    id: 'saving',
    title: 'Saving and formats',
    intro: 'loadModel, save, TF.js folders, .keras, .h5 and .onnx, and ModelIOError.',
  },
  {
    id: 'errors',
    title: 'Errors',
    intro: 'The error classes every part throws (see the troubleshooting guide for the messages).',
  },
  {
    id: 'plots',
    title: 'Plots',
    intro: 'neurite/plots: the chapter’s figures as Vega-Lite specs, SVG and PNG.',
  },
  {
    id: 'tfjs',
    title: 'TF.js compatibility',
    intro: 'neurite/tfjs: the TensorFlow.js names over Neurite, for code written against tf.*.',
  },
];

/**
 * [source folder or file prefix, group id], first match wins.
 * @type {[string, string][]}
 */
const BY_SOURCE = [
  ['src/errors.ts', 'errors'],
  ['src/ops/', 'tensors'],
  ['src/tensor/', 'tensors'],
  ['src/autograd/', 'autograd'],
  ['src/engine/', 'backends'],
  ['src/backends/', 'backends'],
  ['src/random/', 'backends'],
  ['src/layers/', 'layers'],
  ['src/activations/', 'layers'],
  ['src/initializers/', 'layers'],
  ['src/regularizers/', 'layers'],
  ['src/models/', 'models'],
  ['src/training/', 'training'],
  ['src/compile/', 'training'],
  ['src/optimizers/', 'optimizers'],
  ['src/losses/', 'losses'],
  ['src/metrics/', 'metrics'],
  ['src/callbacks/', 'callbacks'],
  ['src/datasets/', 'datasets'],
  ['src/data/', 'datasets'],
  ['src/io/', 'saving'],
  ['src/serialization/', 'saving'],
];

/**
 * The group of one export (`module`: 'neurite', 'neurite/plots' or 'neurite/tfjs';
 * `source`: its declaring file relative to the repository), or undefined when no rule
 * matches (the build then fails and names it).
 * @param {{ module: string, source: string }} entry
 * @returns {string | undefined}
 */
export function groupOf(entry) {
  if (entry.module === 'neurite/plots') return 'plots';
  if (entry.module === 'neurite/tfjs') return 'tfjs';
  return BY_SOURCE.find(([prefix]) => entry.source.startsWith(prefix))?.[1];
}
