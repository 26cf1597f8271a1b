"""Expected outputs for the four ONNX corpus files, computed by PyTorch.

For each test/fixtures/interop/onnx/<folder>/model.onnx this script rebuilds the network as
a torch.nn.Module with the same architecture, loads its weights from the file's
initializers, checks that the module re-exports to the same graph (same nodes, attributes
and initializer values), runs it in eval mode on 4 seeded inputs and writes
test/fixtures/onnx-reference/<folder>.json:

  {file, opset, layout, seed, torch, onnx, note,
   inputs: [{name, shape, data}], outputs: [{name, shape, data}]}

with `data` a flat row-major float32 list (shortest repr; Math.fround gives it back exactly).

Run from the repository root: /usr/bin/python3 scripts/onnx_reference.py
(Debian's python3-torch 1.13, python3-onnx 1.12, numpy).
"""

import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_fixture_io import (export_bytes, op_types, opset_of,  # noqa: E402
                             tensor_entries, write_fixture_json)

CORPUS = 'test/fixtures/interop/onnx'
OUT = 'test/fixtures/onnx-reference'
BATCH = 4


class LeNet5(nn.Module):
    """o2: LeNet-5 on 1x28x28 NCHW images, functional ReLU / max-pool / softmax."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c2 = nn.Conv2d(6, 16, 5)
        self.f1 = nn.Linear(400, 120)
        self.f2 = nn.Linear(120, 84)
        self.f3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.f1(x))
        x = F.relu(self.f2(x))
        return F.softmax(self.f3(x), dim=1)


class TwoInputs(nn.Module):
    """o4: tanh and sigmoid branches, concat, residual add around LeakyReLU, two heads."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 16)
        self.b = nn.Linear(4, 16)
        self.h = nn.Linear(32, 32)
        self.out1 = nn.Linear(32, 3)
        self.out2 = nn.Linear(32, 1)

    def forward(self, x0, x1):
        c = torch.cat([torch.tanh(self.a(x0)), torch.sigmoid(self.b(x1))], dim=1)
        r = c + F.leaky_relu(self.h(c), 0.1)
        return F.softmax(self.out1(r), dim=1), self.out2(r)


def mlp():
    """o1: the chapter MLP (Flatten -> 784x128 ReLU -> 128x10 softmax)."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10),
                         nn.Softmax(dim=1))


def bn_dropout_elu():
    """o3: Linear -> BatchNorm1d -> ReLU -> Dropout -> Linear -> ELU -> Linear."""
    return nn.Sequential(nn.Linear(20, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.5),
                         nn.Linear(64, 32), nn.ELU(), nn.Linear(32, 5))


def mnist_like(rng, shape):
    """Pixel intensities in [0, 1] with most pixels 0, like a normalised MNIST digit."""
    x = rng.rand(*shape).astype(np.float32)
    return np.where(x < 0.6, np.float32(0), (x - np.float32(0.6)) / np.float32(0.4))


def normal(rng, shape):
    return rng.randn(*shape).astype(np.float32)


# folder -> (module factory, [(input name, shape after batch, sampler)], layout, note)
CASES = {
    'o1_torch_mlp_784_128_10': (
        mlp, [('input_0', (28, 28), mnist_like)], 'none (rank-3 input, flattened)',
        'inputs: MNIST-like pixels in [0,1], 60% zeros; output: softmax over 10'),
    'o2_torch_lenet5_nchw': (
        LeNet5, [('input_0', (1, 28, 28), mnist_like)], 'NCHW',
        'inputs: NCHW MNIST-like pixels in [0,1], 60% zeros; output: softmax over 10'),
    'o3_torch_bn_dropout_elu': (
        bn_dropout_elu, [('input_0', (20,), normal)], 'none (rank-2)',
        'inputs: standard normal; eval mode (BatchNorm uses running stats, Dropout off)'),
    'o4_torch_two_inputs_graph': (
        TwoInputs, [('input_0', (8,), normal), ('input_1', (4,), normal)], 'none (rank-2)',
        'inputs: standard normal; outputs: output_0 softmax over 3, output_1 linear'),
}


def load_initializers(module, model, path):
    """Copies every initializer into the module's state dict by name; all must match."""
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    state = module.state_dict()
    wanted = {k for k in state if not k.endswith('num_batches_tracked')}
    if set(inits) != wanted:
        raise AssertionError(f'{path}: initializers {sorted(inits)} != module {sorted(wanted)}')
    for name, value in inits.items():
        if tuple(state[name].shape) != value.shape:
            raise AssertionError(f'{path}: {name} shape {value.shape} != {state[name].shape}')
        state[name] = torch.from_numpy(value.copy())
    module.load_state_dict(state)


