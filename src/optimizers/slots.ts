/**
 * An optimizer's per-variable state ("slots": Adam's m and v, …): non-trainable Variables
 * created lazily by `build(vars)` and updated in place by the update rules, plus the state
 * `setWeights` read for variables not built yet, adopted when `build` meets them. The
 * optimizer base class (optimizer.ts) owns one store; this file knows nothing of updates,
 * clipping or schedules.
 */
import { NeuriteError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { fill } from '../ops/creation.js';
import { clone } from '../ops/shape-ops.js';
import { shapesEqual } from '../tensor/shape.js';
import { Variable } from '../tensor/tensor.js';
import type { NamedTensor } from './optimizer.js';
import type { ParsedState } from './state.js';

/** What the store asks of its optimizer (read at each call: subclasses answer). */
export interface SlotOwner {
  /** The optimizer's class name, for messages. */
  className(): string;
  /** Names of the per-variable slots, in the order getWeights lists them. */
  slotNames(): readonly string[];
  /** The value a new slot starts at. */
  initialSlotValue(slot: string): number;
}

interface PendingSlot {
  readonly varName: string;
  readonly slot: string;
  readonly value: Variable;
}

/** The slots of every variable an optimizer has built, and state waiting for its variable. */
export class SlotStore {
  readonly #owner: SlotOwner;
  /** Slots per variable, in build order (the order getWeights lists them). */
  readonly #slots = new Map<Variable, Map<string, Variable>>();
  /** State read by setWeights for variables not built yet, in the order it was given. */
  #pending: PendingSlot[] = [];

  constructor(owner: SlotOwner) {
    this.#owner = owner;
  }

  /** Variables the store holds state for, in build order. */
  get variables(): Variable[] {
    return [...this.#slots.keys()];
  }

  /** Every slot of every variable, in build order. */
  get stateVariables(): Variable[] {
    const out: Variable[] = [];
    for (const slots of this.#slots.values()) for (const s of slots.values()) out.push(s);
    return out;
  }

  /** The slot `name` of `variable`. */
  slot(variable: Variable, name: string): Variable {
    const s = this.#slots.get(variable)?.get(name);
    if (!s) {
      throw new NeuriteError(
        `internal: ${this.#owner.className()} has no slot '${name}' for variable '${variable.name}'`,
      );
    }
    return s;
  }

  /** Creates the slots of every variable not seen before, adopting pending state. */
  build(vars: readonly Variable[]): void {
    const fresh: Variable[] = [];
    for (const v of vars) {
      if (!(v instanceof Variable)) {
        throw new ValueError(
          `${this.#owner.className()}.build: expected Variables, received ${typeof v}`,
        );
      }
      if (!this.#slots.has(v) && !fresh.includes(v)) fresh.push(v);
    }
    if (fresh.length === 0) return;
    const names = this.#owner.slotNames();
    const matched = this.#matchPending(fresh, 'build');
    this.#pending = this.#pending.filter((p) => !matched.some((m) => m.entry === p));
    for (const v of fresh) {
      const slots = new Map<string, Variable>();
      for (const s of names) {
        const adopted = matched.find((m) => m.variable === v && m.entry.slot === s);
        slots.set(s, adopted ? adopted.entry.value : this.#newSlot(v, s));
      }
      this.#slots.set(v, slots);
    }
  }

  #newSlot(v: Variable, slot: string): Variable {
    const init = fill(v.shape, this.#owner.initialSlotValue(slot), 'float32');
    const s = new Variable(init, false, `${v.name}/${slot}`);
    init.dispose();
    return s;
  }

  /**
   * Pairs pending state with `vars`: by name (`<variable>/<slot>`) when any name matches,
   * else by position (the k-th saved entry of each slot goes to the k-th variable, as TF.js
   * and Keras restore). Checks shapes; mutates nothing.
   */
  #matchPending(
    vars: readonly Variable[],
    where: string,
  ): { variable: Variable; entry: PendingSlot }[] {
    const out: { variable: Variable; entry: PendingSlot }[] = [];
    if (this.#pending.length === 0) return out;
    const byName = vars.some((v) => this.#pending.some((p) => p.varName === v.name));
    for (const s of this.#owner.slotNames()) {
      const entries = this.#pending.filter((p) => p.slot === s);
      vars.forEach((v, i) => {
        const entry = byName ? entries.find((p) => p.varName === v.name) : entries[i];
        if (!entry) return;
        if (!shapesEqual(entry.value.shape, v.shape)) {
          throw new ShapeError(
            `${this.#owner.className()}.${where}: saved state '${entry.varName}/${entry.slot}' has shape ${fmtShape(entry.value.shape)}, but variable '${v.name}' has shape ${fmtShape(v.shape)}`,
          );
        }
        out.push({ variable: v, entry });
      });
    }
    return out;
  }

  /**
   * Copies of the slots as `<variable name>/<slot>`, slot by slot, variables in build
   * order, pending state after the built variables of each slot.
   */
  named(): NamedTensor[] {
    const out: NamedTensor[] = [];
    for (const s of this.#owner.slotNames()) {
      for (const [v, slots] of this.#slots) {
        out.push({ name: `${v.name}/${s}`, tensor: clone(slots.get(s)!) });
      }
      for (const p of this.#pending) {
        if (p.slot === s) out.push({ name: `${p.varName}/${s}`, tensor: clone(p.value) });
      }
    }
    return out;
  }

  /**
   * Restores slot values read by `setWeights` (copying them): into the built variables they
   * match, the rest kept pending. On a shape mismatch nothing changes.
   */
  restore(entries: ParsedState['entries']): void {
    const fresh: PendingSlot[] = entries.map((e) => ({
      varName: e.varName,
      slot: e.slot,
      value: new Variable(e.tensor, false, `${e.varName}/${e.slot}`),
    }));
    const old = this.#pending;
    this.#pending = fresh;
    let matched: { variable: Variable; entry: PendingSlot }[];
    try {
      matched = this.#matchPending(this.variables, 'setWeights');
    } catch (e) {
      this.#pending = old;
      for (const p of fresh) p.value.dispose();
      throw e;
    }
    for (const p of old) p.value.dispose();
    for (const { variable, entry } of matched) {
      this.#slots.get(variable)!.get(entry.slot)!.assign(entry.value);
      entry.value.dispose();
    }
    this.#pending = fresh.filter((p) => !matched.some((m) => m.entry === p));
  }

  /** Frees every slot and the pending state. */
  dispose(): void {
    for (const slots of this.#slots.values()) for (const s of slots.values()) s.dispose();
    for (const p of this.#pending) p.value.dispose();
    this.#slots.clear();
    this.#pending = [];
  }
}
