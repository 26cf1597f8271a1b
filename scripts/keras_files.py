"""Reads a Keras model file (Keras 3 `.keras` zip or legacy HDF5) with h5py and runs it in NumPy.

- `.keras`: `config.json` holds the architecture; `model.weights.h5` holds each layer's
  variables at `layers/<snake_case class name>[_N]/vars/<i>` — the groups are named by
  class and position in `model.layers` (Sequential leaves its InputLayer out, Functional
  keeps it), not by the layer's name; a nested model's layers sit under its own group.
- legacy HDF5: the `model_config` attribute holds the architecture; `model_weights/<layer
  name>` lists its datasets in the `weight_names` attribute (trainable weights first).

`run_model(path, inputs)` returns (outputs, facts): the model outputs as float64 arrays and
the layout facts met on the way (weight groups, their `name` attributes, shapes).
Only NumPy and h5py (Debian's /usr/bin/python3).
"""

import io
import json
import re
import zipfile

import h5py
import numpy as np

import keras_numpy as kn

MODEL_CLASSES = ('Sequential', 'Functional', 'Model')


def snake_case(name):
    """Keras's naming.to_snake_case (how `.keras` weight groups are named)."""
    name = re.sub(r'\W+', '', name)
    name = re.sub('(.)([A-Z][a-z]+)', r'\1_\2', name)
    return re.sub('([a-z])([A-Z])', r'\1_\2', name).lower()


def _text(v):
    return v.decode('utf8') if isinstance(v, bytes) else str(v)


def layer_list(model_cfg):
    """The layer configs of a Sequential (bare-list or dict config) or Functional model."""
    c = model_cfg['config']
    return c if isinstance(c, list) else c['layers']


class KerasV3Weights:
    """Weights of a `.keras` file's model.weights.h5, for one model scope."""

    def __init__(self, h5, prefix, model_cfg, facts):
        self.h5, self.prefix, self.facts = h5, prefix, facts
        layers = layer_list(model_cfg)
        if model_cfg['class_name'] == 'Sequential':
            layers = [l for l in layers if l['class_name'] != 'InputLayer']
        used, self.groups = {}, {}
        for l in layers:
            base = snake_case(l['class_name'])
            used[base] = used.get(base, -1) + 1
            key = base if used[base] == 0 else f'{base}_{used[base]}'
            self.groups[l['config']['name']] = f'{prefix}layers/{key}'

    def _group(self, layer_cfg):
        name = layer_cfg['config']['name']
        if name not in self.groups:
            raise KeyError(f'no weight group for layer {name!r}')
        return self.groups[name]

    def weights(self, layer_cfg):
        path = self._group(layer_cfg) + '/vars'
        if path not in self.h5:
            raise KeyError(f'{path} missing')
        g = self.h5[path]
        keys = sorted(g.keys(), key=int)
        arrays = [np.asarray(g[k][()], dtype=np.float64) for k in keys]
        name_attr = _text(g.attrs['name']) if 'name' in g.attrs else None
        if name_attr is not None and name_attr != layer_cfg['config']['name']:
            raise ValueError(f'{path}: name attribute {name_attr!r} != {layer_cfg["config"]["name"]!r}')
        self.facts.append({'layer': layer_cfg['config']['name'], 'class': layer_cfg['class_name'],
                           'group': path, 'nameAttr': name_attr,
                           'shapes': [list(a.shape) for a in arrays]})
        return arrays

    def child(self, layer_cfg):
        return KerasV3Weights(self.h5, self._group(layer_cfg) + '/', layer_cfg, self.facts)


class LegacyWeights:
    """Weights of a legacy HDF5 file's `model_weights` group (top-level model)."""

    def __init__(self, group, facts):
        self.group, self.facts = group, facts

    def _arrays(self, name):
        g = self.group[name]
        names = [_text(n) for n in g.attrs.get('weight_names', [])]
        # attributes too large for the header are split into weight_names0, weight_names1, …
        i = 0
        while f'weight_names{i}' in g.attrs:
            names += [_text(n) for n in g.attrs[f'weight_names{i}']]
            i += 1
        arrays = [np.asarray(g[n][()], dtype=np.float64) for n in names]
        self.facts.append({'layer': name, 'group': g.name, 'weightNames': names,
                           'shapes': [list(a.shape) for a in arrays]})
        return arrays

    def weights(self, layer_cfg):
        return self._arrays(layer_cfg['config']['name'])

    def child(self, layer_cfg):
        return LegacyNestedWeights(self._arrays(layer_cfg['config']['name']), layer_cfg)


class LegacyNestedWeights:
    """A nested model's weights in a legacy file: one flat list, all trainable weights (layer
    by layer) first, then all non-trainable ones."""

    def __init__(self, arrays, model_cfg):
        counts = _counts(model_cfg)
        total_t = sum(t for t, _ in counts.values())
        self.by_layer, ti, ni = {}, 0, total_t
        for name, (t, f) in counts.items():
            self.by_layer[name] = (arrays[ti:ti + t], arrays[ni:ni + f])
            ti, ni = ti + t, ni + f
        if ni != len(arrays):
            raise ValueError(f'nested model: {len(arrays)} weights stored, config needs {ni}')

    def weights(self, layer_cfg):
        t, f = self.by_layer[layer_cfg['config']['name']]
        return t + f

    def child(self, layer_cfg):
        raise ValueError('a model nested two levels deep in a legacy h5 file is not supported')