def node_signature(model):
    return [(n.op_type, list(n.input), list(n.output),
             sorted((a.name, str(onnx.helper.get_attribute_value(a))) for a in n.attribute))
            for n in model.graph.node]


def check_reexport(module, model, sample, names_in, names_out, path):
    """The rebuilt module exports to the same nodes and initializers as the corpus file."""
    again = onnx.load_from_string(export_bytes(module, tuple(sample), names_in, names_out,
                                               opset_of(model)))
    if node_signature(again) != node_signature(model):
        raise AssertionError(f'{path}: the rebuilt module exports a different graph')
    a = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    b = {t.name: numpy_helper.to_array(t) for t in again.graph.initializer}
    if set(a) != set(b) or any(not np.array_equal(a[k], b[k]) for k in a):
        raise AssertionError(f'{path}: the rebuilt module exports different initializers')


README = """# PyTorch outputs for the ONNX corpus files

`<folder>.json` holds inputs and the outputs PyTorch predicts for
`test/fixtures/interop/onnx/<folder>/model.onnx` (files described, with their provenance, in
`test/fixtures/interop/README.md`). Made by `scripts/onnx_reference.py` (shared writer in
`scripts/onnx_fixture_io.py`) with Debian's python3-torch {torch} and python3-onnx {onnx}:

    /usr/bin/python3 scripts/onnx_reference.py

The script rebuilds each network as a `torch.nn.Module` of the same architecture, loads its
weights from the file's initializers (`onnx.numpy_helper.to_array`), checks that the module
re-exports to an identical graph (same nodes, tensor names, attributes and initializer
values), and runs it in eval mode on 4 seeded samples. onnxruntime-web 1.31 on the .onnx files
reproduces every output within 7e-8.

Licence: inputs and outputs made by the Neurite project; Apache-2.0 like the rest of the
project (the .onnx files themselves are covered by the interop README).

Format: `{{file, opset, ops, layout, seed, torch, onnx, note, inputs: [{{name, shape, data}}],
outputs: [{{name, shape, data}}]}}`, inputs and outputs in the graph's order under the graph's
names, `shape` with the batch of 4, `data` a flat row-major float32 list in shortest form
(`Float32Array.from(data)` gives the exact values).

{table}
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = ['| file | node op types | opset | layout | inputs -> outputs |',
            '|---|---|---|---|---|']
    torch.set_num_threads(1)
    for seed, (folder, (factory, specs, layout, note)) in enumerate(sorted(CASES.items())):
        path = f'{CORPUS}/{folder}/model.onnx'
        model = onnx.load(path)
        onnx.checker.check_model(model)
        module = factory().eval()
        load_initializers(module, model, path)
        names_in = [i.name for i in model.graph.input]
        names_out = [o.name for o in model.graph.output]
        if names_in != [s[0] for s in specs]:
            raise AssertionError(f'{path}: inputs {names_in}')
        rng = np.random.RandomState(1000 + seed)
        xs = [sampler(rng, (BATCH,) + shape) for _, shape, sampler in specs]
        txs = [torch.from_numpy(x) for x in xs]
        check_reexport(module, model, txs, names_in, names_out, path)
        with torch.no_grad():
            ys = module(*txs)
        ys = [ys] if isinstance(ys, torch.Tensor) else list(ys)
        meta = {
            'file': path,
            'opset': opset_of(model),
            'ops': op_types(model),
            'layout': layout,
            'seed': 1000 + seed,
            'torch': torch.__version__,
            'onnx': onnx.__version__,
            'note': note + '; expected outputs from PyTorch (module rebuilt from the file\'s '
                    'initializers, re-export checked identical), float32, eval mode',
        }
        write_fixture_json(f'{OUT}/{folder}.json', meta,
                           tensor_entries(names_in, xs),
                           tensor_entries(names_out, [y.numpy() for y in ys]))
        print(f'wrote {OUT}/{folder}.json  ops={meta["ops"]}')
        shapes = ', '.join(f'{n} {list(x.shape)}' for n, x in zip(names_in, xs))
        shapes += ' -> ' + ', '.join(f'{n} {list(y.shape)}' for n, y in zip(names_out, ys))
        rows.append(f'| {folder}.json | {", ".join(meta["ops"])} | {meta["opset"]} | {layout} '
                    f'| {shapes} |')
    with open(f'{OUT}/README.md', 'w') as f:
        f.write(README.format(torch=torch.__version__, onnx=onnx.__version__,
                              table='\n'.join(rows)))


if __name__ == '__main__':
    main()
