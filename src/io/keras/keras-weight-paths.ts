/**
 * Where Keras 3 keeps a layer's weights inside the layer's group of `model.weights.h5`.
 * Most layers keep them in their own `vars/0..n`; a layer built from sublayers keeps them
 * under each sublayer's group (`saving_lib._save_state` walks the sublayers by attribute
 * name): a recurrent layer under its cell (`cell/vars/0..2`), a Bidirectional under
 * `forward_layer/…` and `backward_layer/…`, a TimeDistributed under `layer/…`, a
 * MultiHeadAttention under `query_dense/vars/0` … (the layer lists those itself as
 * `kerasWeightPaths`). Checked against files real Keras 3.16 wrote
 * (test/fixtures/keras-made/rnn, misc).
 */
import { Bidirectional } from '../../layers/bidirectional.js';
import type { Layer } from '../../layers/layer.js';
import { Recurrent } from '../../layers/recurrent.js';
import { TimeDistributed } from '../../layers/time-distributed.js';
import { classNameToSnakeCase } from '../../serialization/keys.js';
import type { Variable } from '../../tensor/tensor.js';

/** One `vars` group Keras writes for a layer: its folder inside the layer's group ('' for the layer's own) and its `name` attribute. */
export interface KerasVarsGroup {
  dir: string;
  name: string;
}

/**
 * A layer's weights' paths (in `layer.weights` order, e.g. `cell/vars/1`), every `vars`
 * group Keras writes for it, and each weight's sublayer scope as Keras 3 names variables
 * (`forward_lstm/lstm_cell/`; '' for the layer's own weights), used in legacy `.h5` names.
 */
export interface KerasWeightLayout {
  paths: string[];
  groups: KerasVarsGroup[];
  scopes: string[];
}

interface Placed {
  variable: Variable;
  path: string;
  scope: string;
}

/** A layer that names its own weights' Keras paths (MultiHeadAttention). */
function ownPaths(layer: Layer): string[] | undefined {
  const p: unknown = (layer as { kerasWeightPaths?: unknown }).kerasWeightPaths;
  return Array.isArray(p) && p.every((x) => typeof x === 'string') ? p : undefined;
}

/** Keras's names of MultiHeadAttention's EinsumDense sublayers. */
const SUBLAYER_NAMES: Readonly<Record<string, string>> = {
  query_dense: 'query',
  key_dense: 'key',
  value_dense: 'value',
  output_dense: 'attention_output',
};

function place(layer: Layer, prefix: string, scope: string, groups: KerasVarsGroup[]): Placed[] {
  groups.push({ dir: prefix, name: layer.name });
  const at = (p: string): string => `${prefix}${p}`;
  if (layer instanceof Bidirectional) {
    return [
      ...place(
        layer.forwardLayer,
        at('forward_layer/'),
        `${scope}${layer.forwardLayer.name}/`,
        groups,
      ),
      ...place(
        layer.backwardLayer,
        at('backward_layer/'),
        `${scope}${layer.backwardLayer.name}/`,
        groups,
      ),
    ];
  }
  if (layer instanceof TimeDistributed)
    return place(layer.layer, at('layer/'), `${scope}${layer.layer.name}/`, groups);
  const weights = layer.weights;
  if (layer instanceof Recurrent) {
    const cell = `${classNameToSnakeCase(layer.className)}_cell`;
    groups.push({ dir: at('cell/'), name: cell });
    return weights.map((variable, i) => ({
      variable,
      path: at(`cell/vars/${i}`),
      scope: `${scope}${cell}/`,
    }));
  }
  const own = ownPaths(layer);
  if (own && own.length === weights.length) {
    for (const p of own) {
      const dir = p.replace(/vars\/\d+$/, '');
      if (dir && !groups.some((g) => g.dir === at(dir))) {
        const key = dir.replace(/\/$/, '');
        groups.push({ dir: at(dir), name: SUBLAYER_NAMES[key] ?? key });
      }
    }
    // Keras also writes (empty) groups for MultiHeadAttention's dropout and softmax sublayers.
    if (layer.className === 'MultiHeadAttention') {
      groups.push({ dir: at('_dropout_layer/'), name: 'dropout' });
      groups.push({ dir: at('_softmax/'), name: 'softmax' });
    }
    return weights.map((variable, i) => {
      const dir = own[i]!.replace(/\/?vars\/\d+$/, '');
      return {
        variable,
        path: at(own[i]!),
        scope: dir ? `${scope}${SUBLAYER_NAMES[dir] ?? dir}/` : scope,
      };
    });
  }
  return weights.map((variable, i) => ({ variable, path: at(`vars/${i}`), scope }));
}

/**
 * The Keras 3 layout of `layer`'s weights: one path per weight in `layer.weights` order
 * (relative to the layer's group) and the `vars` groups Keras writes for it.
 */
export function kerasWeightLayout(layer: Layer): KerasWeightLayout {
  const groups: KerasVarsGroup[] = [];
  const placed = new Map(place(layer, '', '', groups).map((p) => [p.variable, p]));
  const paths = layer.weights.map((v, i) => placed.get(v)?.path ?? `vars/${i}`);
  const scopes = layer.weights.map((v) => placed.get(v)?.scope ?? '');
  return { paths, groups, scopes };
}
