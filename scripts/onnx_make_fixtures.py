"""Exports the small networks of scripts/onnx_made_models.py with torch.onnx.export and
writes test/fixtures/onnx-made/<name>.onnx, <name>.json (inputs + PyTorch outputs, the same
format as test/fixtures/onnx-reference/) and README.md (provenance and the op table).

Every model is randomly initialised under a fixed seed, exported with a dynamic batch axis
on every input and output, checked with onnx.checker (full check) and run by PyTorch in
eval mode on 4 seeded samples. The refuse_* models hold an op Neurite has no counterpart for;
their JSON names it and the node (`refuse: {op, node}`).

Run from the repository root: /usr/bin/python3 scripts/onnx_make_fixtures.py
(Debian's python3-torch 1.13, python3-onnx 1.12, numpy).
"""

import os
import sys
import warnings

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_fixture_io import (export_bytes, op_types, opset_of,  # noqa: E402
                             tensor_entries, write_fixture_json)
from onnx_made_models import MODELS, OUTPUT_NAMES  # noqa: E402

OUT = 'test/fixtures/onnx-made'
# The import list of issue 14 (plus Constant): ops outside it are listed per file.
ISSUE_OPS = {
    'Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Relu', 'LeakyRelu', 'Elu', 'Selu',
    'Sigmoid', 'HardSigmoid', 'Tanh', 'Softplus', 'Softsign', 'Erf', 'Softmax', 'LogSoftmax',
    'Flatten', 'Reshape', 'Transpose', 'Concat', 'Conv', 'MaxPool', 'AveragePool',
    'GlobalAveragePool', 'BatchNormalization', 'Dropout', 'Identity', 'Pad', 'Clip', 'Shape',
    'Gather', 'Unsqueeze', 'Constant'}
BATCH = 4
SEED0 = 2000


def check_dynamic_batch(model, name):
    for v in list(model.graph.input) + list(model.graph.output):
        dim = v.type.tensor_type.shape.dim[0]
        if dim.dim_param != 'batch':
            raise AssertionError(f'{name}: {v.name} has no dynamic batch axis')


def export_one(index, spec):
    name, opset, build, specs, layout, note = spec[:6]
    refuse = spec[6] if len(spec) > 6 else None
    seed = SEED0 + index
    torch.manual_seed(seed)
    module = build().eval()
    rng = np.random.RandomState(seed)
    xs = [sampler(rng, (BATCH,) + shape) for _, shape, sampler in specs]
    txs = tuple(torch.from_numpy(x) for x in xs)
    names_in = [s[0] for s in specs]
    with torch.no_grad():
        ys = module(*txs)
    ys = [ys] if isinstance(ys, torch.Tensor) else list(ys)
    names_out = OUTPUT_NAMES.get(name, ['y'] if len(ys) == 1 else
                                 [f'y{i}' for i in range(len(ys))])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        data = export_bytes(module, txs, names_in, names_out, opset)
    model = onnx.load_from_string(data)
    onnx.checker.check_model(model, full_check=True)
    check_dynamic_batch(model, name)
    if opset_of(model) != opset:
        raise AssertionError(f'{name}: opset {opset_of(model)}')
    ops = op_types(model)
    meta = {'file': f'{OUT}/{name}.onnx', 'opset': opset, 'ops': ops, 'layout': layout,
            'outside_issue_list': [op for op in ops if op not in ISSUE_OPS],
            'seed': seed, 'torch': torch.__version__, 'onnx': onnx.__version__}
    if refuse:
        nodes = [n.name for n in model.graph.node if n.op_type == refuse]
        if not nodes:
            raise AssertionError(f'{name}: no {refuse} node')
        meta['refuse'] = {'op': refuse, 'node': nodes[0]}
    meta['note'] = (note + '; expected outputs from PyTorch (eval mode, float32) on the '
                    'module that was exported')
    with open(f'{OUT}/{name}.onnx', 'wb') as f:
        f.write(data)
    write_fixture_json(f'{OUT}/{name}.json', meta, tensor_entries(names_in, xs),
                       tensor_entries(names_out, [y.detach().numpy() for y in ys]))
    spread = ', '.join(f'{y.std().item():.3g}' for y in ys)
    print(f'{name}: opset {opset}, {len(data)} bytes, output std {spread}, ops {ops}')
    return {'name': name, 'opset': opset, 'ops': ops, 'layout': layout, 'refuse': refuse,
            'outside': meta['outside_issue_list'],
            'inputs': [(n, [BATCH] + list(s)) for n, (_, s, _) in zip(names_in, specs)]}


def rows_text(rows):
    lines = ['| file | node op types (in order of first use) | outside the issue\'s list | opset '
             '| layout | inputs |', '|---|---|---|---|---|---|']
    for r in rows:
        ops = ', '.join(r['ops'])
        outside = ', '.join(r['outside']) or '—'
        if r['refuse']:
            outside += f'; **refuse: {r["refuse"]}**'
        shapes = '; '.join(f'{n} [batch,{",".join(map(str, s[1:]))}]' for n, s in r['inputs'])
        lines.append(f'| {r["name"]}.onnx | {ops} | {outside} | {r["opset"]} | {r["layout"]} '
                     f'| {shapes} |')
    return '\n'.join(lines)