def _counts(model_cfg):
    out = {}
    for l in layer_list(model_cfg):
        if l['class_name'] in MODEL_CLASSES:
            raise ValueError('a model nested two levels deep in a legacy h5 file is not supported')
        out[l['config']['name']] = kn.weight_counts(l['class_name'], l['config'])
    return out


def _history(t):
    if isinstance(t, dict) and t.get('class_name') == '__keras_tensor__':
        return tuple(t['config']['keras_history'])
    return None


def _node_inputs(node):
    """Keras-3 node {args, kwargs} or Keras-2 list [[name, node, tensor, kwargs], …] →
    (list of (layer, node, tensor) keys, whether the layer takes a list)."""
    if isinstance(node, dict):
        args = node.get('args', [])
        if len(args) == 1 and isinstance(args[0], list):
            return [_history(t) for t in args[0]], True
        keys = [_history(t) for t in args if _history(t) is not None]
        return keys, len(keys) > 1
    keys = [tuple(e[:3]) for e in node]
    return keys, len(keys) > 1


def _io_keys(spec):
    if spec and isinstance(spec[0], str):  # a single [name, node, tensor]
        return [tuple(spec)]
    return [tuple(s) for s in spec]


def run_config(model_cfg, source, inputs, keras_major):
    """Runs a model config (Sequential or Functional) on a list of input arrays."""
    cls = model_cfg['class_name']
    layers = layer_list(model_cfg)
    if cls == 'Sequential':
        (x,) = inputs
        for l in layers:
            x = run_layer(l, source, x, keras_major)
        return [x]
    if cls not in ('Functional', 'Model'):
        raise ValueError(f'model class {cls!r}')
    c = model_cfg['config']
    tensors = {}
    for key, x in zip(_io_keys(c['input_layers']), inputs):
        tensors[(key[0], 0, 0)] = x
    pending = [(l, i, n) for l in layers for i, n in enumerate(l.get('inbound_nodes', []))]
    while pending:
        progress = []
        for item in pending:
            l, node_index, node = item
            keys, as_list = _node_inputs(node)
            keys = [(k[0], k[1], k[2]) for k in keys]
            if not all(k in tensors for k in keys):
                continue
            args = [tensors[k] for k in keys]
            y = run_layer(l, source, args if as_list else args[0], keras_major)
            ys = y if isinstance(y, list) else [y]
            for ti, t in enumerate(ys):
                tensors[(l['config']['name'], node_index, ti)] = t
            progress.append(item)
        if not progress:
            raise ValueError('functional graph: unresolved inputs')
        pending = [p for p in pending if p not in progress]
    return [tensors[k] for k in _io_keys(c['output_layers'])]


def run_layer(layer_cfg, source, x, keras_major):
    cls = layer_cfg['class_name']
    if cls in MODEL_CLASSES:
        y = run_config(layer_cfg, source.child(layer_cfg), x if isinstance(x, list) else [x],
                       keras_major)
        return y if len(y) > 1 else y[0]
    if cls == 'InputLayer':
        return x
    return kn.apply_layer(cls, layer_cfg['config'], source.weights(layer_cfg), x, keras_major)


def input_shapes(model_cfg):
    """Batch input shapes (with None batch) of a model config."""
    layers = layer_list(model_cfg)
    if model_cfg['class_name'] != 'Sequential':
        by_name = {l['config']['name']: l for l in layers}
        keys = _io_keys(model_cfg['config']['input_layers'])
        return [_batch_shape(by_name[k[0]]['config']) for k in keys]
    first = layers[0]['config']
    shape = _batch_shape(first)
    if shape is None:
        bc = model_cfg.get('build_config') or {}
        shape = bc.get('input_shape') or model_cfg['config'].get('build_input_shape')
    return [shape]


def _batch_shape(cfg):
    return cfg.get('batch_shape') or cfg.get('batch_input_shape')


def open_model(path):
    """(model config, weight source factory, facts dict) of a .keras zip or legacy HDF5 file."""
    if zipfile.is_zipfile(path):
        z = zipfile.ZipFile(path)
        cfg = json.loads(z.read('config.json'))
        meta = json.loads(z.read('metadata.json'))
        h5 = h5py.File(io.BytesIO(z.read('model.weights.h5')), 'r')
        facts = {'format': 'keras-v3', 'kerasVersion': meta.get('keras_version'),
                 'zipEntries': z.namelist(), 'weightsH5Root': sorted(h5.keys())}
        return cfg, (lambda f: KerasV3Weights(h5, '', cfg, f)), facts
    f = h5py.File(path, 'r')
    cfg = json.loads(_text(f.attrs['model_config']))
    facts = {'format': 'legacy-h5', 'kerasVersion': _text(f.attrs.get('keras_version', '')),
             'rootGroups': sorted(f.keys()),
             'layerNames': [_text(n) for n in f['model_weights'].attrs.get('layer_names', [])]}
    return cfg, (lambda fl: LegacyWeights(f['model_weights'], fl)), facts


def run_model(path, inputs):
    cfg, make_source, facts = open_model(path)
    major = int((facts['kerasVersion'] or '3').split('.')[0])
    weights = []
    outs = run_config(cfg, make_source(weights), inputs, major)
    facts['weights'] = weights
    return outs, facts, cfg
