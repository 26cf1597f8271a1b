/**
 * A compiled step (Keras's `jit_compile`, TensorFlow's `tf.function`): trace once, replay
 * per batch. For each input signature (backend, and each input's shape and dtype) the step
 * runs eagerly twice, recording each run (recorder.ts); when the two recordings agree, the
 * later calls replay the plan (replay.ts) with the batch's buffers instead of running the
 * step's code. A run that cannot be recorded (host reads, undeclared random draws, …) or
 * two recordings that differ make the step eager for good: with `'auto'` after a console
 * warning naming the reason, with `true` as an error.
 *
 * What a replay does not redo: JavaScript in the step other than its kernels and declared
 * host work. Values it computed from anything but its inputs' shapes are fixed at
 * recording (as Python values are in a tf.function); the two-recording check catches
 * those that changed between the first two calls.
 */
import type { Backend } from '../backends/backend.js';
import { ENGINE } from '../engine/engine.js';
import { NeuriteError } from '../errors.js';
import { moveToBackend, type Tensor, type Variable } from '../tensor/tensor.js';
import { type Plan, planDifference } from './plan.js';
import { record, releasePlan } from './recorder.js';
import { type Prepared, prepare, replay } from './replay.js';

/** `compile({jitCompile})`: `'auto'` compiles where it can, `true` must, `false` never. */
export type JitCompile = 'auto' | boolean;

/** Input signatures a step keeps plans for; a new one past that replaces the oldest. */
export const MAX_SIGNATURES = 8;

interface Entry {
  readonly backend: Backend;
  readonly variables: readonly Variable[];
  /** The first recording, until a second one confirms it. */
  first: Plan | null;
  ready: Prepared | null;
}

/** The plans a step holds, released with it (by dispose, or when it is collected). */
interface Held {
  readonly entries: Map<string, Entry>;
}

function releaseEntry(e: Entry): void {
  if (e.first) releasePlan(e.first);
  if (e.ready) releasePlan(e.ready.plan);
  e.first = null;
  e.ready = null;
}

const collected = new FinalizationRegistry<Held>((held) => {
  for (const e of held.entries.values()) releaseEntry(e);
});

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function signature(be: Backend, inputs: readonly Tensor[]): string {
  let key = be.name;
  for (const t of inputs) key += `|${t.dtype}[${t.shape.join(',')}]`;
  return key;
}

/** The step's body: the eager computation, returning the tensors the caller needs. */
export type StepBody = () => readonly (Tensor | null)[];

/**
 * One step of a model (training, test or predict), compiled per input signature. `name`
 * names it in messages ("train step").
 */
export class CompiledStep {
  readonly #held: Held = { entries: new Map() };
  #eager: string | null = null;
  #replays = 0;

  constructor(
    readonly name: string,
    readonly mode: JitCompile,
  ) {
    collected.register(this, this.#held, this);
  }

  /** Why the step runs eagerly for good (null while it compiles). */
  get eagerReason(): string | null {
    return this.#eager;
  }

  /** How many calls were replays so far. */
  get replays(): number {
    return this.#replays;
  }

  /** How many signatures have a plan ready to replay. */
  get readyPlans(): number {
    let n = 0;
    for (const e of this.#held.entries.values()) if (e.ready) n++;
    return n;
  }

  /**
   * Runs the step on `inputs`: by replaying its plan for their signature when there is
   * one, else by running `body` eagerly (recording it while the step may compile).
   * `variables()` lists the state the step reads and assigns, in a stable order; a
   * recording during which it changed (the model built its weights) is dropped.
   */
  run(
    inputs: readonly Tensor[],
    variables: () => readonly Variable[],
    body: StepBody,
  ): readonly (Tensor | null)[] {
    // Under an outer gradient tape the step's ops must be recorded on it: run them.
    if (this.mode === false || this.#eager !== null || ENGINE.tapes.length > 0) return body();
    const be = ENGINE.backend;
    const vars = variables();
    for (const t of inputs) moveToBackend(t, be, this.name);
    for (const v of vars) moveToBackend(v, be, this.name);
    const key = signature(be, inputs);
    const entries = this.#held.entries;
    let entry = entries.get(key);
    if (entry && (entry.backend !== be || !sameList(entry.variables, vars))) {
      // Another model state (weights added, trainability changed): record afresh.
      releaseEntry(entry);
      entries.delete(key);
      entry = undefined;
    }
    if (entry?.ready) {
      this.#replays++;
      return replay(be, entry.ready, inputs, vars);
    }
    if (!entry && entries.size >= MAX_SIGNATURES) {
      // Many shapes (predict on inputs of every size): the oldest signature makes room.
      const [oldest, e] = entries.entries().next().value!;
      releaseEntry(e);
      entries.delete(oldest);
    }
    const { outputs, recording } = record(be, inputs, vars, body);
    if (!sameList(vars, variables())) {
      // The first call built the model: its weights are new, so this run is no plan.
      if (recording.ok) releasePlan(recording.plan);
      return outputs;
    }
    if (!recording.ok) {
      this.#fallBack(recording.reason);
      return outputs;
    }
    if (!entry) {
      entries.set(key, { backend: be, variables: vars, first: recording.plan, ready: null });
      return outputs;
    }
    const first = entry.first!;
    entry.first = null;
    const diff = planDifference(first, recording.plan);
    releasePlan(first);
    if (diff !== null) {
      releasePlan(recording.plan);
      entries.delete(key);
      this.#fallBack(
        `two runs with the same input shapes differ (${diff}): the step depends on JavaScript state`,
      );
      return outputs;
    }
    entry.ready = prepare(be, recording.plan);
    return outputs;
  }

  #fallBack(reason: string): void {
    for (const e of this.#held.entries.values()) releaseEntry(e);
    this.#held.entries.clear();
    if (this.mode === true) {
      throw new NeuriteError(
        `${this.name}: jitCompile is true, but the step cannot be compiled: ${reason}. Compile with jitCompile: 'auto' to fall back to eager execution, or false`,
      );
    }
    this.#eager = reason;
    console.warn(
      `${this.name}: jitCompile 'auto': running eagerly from now on, because ${reason}. Compile with jitCompile: false to skip compiling.`,
    );
  }

  /** Releases every plan (their constants); the step may record again afterwards. */
  dispose(): void {
    for (const e of this.#held.entries.values()) releaseEntry(e);
    this.#held.entries.clear();
  }
}
