/**
 * Subgraphs exporters emit for one function, matched before conversion so that each
 * becomes one layer: GELU written out with Erf (exact) or Tanh (approximate), Softsign
 * (Abs, Add, Div) and SiLU (Sigmoid, Mul), in any of the
 * orders exporters use, recognised by evaluating the candidate subgraph numerically rather
 * than by listing every spelling; and MatMul followed by a constant Add (a Dense's bias).
 */
import type { Graph, GraphNode } from './graph.js';
import type { ConstTensor } from './tensors.js';

/** A fused replacement: the root node's outputs are computed from `input` by `kind`. */
export interface Fusion {
  readonly kind: 'geluErf' | 'geluTanh' | 'softsign' | 'silu' | 'denseBias';
  readonly input: string;
  /** The nodes the fusion replaces (skipped by the converter). */
  readonly nodes: readonly GraphNode[];
  /** For denseBias: the MatMul and the bias constant's value name. */
  readonly matMul?: GraphNode;
  readonly bias?: string;
}

const ELEMENTWISE = new Set([
  'Mul',
  'Add',
  'Sub',
  'Div',
  'Pow',
  'Erf',
  'Tanh',
  'Sqrt',
  'Neg',
  'Abs',
  'Sigmoid',
]);
const MAX_DEPTH = 12;

/** A scalar constant's value, if `name` is one. */
type Scalar = (name: string) => number | undefined;

/**
 * Builds f(x) for the value `name` as a function of the value `x`, through elementwise nodes
 * with scalar constants only; collects the nodes used. Null when some other value enters.
 */
function expression(
  name: string,
  x: string,
  g: Graph,
  scalar: Scalar,
  used: Set<GraphNode>,
  depth = 0,
): ((v: number) => number) | null {
  if (name === x) return (v) => v;
  const k = scalar(name);
  if (k !== undefined) return () => k;
  const n = g.producer.get(name);
  if (!n || depth > MAX_DEPTH || !ELEMENTWISE.has(n.opType)) return null;
  const args = n.inputs.map((i) => expression(i, x, g, scalar, used, depth + 1));
  if (args.some((f) => f === null)) return null;
  used.add(n);
  const [a, b] = args as ((v: number) => number)[];
  switch (n.opType) {
    case 'Mul':
      return (v) => a!(v) * b!(v);
    case 'Add':
      return (v) => a!(v) + b!(v);
    case 'Sub':
      return (v) => a!(v) - b!(v);
    case 'Div':
      return (v) => a!(v) / b!(v);
    case 'Pow':
      return (v) => a!(v) ** b!(v);
    case 'Sqrt':
      return (v) => Math.sqrt(a!(v));
    case 'Neg':
      return (v) => -a!(v);
    case 'Tanh':
      return (v) => Math.tanh(a!(v));
    case 'Abs':
      return (v) => Math.abs(a!(v));
    case 'Sigmoid':
      return (v) => 1 / (1 + Math.exp(-a!(v)));
    default:
      return (v) => erf(a!(v));
  }
}

/** erf to ~1e-9 (series near 0, continued fraction beyond). */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz), accurate for |x| >= 2.5.
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

const geluErf = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
const geluTanh = (x: number): number =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
const softsign = (x: number): number => x / (1 + Math.abs(x));
const silu = (x: number): number => x / (1 + Math.exp(-x));

/** The function each seed op may be the heart of. */
const SEEDS: Readonly<Record<string, { kind: Fusion['kind']; ref: (x: number) => number }>> = {
  Erf: { kind: 'geluErf', ref: geluErf },
  Tanh: { kind: 'geluTanh', ref: geluTanh },
  Abs: { kind: 'softsign', ref: softsign },
  Sigmoid: { kind: 'silu', ref: silu },
};
const SAMPLES = [-4, -2.5, -1.3, -0.7, -0.2, 0.1, 0.45, 0.9, 1.6, 3.2];

