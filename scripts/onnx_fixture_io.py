"""Shared helpers for the ONNX fixture scripts (onnx_reference.py, onnx_make_fixtures.py).

Writes the fixture JSON (inputs and PyTorch outputs as flat float32 lists that round-trip
exactly), lists the node op types of a graph, and exports a torch module to ONNX bytes.
Run with Debian's /usr/bin/python3 (torch 1.13, onnx 1.12, numpy).
"""

import io
import json

import numpy as np
import onnx
import torch


def float32_list_text(values):
    """Formats an array as a JSON list of float32 values in their shortest repr.

    Parsing a number with JSON.parse and rounding it with Math.fround (or storing it in a
    Float32Array) gives back exactly the float32 written here.
    """
    flat = np.asarray(values, dtype=np.float32).reshape(-1)
    if not np.all(np.isfinite(flat)):
        raise ValueError('non-finite value in a fixture array')
    return '[' + ', '.join(np_repr(v) for v in flat) + ']'


def np_repr(v):
    """Shortest decimal text that parses back to the same float32 (numpy's repr of float32)."""
    text = repr(np.float32(v))
    # numpy >= 2 writes np.float32(0.1); numpy 1.x writes 0.1.
    if text.startswith('np.float32('):
        text = text[len('np.float32('):-1]
    return text


def tensor_entries(names, arrays):
    """[{name, shape, data}] entries for a list of names and numpy arrays."""
    return [{'name': n, 'shape': list(a.shape), 'data': np.asarray(a, np.float32)}
            for n, a in zip(names, arrays)]


def write_fixture_json(path, meta, inputs, outputs):
    """Writes {…meta, inputs, outputs} with one line per array, float32 lists exact."""
    def entry_text(e):
        head = json.dumps({'name': e['name'], 'shape': e['shape']})[:-1]
        return '    ' + head + ', "data": ' + float32_list_text(e['data']) + '}'

    parts = ['{']
    for key, value in meta.items():
        parts.append('  ' + json.dumps(key) + ': ' + json.dumps(value) + ',')
    parts.append('  "inputs": [\n' + ',\n'.join(entry_text(e) for e in inputs) + '\n  ],')
    parts.append('  "outputs": [\n' + ',\n'.join(entry_text(e) for e in outputs) + '\n  ]')
    parts.append('}')
    text = '\n'.join(parts) + '\n'
    # Check the text is JSON and that every value reads back to the same float32.
    back = json.loads(text)
    for want, got in zip(inputs + outputs, back['inputs'] + back['outputs']):
        a = np.asarray(want['data'], np.float32).reshape(-1)
        b = np.asarray(got['data'], np.float64).astype(np.float32)
        if a.shape != b.shape or not np.array_equal(a.view(np.uint32), b.view(np.uint32)):
            raise AssertionError('float32 round trip failed for ' + want['name'])
    with open(path, 'w') as f:
        f.write(text)


def op_types(model):
    """Node op types of the main graph in order of first appearance (nested graphs too)."""
    seen = []

    def walk(graph):
        for node in graph.node:
            if node.op_type not in seen:
                seen.append(node.op_type)
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    walk(attr.g)
                for g in attr.graphs:
                    walk(g)

    walk(model.graph)
    return seen


def opset_of(model):
    """The default-domain opset version of a model."""
    for o in model.opset_import:
        if o.domain in ('', 'ai.onnx'):
            return o.version
    raise ValueError('model has no default-domain opset')


def export_bytes(module, args, input_names, output_names, opset, dynamic_batch=True):
    """torch.onnx.export to bytes, batch axis dynamic on every input and output."""
    buf = io.BytesIO()
    axes = None
    if dynamic_batch:
        axes = {n: {0: 'batch'} for n in list(input_names) + list(output_names)}
    torch.onnx.export(module, args, buf, input_names=list(input_names),
                      output_names=list(output_names), opset_version=opset,
                      dynamic_axes=axes, do_constant_folding=True)
    return buf.getvalue()
