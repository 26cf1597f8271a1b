/** Shared by the registry tests. */
/** Minimal options that build each class whose defaults do not suffice. */
export const REQUIRED: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  dense: { units: 2 },
  activation: { activation: 'relu' },
  reshape: { targetShape: [2] },
  dropout: { rate: 0.5 },
  inputLayer: { inputShape: [2] },
  conv2d: { filters: 2, kernelSize: 2 },
  permute: { dims: [1] },
  exponentialDecay: { initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 },
  inverseTimeDecay: { initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 },
  cosineDecay: { initialLearningRate: 1, decaySteps: 1 },
  piecewiseConstantDecay: { boundaries: [1], values: [1, 0.5] },
};