README = """# ONNX files exported by PyTorch for the importer tests

Made for Neurite by `scripts/onnx_make_fixtures.py` (networks in `scripts/onnx_made_models.py`,
shared writer in `scripts/onnx_fixture_io.py`) with Debian's python3-torch {torch} and
python3-onnx {onnx}:

    /usr/bin/python3 scripts/onnx_make_fixtures.py

Licence: made by the Neurite project from randomly initialised networks (fixed seeds); no
third-party content; Apache-2.0 like the rest of the project.

Each `<name>.onnx` comes with `<name>.json`: `{{file, opset, ops, outside_issue_list, layout,
seed, torch, onnx, note, inputs: [{{name, shape, data}}], outputs: [{{name, shape, data}}]}}`
(plus `refuse: {{op, node}}` for the files an importer must refuse). `data` is a flat
row-major float32 list written in shortest form (`Float32Array.from(data)` gives the exact
values); `inputs` are what PyTorch was fed (4 samples, NCHW where the layout is NCHW) and
`outputs` what it predicted in eval mode. Every input and output has a dynamic batch axis
named `batch`. Every file passes `onnx.checker.check_model(full_check=True)`; onnxruntime-web
1.31 reproduces every JSON output within 2e-6 (batch 4 and batch 1).

{table}

The `refuse_*` files hold an op with no Neurite counterpart; the importer must fail with a
clear error naming the node (`refuse.node` in the JSON), its op type and the opset.

## What PyTorch 1.13's exporter emits (what an importer meets)

- `nn.Linear` on a 2-D input: `Gemm(x, W[out,in], b)` with `transB=1`. Without bias, or on a
  3-D input: `MatMul(x, W')` with `W'` stored pre-transposed as `[in,out]` under a generated
  name (`onnx::MatMul_NN`), then for the bias `Add(bias, y)` with the bias FIRST.
- Constants: scalars are `Constant` nodes (not initializers); registered buffers and
  parameters are initializers. Equal initializers are deduplicated: a fresh BatchNorm's
  `running_var`/`running_mean` become `Identity(weight)`/`Identity(bias)` nodes.
- In eval mode a `Conv` directly followed by `BatchNorm2d` is folded into one `Conv` (new
  initializers `onnx::Conv_NN`); `BatchNormalization` stays when it follows anything else.
  It has `training_mode=0` at opset 17 only.
- Dropout and `nn.Identity` disappear; an `Identity` node appears only where one value is
  output twice (`h` and `h_copy`).
- GELU (erf): `Div(x, 1.4142135) → Erf → Add 1 → Mul x → Mul 0.5`. GELU (tanh), opset 13
  and 17 alike (no Gelu op): `Mul(x,x) → Mul x → Mul 0.044715 → Add x → Mul 0.7978846 →
  Tanh → Add 1 → Mul x → Mul 0.5`, constants sometimes as the first operand.
- Softsign: `Abs → Add 1 → Div(x, ·)` (no Softsign op). Softplus(beta≠1): `Mul β → Softplus →
  Div β`. SiLU: `Sigmoid → Mul(x, ·)`. Hardsigmoid: `HardSigmoid alpha=1/6` (beta 0.5 default).
- Clip: opset ≥ 11 takes min/max as inputs from `Constant` nodes, a missing bound is an empty
  input name `''`; opset 10 uses `min`/`max` attributes. ReLU6 is `Clip(0, 6)`.
- `torch.flatten(x, 1)` / `nn.Flatten()`: `Flatten axis=1`. `x.view(x.size(0), -1)` with a
  dynamic batch: `Shape → Gather(0) → Unsqueeze → Concat([·, -1]) → Reshape` (Unsqueeze axes
  as an input at opset 13, as an attribute at opset 11). `x.view(-1, N)`: `Reshape` with a
  `Constant` shape. A Reshape output may carry a symbolic dim (`Reshapenhwc_features_dim_1`)
  in the graph's declared output shape.
- `nn.ZeroPad2d` / `F.pad` at opset ≥ 11: the pads input is computed by a constant subgraph
  (`Constant, ConstantOfShape, Concat, Reshape, Slice` with step -1 and end INT64_MIN+1,
  `Transpose, Reshape, Cast`) that folds to ONNX order `[N0,C0,H0,W0,N1,C1,H1,W1]`; the
  value input is a `Constant` 0 or empty `''`. Opset 10: `pads`/`value` attributes.
- `AvgPool2d(count_include_pad=False)` with padding: `AveragePool pads=[..]`
  (count_include_pad attribute absent = 0). `count_include_pad=True`: `Pad` (constant
  `[0,0,p,p,0,0,p,p]`) then `AveragePool pads=0`. `AdaptiveAvgPool2d(1)`: `GlobalAveragePool`.
- Softmax/LogSoftmax at opset 13/17 keep `axis` (1 or -1, also on rank 4). At opset 11 a
  non-last axis is wrapped in `Transpose → Softmax(last) → Transpose`.
- Conv always carries `dilations, group, kernel_shape, pads [top,left,bottom,right],
  strides`; weights `[out, in/group, kh, kw]`. `padding='same'` cannot be exported by 1.13.
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    rows = [export_one(i, spec) for i, spec in enumerate(MODELS)]
    with open(f'{OUT}/README.md', 'w') as f:
        f.write(README.format(torch=torch.__version__, onnx=onnx.__version__,
                              table=rows_text(rows)))
    total = sum(os.path.getsize(f'{OUT}/{n}') for n in os.listdir(OUT))
    print(f'wrote {len(rows)} models to {OUT}, {total} bytes in all')


if __name__ == '__main__':
    main()
