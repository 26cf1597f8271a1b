/**
 * `neurite/plots`: the chapter's figures, each computed with Neurite's own code (activations and
 * their autograd derivatives, perceptrons and networks trained with `fit`, real optimizers
 * stepping real variables) and drawn as a Vega-Lite spec. A figure renders to SVG or PNG in
 * Node (`toSVG`, `toPNG`, `writeFigure`), and its spec renders in a browser with vega-embed.
 *
 * @example
 * import * as plots from 'neurite/plots';
 * const fig = plots.optimizerPaths({ surface: 'saddle' });
 * await plots.writeFigure(fig, 'saddle.svg');
 */
export { MissingPackageError } from './optional-module.js';
export { Figure, FIGURE_NAMES, type FigureName, type Row } from './figure.js';
export { specToSVG, svgToPNG, type PngOptions } from './render.js';
export { writeFigure, type WrittenFigure, type FigureFormat } from './write-figure.js';
export {
  activations,
  activationsData,
  CHAPTER_ACTIVATIONS,
  type ActivationsArgs,
  type ActivationsData,
  type ActivationCurve,
} from './activations.js';
export {
  separability,
  separabilityData,
  GATES,
  GATE_INPUTS,
  type SeparabilityArgs,
  type SeparabilityData,
  type PerceptronResult,
} from './separability.js';
export {
  decisionBoundary,
  decisionBoundaryData,
  type DecisionBoundaryArgs,
  type DecisionBoundaryData,
  type BoundaryPanel,
} from './decision-boundary.js';
export {
  toyDataset,
  TOY_DATASETS,
  type ToyDataset,
  type ToyDatasetArgs,
  type ToyDatasetName,
} from './toy-data.js';
export {
  gradientField,
  gradientFieldData,
  type GradientFieldArgs,
  type GradientFieldData,
  type GradientArrow,
} from './gradient-field.js';
export {
  parseExpression,
  compileExpression,
  evaluateExpression,
  EXPRESSION_FUNCTIONS,
  type Expr,
} from './expression.js';
export {
  optimizerPaths,
  optimizerPathsData,
  runOptimizer,
  PATH_OPTIMIZERS,
  PATH_PRESETS,
  PATH_MOMENTUM,
  type OptimizerPathsArgs,
  type OptimizerPathsData,
  type OptimizerPath,
  type PathOptimizerName,
} from './optimizer-paths.js';
export {
  SURFACES,
  SURFACE_NAMES,
  type Surface,
  type SurfaceName,
  type SurfacePoint,
} from './surfaces.js';
export {
  history,
  historyData,
  type HistoryInput,
  type HistoryRecord,
  type HistoryData,
  type HistoryCurve,
} from './history.js';
export {
  samples,
  samplesData,
  type SamplesArgs,
  type SamplesData,
  type PredictionsInput,
} from './samples.js';
export { softmax, softmaxData, type SoftmaxArgs, type SoftmaxData } from './softmax.js';
export { plotCommand, plotHelp, PLOT_OPTIONS, PLOT_FLAGS, type PlotOptionValue } from './cli.js';
