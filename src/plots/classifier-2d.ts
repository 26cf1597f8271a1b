/**
 * Helpers shared by the figures that draw a classifier of the plane (decision-boundary,
 * separability): evaluating a model on a grid, and the layers that draw its probability
 * shading, its 0.5 boundary and the labelled points.
 */
import { tidy } from '../engine/tidy.js';
import type { Model } from '../models/model.js';
import { tensor } from '../ops/creation.js';
import { contourLines } from './contours.js';
import type { LayerChild, Row } from './figure.js';
import { type Area, steps } from './grid.js';
import { heatmapUrl } from './png-url.js';
import { CLASS_COLORS, PROBABILITY_RANGE } from './theme.js';

/** P(class 1) from a model with one sigmoid output, for each `[x, y]` in `points` (flat). */
export function predictProbabilities(model: Model, points: Float32Array): number[] {
  const n = points.length / 2;
  let out: number[] = [];
  tidy(() => {
    out = Array.from(model.predict(tensor(points, [n, 2]), { batchSize: 4096 }).dataSync());
  });
  return out;
}

/** Fraction of labels matched by thresholding the probabilities at 0.5. */
export function accuracyOf(probabilities: readonly number[], labels: readonly number[]): number {
  let right = 0;
  labels.forEach((l, i) => {
    if ((probabilities[i]! >= 0.5 ? 1 : 0) === l) right++;
  });
  return right / labels.length;
}

/** Frees a model's weights and its optimizer's state (plots build throwaway models). */
export function disposeModel(model: Model): void {
  model.optimizer?.dispose();
  for (const v of [...model.trainableWeights, ...model.nonTrainableWeights]) v.dispose();
}

const axisScale = (area: Area, axis: 'x' | 'y') => ({
  domain: [...area[axis]],
  nice: false,
  zero: false,
});

/** What one classifier panel draws. */
export interface ClassifierPanel {
  area: Area;
  /** Cells per side of the grid `probabilities` is sampled on. */
  n: number;
  /** P(class 1) per cell, row-major from the lowest y; null draws the points only. */
  probabilities: readonly number[] | null;
  points: readonly (readonly [number, number])[];
  labels: readonly number[];
  /** Legend names of class 0 and 1. Default `['class 0', 'class 1']`. */
  classNames?: readonly [string, string];
  /** The legend title of the classes. Default `'label'`. */
  classTitle?: string;
  /** Trace the P = 0.5 line from the grid. Default true. */
  boundary?: boolean;
  /** Prefix of the layer names, unique per panel of a figure. Default `''`. */
  prefix?: string;
  /** Area of each point's symbol in square pixels. Default 28. */
  pointSize?: number;
  /** Outline of the points. Default `'white'`. */
  pointStroke?: string;
}

/**
 * The layers of one panel: P(class 1) as smooth shading, the 0.5 boundary as a line, the
 * points coloured by class.
 */
export function classifierLayers(panel: ClassifierPanel): LayerChild[] {
  const {
    area,
    n,
    probabilities,
    points,
    labels,
    classNames = ['class 0', 'class 1'],
    classTitle = 'label',
    boundary: drawBoundary = true,
    prefix = '',
    pointSize = 28,
    pointStroke = 'white',
  } = panel;
  const layers: LayerChild[] = [];
  const x = { field: 'x', type: 'quantitative', title: 'x₁', scale: axisScale(area, 'x') } as const;
  const y = { field: 'y', type: 'quantitative', title: 'x₂', scale: axisScale(area, 'y') } as const;
  if (probabilities) {
    // The shading is one smoothed image; an invisible rect layer carries its legend.
    const fill = {
      field: 'p',
      type: 'quantitative',
      title: 'P(class 1)',
      scale: { domain: [0, 1], range: [...PROBABILITY_RANGE], interpolate: 'rgb' },
      legend: { orient: 'right', gradientLength: 120 },
    } as const;
    layers.push(
      {
        name: `${prefix}probability`,
        data: {
          values: [
            {
              x: area.x[0],
              x2: area.x[1],
              y: area.y[0],
              y2: area.y[1],
              url: heatmapUrl(probabilities, n, [0, 1], PROBABILITY_RANGE),
            },
          ],
        },
        mark: { type: 'image', aspect: false },
        encoding: {
          x,
          x2: { field: 'x2' },
          y,
          y2: { field: 'y2' },
          url: { field: 'url', type: 'nominal' },
        },
      },
      {
        name: `${prefix}probability_legend`,
        data: { values: [{ p: 0 }, { p: 1 }] },
        mark: { type: 'rect', opacity: 0 },
        encoding: { fill },
      },
    );
  }
  if (probabilities && drawBoundary) {
    const dx = (area.x[1] - area.x[0]) / n;
    const dy = (area.y[1] - area.y[0]) / n;
    const xs = steps(area.x[0] + dx / 2, area.x[1] - dx / 2, n);
    const ys = steps(area.y[0] + dy / 2, area.y[1] - dy / 2, n);
    const boundary: Row[] = contourLines(xs, ys, probabilities, [0.5]).flatMap((line, id) =>
      line.points.map(([px, py], k) => ({ x: px, y: py, line: id, k })),
    );
    if (boundary.length > 0) {
      layers.push({
        name: `${prefix}boundary`,
        data: { values: boundary },
        mark: { type: 'line', color: '#333', strokeWidth: 2, clip: true },
        encoding: {
          x,
          y,
          detail: { field: 'line', type: 'nominal' },
          order: { field: 'k', type: 'quantitative' },
        },
      });
    }
  }
  layers.push({
    name: `${prefix}points`,
    data: {
      values: points.map(([px, py], i) => ({ x: px, y: py, class: classNames[labels[i]!]! })),
    },
    mark: {
      type: 'point',
      filled: true,
      size: pointSize,
      stroke: pointStroke,
      strokeWidth: pointStroke === 'white' ? 0.6 : 1.2,
      opacity: 1,
    },
    encoding: {
      x,
      y,
      color: {
        field: 'class',
        type: 'nominal',
        title: classTitle,
        scale: { domain: [...classNames], range: [...CLASS_COLORS] },
      },
      shape: {
        field: 'class',
        type: 'nominal',
        scale: { domain: [...classNames], range: ['circle', 'square'] },
      },
    },
  });
  return layers;
}
