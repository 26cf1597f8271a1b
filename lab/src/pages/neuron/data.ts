/** The neuron page's points: the presets (AND, OR, XOR), and their URL form. */

/** A point of class 0 or 1. */
export interface Point {
  x: number;
  y: number;
  label: 0 | 1;
}

/** The presets: the four corners of the unit square labelled by a logic gate. */
export type Preset = 'and' | 'or' | 'xor';
export const PRESETS: readonly Preset[] = ['and', 'or', 'xor'];

const GATES: Record<Preset, (a: number, b: number) => 0 | 1> = {
  and: (a, b) => (a && b ? 1 : 0),
  or: (a, b) => (a || b ? 1 : 0),
  xor: (a, b) => (a !== b ? 1 : 0),
};

/** The four corners (0,0), (0,1), (1,0), (1,1) labelled by `preset`. */
export function presetPoints(preset: Preset): Point[] {
  return [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ].map(([a, b]) => ({ x: a!, y: b!, label: GATES[preset](a!, b!) }));
}

/** The plotting area: [-0.5, 1.5]² holds the corners with a margin. */
export const PLANE = { min: -0.5, max: 1.5 };
/** At most this many points (each is one sample of the training set). */
export const MAX_POINTS = 60;

/** Points as `x,y,label;…` (2 decimals) for the URL. */
export function encodePoints(points: readonly Point[]): string {
  return points.map((p) => `${+p.x.toFixed(2)},${+p.y.toFixed(2)},${p.label}`).join(';');
}

/** Points from {@link encodePoints}'s form; malformed entries are left out, at most MAX_POINTS. */
export function decodePoints(text: string): Point[] {
  const out: Point[] = [];
  for (const part of text.split(';')) {
    const [x, y, label] = part.split(',').map(Number);
    if (
      ![x, y].every(
        (v) => v !== undefined && Number.isFinite(v) && v >= PLANE.min && v <= PLANE.max,
      )
    )
      continue;
    if (label !== 0 && label !== 1) continue;
    out.push({ x: x!, y: y!, label });
    if (out.length >= MAX_POINTS) break;
  }
  return out;
}
