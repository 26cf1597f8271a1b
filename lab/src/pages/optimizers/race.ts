/**
 * The race itself: each optimizer minimizing the surface over its own two `nn.variable`s
 * (x and y) with `optimizer.minimize`, the real `nn.optimizers` update on gradients from
 * autograd. The page calls `step()` a few times per animation frame.
 */
import * as nn from 'neurite';
import { makeOptimizer, type OptimizerId, type RacerSettings } from './catalogue.js';
import type { RaceSurface } from './surfaces.js';

/** A coordinate beyond this counts as gone (the saddle has no bottom). */
const FAR = 1e6;

/** One optimizer's trajectory so far. */
export interface RacerPath {
  id: OptimizerId;
  /** The start, then the point after each step. */
  points: [number, number][];
  /** f at each point. */
  losses: number[];
  /** Stopped because a coordinate became non-finite or left for infinity. */
  diverged: boolean;
}

interface Racer extends RacerPath {
  optimizer: nn.optimizers.Optimizer;
  x: nn.Variable;
  y: nn.Variable;
  /** The last loss is a placeholder until the next step (or a read) computes it. */
  pending: boolean;
}

function read(v: nn.Variable): number {
  return v.dataSync()[0]!;
}

/** A race of several optimizers from one start on one surface, for up to `steps` steps. */
export class Race {
  readonly surface: RaceSurface;
  readonly start: readonly [number, number];
  readonly steps: number;
  #step = 0;
  readonly #racers: Racer[];

  constructor(
    surface: RaceSurface,
    start: readonly [number, number],
    racers: readonly RacerSettings[],
    steps: number,
  ) {
    this.surface = surface;
    this.start = start;
    this.steps = steps;
    const z0 = nn.tidy(() => surface.fn(nn.scalar(start[0]), nn.scalar(start[1])));
    const f0 = z0.dataSync()[0]!;
    z0.dispose();
    this.#racers = racers.map((s) => ({
      id: s.id,
      optimizer: makeOptimizer(s),
      x: nn.variable(start[0], true, `${s.id}/x`),
      y: nn.variable(start[1], true, `${s.id}/y`),
      points: [[start[0], start[1]]],
      losses: [f0],
      diverged: false,
      pending: false,
    }));
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.#step;
  }

  /** Whether every racer has taken all its steps (or diverged). */
  get done(): boolean {
    return this.#step >= this.steps || this.#racers.every((r) => r.diverged);
  }

  /** One optimizer step for every racer still running; false once the race is done. */
  step(): boolean {
    if (this.done) return false;
    const { fn } = this.surface;
    for (const r of this.#racers) {
      if (r.diverged) continue;
      // minimize returns f before its update: the loss of the last point so far.
      r.losses[r.losses.length - 1] = r.optimizer.minimize(() => fn(r.x, r.y), [r.x, r.y]);
      r.pending = false;
      const p: [number, number] = [read(r.x), read(r.y)];
      if (!p.every((c) => Number.isFinite(c) && Math.abs(c) < FAR)) {
        r.diverged = true;
        continue;
      }
      r.points.push(p);
      r.losses.push(NaN);
      r.pending = true;
    }
    this.#step += 1;
    return true;
  }

  /**
   * The paths so far (live arrays: copy them to keep a snapshot). The newest point's loss
   * is computed here, once per read rather than once per step: the next step's `minimize`
   * computes it anyway.
   */
  paths(): readonly RacerPath[] {
    for (const r of this.#racers) {
      if (!r.pending) continue;
      const z = nn.tidy(() => this.surface.fn(r.x, r.y));
      r.losses[r.losses.length - 1] = z.dataSync()[0]!;
      z.dispose();
      r.pending = false;
    }
    return this.#racers;
  }

  /** Frees the variables and the optimizers' state. */
  dispose(): void {
    for (const r of this.#racers) {
      r.x.dispose();
      r.y.dispose();
      r.optimizer.dispose();
    }
    this.#racers.length = 0;
  }
}
