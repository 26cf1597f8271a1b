/**
 * The gradient tape: records the ops run on tensors it tracks, then runs the backward pass.
 *
 * A tape tracks tensors it was asked to watch, trainable variables (unless told not to)
 * and every output of an op with a tracked input. For each recorded op it keeps tape-owned
 * copies of the inputs and outputs, so the caller may dispose them (or tidy them away)
 * before asking for gradients. Gradients of every op live next to its forward definition
 * in ops/; this module only walks the graph.
 */
import { type ActiveTape, type BackwardFn, ENGINE } from '../engine/engine.js';
import { withoutTapes } from '../engine/tape-scope.js';
import { internalClone, makeTensor, shareTensor, Tensor, Variable } from '../tensor/tensor.js';
import { tidy } from '../engine/tidy.js';
import { NeuriteError, ShapeError, fmtShape } from '../errors.js';
import { shapesEqual } from '../tensor/shape.js';

interface TapeNode {
  readonly name: string;
  readonly inputIds: readonly number[];
  readonly outputIds: readonly number[];
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly needs: readonly boolean[];
  readonly backward: BackwardFn;
}

const releaser = new FinalizationRegistry<Tensor[]>((saved) => {
  for (const t of saved) t.dispose();
});

export class Tape implements ActiveTape {
  readonly nodes: TapeNode[] = [];
  readonly #watched = new Set<number>();
  /** Trainable variables read by recorded ops, in first-use order. */
  readonly accessedVariables: Variable[] = [];
  readonly #saved: Tensor[] = [];
  #released = false;

  constructor(readonly watchAccessedVariables = true) {
    releaser.register(this, this.#saved, this);
  }

  watch(t: Tensor): void {
    this.#watched.add(t.id);
  }

  tracks(t: Tensor): boolean {
    return (
      this.#watched.has(t.id) ||
      (this.watchAccessedVariables && t instanceof Variable && t.trainable)
    );
  }

  get released(): boolean {
    return this.#released;
  }

  onOp(
    name: string,
    inputs: readonly Tensor[],
    outputs: readonly Tensor[],
    backward: BackwardFn,
  ): void {
    if (this.#released) return;
    let any = false;
    const needs = inputs.map((t) => {
      const n = this.tracks(t) && t.dtype === 'float32';
      any ||= n;
      return n;
    });
    if (!any) return;
    for (const [k, t] of inputs.entries()) {
      if (needs[k] && t instanceof Variable && t.trainable && !this.accessedVariables.includes(t))
        this.accessedVariables.push(t);
    }
    for (const o of outputs) this.#watched.add(o.id);
    const ins = inputs.map(internalClone);
    const outs = outputs.map(internalClone);
    this.#saved.push(...ins, ...outs);
    this.nodes.push({
      name,
      inputIds: inputs.map((t) => t.id),
      outputIds: outputs.map((t) => t.id),
      inputs: ins,
      outputs: outs,
      needs,
      backward,
    });
  }

  /**
   * Gradients of `target` with respect to `sources` (zeros for sources it does not depend
   * on). `dy` seeds the backward pass; it defaults to ones.
   */
  gradient(target: Tensor, sources: readonly Tensor[], dy?: Tensor): Tensor[] {
    if (this.#released) {
      throw new NeuriteError(
        'GradientTape.gradient: this tape was already used; create it with {persistent: true} to call gradient() more than once',
      );
    }
    target.assertAlive('GradientTape.gradient (target)');
    if (dy && !shapesEqual(dy.shape, target.shape)) {
      throw new ShapeError(
        `GradientTape.gradient: the output gradient has shape ${fmtShape(dy.shape)}, the target ${fmtShape(target.shape)}`,
      );
    }
    // Nothing the backward pass runs is recorded by any tape.
    return withoutTapes(() =>
      tidy(() => {
        const grads = new Map<number, Tensor>();
        grads.set(target.id, dy ?? onesLike(target));
        const needed = this.#reachable(target.id, new Set(sources.map((s) => s.id)));
        for (let i = this.nodes.length - 1; i >= 0; i--) {
          const node = this.nodes[i]!;
          if (!needed.has(i)) continue;
          let anyDy = false;
          const dys = node.outputIds.map((id, k) => {
            const g = grads.get(id);
            if (g) anyDy = true;
            return g ?? zerosLike(node.outputs[k]!);
          });
          if (!anyDy) continue;
          const inGrads = node.backward(dys, node.inputs, node.outputs, node.needs);
          for (let k = 0; k < node.inputIds.length; k++) {
            const g = inGrads[k];
            if (!g || !node.needs[k]) continue;
            const x = node.inputs[k]!;
            if (!shapesEqual(g.shape, x.shape)) {
              throw new Error(
                `internal: gradient of ${node.name} input ${k} has shape ${fmtShape(g.shape)}, expected ${fmtShape(x.shape)}`,
              );
            }
            const id = node.inputIds[k]!;
            const prev = grads.get(id);
            grads.set(id, prev ? addGrads(prev, g) : g);
          }
        }
        // Each source gets its own handle: one gradient tensor may serve several sources
        // (add's rule returns dy twice) or be the caller's `dy`, and disposing one result
        // must not dispose another, nor anything the caller owns. Handles share storage.
        return sources.map((s) => {
          const g = grads.get(s.id);
          return g ? shareTensor(g, g.shape) : zerosLike(s);
        });
      }),
    );
  }

  /** Indices of nodes on some path from a source to the target. */
  #reachable(targetId: number, sourceIds: ReadonlySet<number>): Set<number> {
    // Forward: which tensor ids depend on a source.
    const fromSource = new Set<number>(sourceIds);
    const forward = new Set<number>();
    this.nodes.forEach((n, i) => {
      if (n.inputIds.some((id) => fromSource.has(id))) {
        forward.add(i);
        for (const id of n.outputIds) fromSource.add(id);
      }
    });
    // Backward: which of those lead to the target.
    const toTarget = new Set<number>([targetId]);
    const out = new Set<number>();
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i]!;
      if (!forward.has(i) || !n.outputIds.some((id) => toTarget.has(id))) continue;
      out.add(i);
      for (const id of n.inputIds) toTarget.add(id);
    }
    return out;
  }

  /** Frees the tape's saved tensors. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    releaser.unregister(this);
    for (const t of this.#saved) t.dispose();
    this.#saved.length = 0;
    this.nodes.length = 0;
  }
}

// The three tensor functions the walk itself needs, straight from the backend (autograd
// sits below ops/ and must not import them).
function filled(t: Tensor, value: number): Tensor {
  return makeTensor(ENGINE.backend.fill(t.size, value, t.dtype), t.shape, t.dtype);
}
const onesLike = (t: Tensor): Tensor => filled(t, 1);
const zerosLike = (t: Tensor): Tensor => filled(t, 0);
function addGrads(a: Tensor, b: Tensor): Tensor {
  return makeTensor(ENGINE.backend.binary('add', a, b, a.shape, a.dtype), a.shape, a.dtype);
}
