/**
 * The page's state and its URL form: `s` the surface, `x`/`y` the start, `n` the steps,
 * `opt` the optimizers in the race with their settings (`sgd:0.05,momentum:0.05:0.9`:
 * id, learning rate, then the extra setting where the optimizer has one). Anything
 * malformed in a URL falls back to the surface's defaults; nothing in it throws.
 */
import {
  defaultSettings,
  OPTIMIZER_IDS,
  OPTIMIZERS,
  type OptimizerId,
  type RacerSettings,
} from './catalogue.js';
import { isSurfaceId, SURFACES, type SurfaceId } from './surfaces.js';

/** The most steps a race runs. */
export const MAX_STEPS = 5000;
/** Start coordinates are kept within ±this. */
export const MAX_COORD = 1000;
/** Learning rates are kept within (0, this]. */
export const MAX_LR = 1000;

/** Everything the page's race depends on. */
export interface RaceState {
  surface: SurfaceId;
  start: [number, number];
  steps: number;
  /** Which optimizers race. */
  enabled: Set<OptimizerId>;
  /** Every optimizer's settings (kept when it is switched off). */
  settings: Record<OptimizerId, RacerSettings>;
}

/** The state a surface opens with: its start, steps, learning rates and the default racers. */
export function defaultState(surface: SurfaceId): RaceState {
  const s = SURFACES[surface];
  return {
    surface,
    start: [s.start[0], s.start[1]],
    steps: s.steps,
    enabled: new Set(OPTIMIZER_IDS.filter((id) => OPTIMIZERS[id].defaultOn)),
    settings: allDefaults(surface),
  };
}

/** Every optimizer's default settings on `surface`. */
export function allDefaults(surface: SurfaceId): Record<OptimizerId, RacerSettings> {
  return Object.fromEntries(
    OPTIMIZER_IDS.map((id) => [id, defaultSettings(id, surface)]),
  ) as Record<OptimizerId, RacerSettings>;
}

/** The settings of the optimizers that race, in the catalogue's order. */
export function racers(state: RaceState): RacerSettings[] {
  return OPTIMIZER_IDS.filter((id) => state.enabled.has(id)).map((id) => state.settings[id]);
}

/** A number from the URL, or null when missing or not finite. */
function num(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/** Whether `lr` is a usable learning rate. */
export function validLearningRate(lr: number): boolean {
  return Number.isFinite(lr) && lr > 0 && lr <= MAX_LR;
}

/** Whether `v` is a usable value of `id`'s extra setting. */
export function validExtra(id: OptimizerId, v: number): boolean {
  const extra = OPTIMIZERS[id].extra;
  return extra !== null && Number.isFinite(v) && v >= extra.min && v <= extra.max;
}

/** Whether `n` is a usable step count. */
export function validSteps(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_STEPS;
}

/** Reads the state from the page's URL parameters. */
export function parseState(params: URLSearchParams): RaceState {
  const s = params.get('s');
  const state = defaultState(isSurfaceId(s) ? s : 'saddle');
  const x = num(params.get('x'));
  const y = num(params.get('y'));
  if (x !== null && y !== null && Math.abs(x) <= MAX_COORD && Math.abs(y) <= MAX_COORD)
    state.start = [round(x), round(y)];
  const n = num(params.get('n'));
  if (n !== null && validSteps(n)) state.steps = n;
  const opt = params.get('opt');
  if (opt !== null) {
    const enabled = new Set<OptimizerId>();
    for (const item of opt.split(',')) {
      const [id, lr, extra] = item.split(':');
      if (!(OPTIMIZER_IDS as readonly string[]).includes(id ?? '')) continue;
      const oid = id as OptimizerId;
      enabled.add(oid);
      const l = num(lr);
      if (l !== null && validLearningRate(l)) state.settings[oid].learningRate = l;
      const e = num(extra);
      if (e !== null && validExtra(oid, e)) state.settings[oid].extra = e;
    }
    state.enabled = enabled;
  }
  return state;
}

/** The state as the page's URL parameters (what `ctx.setParams` takes). */
export function formatState(state: RaceState): Record<string, string | number> {
  const opt = racers(state)
    .map((r) =>
      OPTIMIZERS[r.id].extra ? `${r.id}:${r.learningRate}:${r.extra}` : `${r.id}:${r.learningRate}`,
    )
    .join(',');
  return {
    s: state.surface,
    x: round(state.start[0]),
    y: round(state.start[1]),
    n: state.steps,
    opt,
  };
}

/** A coordinate to 4 significant digits (0.001 stays 0.001): as the URL, the inputs and the code show it. */
export function round(v: number): number {
  return Number(v.toPrecision(4));
}