function matches(f: (v: number) => number, ref: (v: number) => number): boolean {
  // float32 constants (1.4142135 for √2) put the exported form within ~1e-7 of the exact one.
  return SAMPLES.every((v) => Math.abs(f(v) - ref(v)) <= 2e-6 * Math.max(1, Math.abs(ref(v))));
}

/** Whether every output of `nodes` but `root`'s is read only inside `nodes`. */
function selfContained(nodes: ReadonlySet<GraphNode>, root: GraphNode, g: Graph): boolean {
  for (const n of nodes) {
    if (n === root) continue;
    for (const o of n.outputs) {
      if (g.outputNames.has(o)) return false;
      if ((g.consumers.get(o) ?? []).some((c) => !nodes.has(c))) return false;
    }
  }
  return true;
}

/** Tensor values upstream of `n` through elementwise nodes, nearest first. */
function upstream(n: GraphNode, g: Graph, scalar: Scalar): string[] {
  const out: string[] = [];
  const queue = [...n.inputs];
  for (let k = 0; k < queue.length && out.length < 16; k++) {
    const v = queue[k]!;
    if (v === '' || scalar(v) !== undefined || out.includes(v)) continue;
    out.push(v);
    const p = g.producer.get(v);
    if (p && ELEMENTWISE.has(p.opType)) queue.push(...p.inputs);
  }
  return out;
}

/** Finds the GELU subgraphs and MatMul + bias pairs. Keyed by the root node. */
export function findFusions(
  g: Graph,
  constant: (name: string) => ConstTensor | undefined,
): Map<GraphNode, Fusion> {
  const fusions = new Map<GraphNode, Fusion>();
  const taken = new Set<GraphNode>();
  const scalar: Scalar = (name) => {
    const t = constant(name);
    return t && t.data.length === 1 && !t.unknown?.[0] ? t.data[0] : undefined;
  };
  for (const seed of g.nodes) {
    const spec = SEEDS[seed.opType];
    if (!spec || taken.has(seed)) continue;
    const { kind, ref } = spec;
    // Candidate roots: down the single-consumer elementwise chain from the seed.
    const roots: GraphNode[] = [];
    let cur = seed;
    for (let k = 0; k < 6; k++) {
      const cs = g.consumers.get(cur.outputs[0] ?? '') ?? [];
      if (cs.length !== 1 || !ELEMENTWISE.has(cs[0]!.opType)) break;
      cur = cs[0]!;
      roots.push(cur);
    }
    const xs = upstream(seed, g, scalar);
    search: for (const root of roots) {
      for (const x of xs) {
        const used = new Set<GraphNode>();
        const f = expression(root.outputs[0] ?? '', x, g, scalar, used);
        if (!f || !matches(f, ref) || !selfContained(used, root, g)) continue;
        if ([...used].some((n) => taken.has(n))) continue;
        for (const n of used) taken.add(n);
        fusions.set(root, { kind, input: x, nodes: [...used] });
        break search;
      }
    }
  }
  for (const n of g.nodes) {
    if (n.opType !== 'MatMul' || taken.has(n)) continue;
    const cs = g.consumers.get(n.outputs[0] ?? '') ?? [];
    const add = cs[0];
    if (cs.length !== 1 || add?.opType !== 'Add' || g.outputNames.has(n.outputs[0]!)) continue;
    const bias = add.inputs.find((i) => i !== n.outputs[0]);
    const w = constant(n.inputs[1] ?? '');
    const b = bias === undefined ? undefined : constant(bias);
    if (!w || !b || w.dims.length !== 2) continue;
    const units = w.dims[1]!;
    const flat = b.dims.filter((d) => d !== 1);
    if (b.data.length !== units || flat.length > 1 || b.dims.length > 2) continue;
    fusions.set(add, { kind: 'denseBias', input: n.inputs[0]!, nodes: [n, add], matMul: n, bias });
    taken.add(n);
  }
  return fusions;
}
