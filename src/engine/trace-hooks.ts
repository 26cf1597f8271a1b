/**
 * The hooks by which code below a compiled step (ops, layers, losses) tells a recording
 * step (src/compile/) about host work a replay must redo: values drawn from a random
 * stream (a dropout mask), and host functions of tensor values (a loss checking and
 * converting its labels). With no listener, as on the eager path, every hook costs one
 * property read. This module holds that state only; it must not import ops or tensors.
 */
import type { DataHandle } from '../backends/backend.js';
import type { DataArray } from '../tensor/dtype.js';

/** What a recording compiled step listens to (src/compile/recorder.ts implements it). */
export interface TraceListener {
  /**
   * `h`, just uploaded, holds host values that `produce` draws again, in the same order,
   * at every replay (a random mask from its layer's stream).
   */
  regenerable(h: DataHandle, produce: () => DataArray): void;
  /**
   * `outputs`, just uploaded, hold `fn` of the values of `inputs`: a replay reads the
   * inputs, calls `fn` (which may throw, as it would eagerly) and uploads its results.
   */
  hostOp(
    name: string,
    inputs: readonly DataHandle[],
    outputs: readonly DataHandle[],
    fn: (values: readonly DataArray[]) => readonly DataArray[],
  ): void;
}

/** The recording step's listener (null when nothing records) and the host-work depths. */
export const TRACE: {
  listener: TraceListener | null;
  /** > 0 while a host op reads its inputs: reads a replay redoes, allowed while recording. */
  hostReads: number;
  /** > 0 while a regenerable producer draws random numbers. */
  randomDraws: number;
} = { listener: null, hostReads: 0, randomDraws: 0 };
