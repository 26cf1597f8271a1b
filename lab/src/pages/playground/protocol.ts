/**
 * Messages between the playground page and its training worker (worker.ts). Every request
 * carries the page's `generation` (bumped at each change of the state); the worker stamps
 * its frames with it, so the page drops frames of a network it has already replaced.
 */
import type { PlaygroundState } from './state.js';
import type { CurvePoint, Score } from './trainer.js';

/** Page → worker. */
export type ToWorker =
  /** A new state: new data and a fresh network (epoch 0); a frame follows. */
  | { type: 'reset'; generation: number; state: PlaygroundState }
  /** One epoch, then a frame. */
  | { type: 'step'; generation: number }
  /** Train until `pause`, sending frames as the page takes them. */
  | { type: 'play'; generation: number }
  /** Stop training; a frame of where it stopped follows. */
  | { type: 'pause'; generation: number }
  /** The page has drawn the last frame: the next may come. */
  | { type: 'ack'; generation: number };

/** One picture of the training: scores, curves and the maps' pixels. */
export interface Frame {
  type: 'frame';
  generation: number;
  epoch: number;
  steps: number;
  /** Null when the data cannot be trained on (fewer than 2 classes or 4 points). */
  train: Score | null;
  test: Score | null;
  /** The loss curves, thinned to a few hundred points. */
  curve: CurvePoint[];
  /** RGBA of the decision map, MAP_RES². */
  map: Uint8ClampedArray<ArrayBuffer> | null;
  /** Per hidden layer, RGBA of each unit's map one after another (units × NEURON_RES² × 4). */
  neurons: Uint8ClampedArray<ArrayBuffer>[];
}

/** Worker → page. */
export type FromWorker = Frame | { type: 'error'; generation: number; message: string };
