/**
 * The graph under construction while a model is exported: nodes, initializers, unique
 * names, and the layout of every value.
 *
 * Neurite is channels-last; ONNX's Conv, MaxPool and BatchNormalization are channels-first.
 * Each value therefore carries a permutation (`perm`: physical axis i holds logical axis
 * perm[i]; null when the tensor is laid out as in Neurite). Exporters ask for the layout
 * they need (`ctx.inLayout`) and a Transpose is written only when the value is not already
 * in it (once per value and layout), so a chain Conv → BatchNormalization → Relu → MaxPool
 * stays channels-first between one Transpose in and one out.
 *
 * This module only records what exporters ask for; it knows no layer.
 */
import type { ShapeSpec } from '../../../layers/symbolic.js';
import type { Variable } from '../../../tensor/tensor.js';
import { ModelIOError } from '../../model-io-error.js';
import {
  ONNX_ATTRIBUTE,
  ONNX_DTYPE,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from '../proto.js';

/** A tensor of the exported graph: its ONNX name, Neurite's shape for it and its layout. */
export interface OnnxValue {
  /** The ONNX tensor name. */
  readonly name: string;
  /** The shape in Neurite's (logical) layout, batch null. */
  readonly shape: ShapeSpec;
  /** Physical axis i holds logical axis perm[i]; null: Neurite's own layout. */
  readonly perm: readonly number[] | null;
}

/** An attribute value: a number is an INT unless it is wrapped by {@link float}. */
export type AttrValue = number | string | readonly number[] | { readonly float: number };

/** A FLOAT attribute (plain numbers are written as INT). */
export const float = (f: number): { readonly float: number } => ({ float: f });

/** Channels-first for a rank-4 channels-last value: [N, C, H, W] = logical [0, 3, 1, 2]. */
export const NCHW: readonly number[] = [0, 3, 1, 2];

/**
 * The permutation that moves logical `axis` to position 1 and keeps the others in order:
 * the layout in which ONNX's channel-first ops see `axis` as their channel.
 */
export function channelFirstPerm(axis: number, rank: number): readonly number[] | null {
  if (axis === 1) return null;
  const rest = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis);
  return [rest[0]!, axis, ...rest.slice(1)];
}

/** The physical position of logical `axis` in a value laid out by `perm`. */
export function physicalAxis(perm: readonly number[] | null, axis: number): number {
  return perm === null ? axis : perm.indexOf(axis);
}

function samePerm(a: readonly number[] | null, b: readonly number[] | null, rank: number): boolean {
  const norm = (p: readonly number[] | null): readonly number[] =>
    p ?? Array.from({ length: rank }, (_, i) => i);
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((d, i) => d === y[i]);
}

/** Little-endian float32 bytes (ONNX raw_data is little-endian on every host). */
function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

/** Little-endian int64 bytes. */
function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

function attribute(name: string, value: AttrValue): OnnxAttribute {
  if (typeof value === 'string') {
    return { name, type: ONNX_ATTRIBUTE.STRING, s: new TextEncoder().encode(value) };
  }
  if (typeof value === 'number') return { name, type: ONNX_ATTRIBUTE.INT, i: value };
  if (Array.isArray(value))
    return { name, type: ONNX_ATTRIBUTE.INTS, ints: [...(value as number[])] };
  return { name, type: ONNX_ATTRIBUTE.FLOAT, f: (value as { float: number }).float };
}

/** Unique names within one namespace; the hint itself when it is free. */
class Names {
  readonly #taken = new Set<string>();
  reserve(name: string): void {
    this.#taken.add(name);
  }
  take(hint: string): string {
    let name = hint;
    for (let i = 1; this.#taken.has(name); i++) name = `${hint}_${i}`;
    this.#taken.add(name);
    return name;
  }
}

/** The graph being written and what exporters may ask of it. */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly #tensorNames = new Names();
  readonly #nodeNames = new Names();
  /** Initializer of a weight (per variant: `kernel` as stored, `kernel:oihw` permuted). */
  readonly #weights = new Map<Variable, Map<string, string>>();
  readonly #constants = new Map<string, string>();
  readonly #transposes = new Map<string, string>();

  constructor(
    /** The opset being written. */
    readonly opset: number,
    /** The file name, for error messages. */
    readonly where: string,
    /** The weights' names, as Neurite saves them (`dense/kernel`, no session suffix). */
    readonly weightNames: ReadonlyMap<Variable, string> = new Map(),
  ) {}

  /** Keeps `name` out of generated tensor names (graph inputs and outputs). */
  reserveTensorName(name: string): void {
    this.#tensorNames.reserve(name);
  }

  /** A fresh tensor name from a hint. */
  tensorName(hint: string): string {
    return this.#tensorNames.take(hint);
  }

  /**
   * Appends a node and returns its output tensor names. `name` hints the node name (it is
   * made unique); the outputs are named after the node.
   */
  node(
    opType: string,
    inputs: readonly string[],
    name: string,
    attrs: Readonly<Record<string, AttrValue>> = {},
    outputs = 1,
  ): string[] {
    const nodeName = this.#nodeNames.take(name);
    const outs = Array.from({ length: outputs }, (_, i) =>
      this.tensorName(outputs === 1 ? nodeName : `${nodeName}_${i}`),
    );
    this.nodes.push({
      name: nodeName,
      opType,
      input: [...inputs],
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** One-output {@link node}. */
  op(
    opType: string,
    inputs: readonly string[],
    name: string,
    attrs: Readonly<Record<string, AttrValue>> = {},
  ): string {
    return this.node(opType, inputs, name, attrs)[0]!;
  }

  /** Adds a float32 initializer and returns its (unique) name. */
  floatInitializer(hint: string, dims: readonly number[], values: ArrayLike<number>): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) {
      throw new ModelIOError(
        `${this.where}: internal: initializer '${hint}' has ${values.length} values for dims [${dims.join(',')}]`,
        { file: this.where },
      );
    }
    const name = this.tensorName(hint);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: ONNX_DTYPE.FLOAT,
      rawData: float32Bytes(values),
    });
    return name;
  }

  /**
   * The initializer of a weight variable, named after it (`dense/kernel`), written once
   * however many nodes use it. `variant` and `make` give a transformed copy (a kernel in
   * ONNX's axis order) under `<weight>` too, made once per variant.
   */
  weight(
    v: Variable,
    variant = '',
    make?: (
      data: Float32Array,
      shape: readonly number[],
    ) => { dims: number[]; data: ArrayLike<number> },
  ): string {
    let byVariant = this.#weights.get(v);
    if (!byVariant) {
      byVariant = new Map();
      this.#weights.set(v, byVariant);
    }
    const known = byVariant.get(variant);
    if (known !== undefined) return known;
    const data = Float32Array.from(v.dataSync());
    const made = make ? make(data, v.shape) : { dims: [...v.shape], data };
    const name = this.floatInitializer(this.weightNames.get(v) ?? v.name, made.dims, made.data);
    byVariant.set(variant, name);
    return name;
  }

  /** A float32 constant (shared between nodes with the same values and dims). */
  floatConstant(hint: string, dims: readonly number[], values: readonly number[]): string {
    const key = `f|${dims.join(',')}|${values.join(',')}`;
    const known = this.#constants.get(key);
    if (known !== undefined) return known;
    const name = this.floatInitializer(hint, dims, values);
    this.#constants.set(key, name);
    return name;
  }

  /** An int64 1-D constant (shapes, pads, axes), shared between nodes. */
  int64Constant(hint: string, values: readonly number[]): string {
    const key = `i|${values.join(',')}`;
    const known = this.#constants.get(key);
    if (known !== undefined) return known;
    const name = this.tensorName(hint);
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: ONNX_DTYPE.INT64,
      rawData: int64Bytes(values),
    });
    this.#constants.set(key, name);
    return name;
  }

  /**
   * `v`'s tensor laid out by `perm` (null: Neurite's layout), transposing it if it is not
   * already (once per value and layout). `by` names the node that asks (the layer).
   */
  inLayout(v: OnnxValue, perm: readonly number[] | null, by: string): string {
    const rank = v.shape.length;
    if (samePerm(v.perm, perm, rank)) return v.name;
    const from = v.perm ?? Array.from({ length: rank }, (_, i) => i);
    const to = perm ?? Array.from({ length: rank }, (_, i) => i);
    const t = to.map((axis) => from.indexOf(axis));
    const key = `${v.name}|${t.join(',')}`;
    const known = this.#transposes.get(key);
    if (known !== undefined) return known;
    const out = this.op('Transpose', [v.name], `${by}/Transpose`, { perm: t });
    this.#transposes.set(key, out);
    return out;
  }

  /** `v`'s tensor in Neurite's layout. */
  logical(v: OnnxValue, by: string): string {
    return this.inLayout(v, null, by);
  }

  /**
   * Renames tensor `from` (made by a node) to `to` wherever it appears. Returns false
   * (changing nothing) when no node makes `from`.
   */
  renameNodeOutput(from: string, to: string): boolean {
    const maker = this.nodes.find((n) => n.output?.includes(from));
    if (!maker) return false;
    for (const n of this.nodes) {
      n.input = n.input?.map((x) => (x === from ? to : x));
      n.output = n.output?.map((x) => (x === from ? to : x));
    }
    for (const [k, name] of this.#transposes) if (name === from) this.#transposes.set(k, to);
    return true;
  }
}

/** The error for something with no ONNX form at the opset being written. */
export function noOnnxForm(g: GraphBuilder, what: string, hint = ''): ModelIOError {
  return new ModelIOError(
    `${g.where}: ${what} has no ONNX counterpart at opset ${g.opset}${hint === '' ? '' : `; ${hint}`}`,
    { file: g.where },
  );
}
