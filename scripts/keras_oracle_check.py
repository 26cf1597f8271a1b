"""Checks a `.keras` / `.h5` model file with real Keras 3: loads it, predicts, compares.

Usage (real Keras 3 on the numpy backend; set up the oracle as in
test/fixtures/keras-made/README.md, then):
  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_oracle_check.py MODEL [INPUTS.json] [--expect OUTPUTS.json]
        [--tol 1e-5] [--tree] [--like OTHER_MODEL] [--no-compile]

- MODEL is loaded with `keras.saving.load_model(MODEL, safe_mode=True)` (compiled, so the
  compile config and the optimizer state load too, unless --no-compile).
- INPUTS.json: a list with one nested array per model input, or an object with `inputs`
  (a keras-made / keras-reference fixture: its `inputs`).
- --expect OUTPUTS.json: a list with one nested array per model output, or an object with
  `outputs`. The check fails (exit 1) when max |Keras − expected| > --tol (default 1e-5).
- --tree: also print the HDF5 tree of the file's weights (`model.weights.h5` inside a
  `.keras` zip, the whole file for `.h5`): every group and dataset by path, datasets with
  dtype and shape, attributes with value and dtype; plus the zip entries and metadata.json.
- --like OTHER: `tree_diff`, the structural differences between the two files' HDF5 trees
  (paths, kinds, dtypes, shapes, attribute names, attribute dtypes; not values). Reported
  only; it does not change the exit status.

Prints one JSON object: {keras_version, model, inputs_shapes, outputs, max_abs_diff,
optimizer, warnings, tree_diff, tree}. Exit status: 0 ok, 1 outputs differ, 2 Keras refused the file.
"""

import argparse
import io
import json
import re
import sys
import warnings
import zipfile

import h5py
import numpy as np


def h5_tree(f):
    """Every object of an HDF5 file as a sorted list of {path, kind, dtype, shape, attrs}."""
    rows = []

    def attrs_of(obj):
        out = {}
        for k in obj.attrs:
            v = obj.attrs[k]
            aid = obj.attrs.get_id(k)
            dt = aid.dtype
            desc = str(dt)
            vlen = h5py.check_string_dtype(dt)
            if vlen is not None:
                desc = f'string({vlen.encoding}, {"variable" if vlen.length is None else vlen.length})'
            if isinstance(v, np.ndarray):
                value = [x.decode('utf8') if isinstance(x, bytes) else x for x in v.tolist()]
                shape = list(v.shape)
            else:
                value = v.decode('utf8') if isinstance(v, bytes) else v
                value = value.item() if isinstance(value, np.generic) else value
                shape = []
            if isinstance(value, str) and len(value) > 200:
                value = value[:200] + f'… ({len(value)} chars)'
            out[k] = {'value': value, 'dtype': desc, 'shape': shape}
        return out

    def visit(name, obj):
        row = {'path': '/' + name, 'kind': 'group' if isinstance(obj, h5py.Group) else 'dataset'}
        if isinstance(obj, h5py.Dataset):
            row['dtype'] = str(obj.dtype)
            row['shape'] = list(obj.shape)
        row['attrs'] = attrs_of(obj)
        rows.append(row)

    rows.append({'path': '/', 'kind': 'group', 'attrs': attrs_of(f)})
    f.visititems(visit)
    natural = lambda p: [int(t) if t.isdigit() else t for t in re.split(r'(\d+)', p)]  # noqa: E731
    return sorted(rows, key=lambda r: natural(r['path']))


def file_tree(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            infos = [{'name': i.filename, 'size': i.file_size, 'compress_type': i.compress_type}
                     for i in z.infolist()]
            meta = json.loads(z.read('metadata.json')) if 'metadata.json' in z.namelist() else None
            data = z.read('model.weights.h5')
        with h5py.File(io.BytesIO(data), 'r') as f:
            return {'zip': infos, 'metadata': meta, 'h5': h5_tree(f)}
    with h5py.File(path, 'r') as f:
        return {'h5': h5_tree(f)}


def dumps(result):
    """One top-level key a line (the tree: one HDF5 object a line), values compact."""
    c = lambda v: json.dumps(v, separators=(',', ':'))  # noqa: E731
    lines = []
    for k, v in result.items():
        if k == 'tree':
            parts = [f'  {json.dumps(tk)}: ' + ('[\n' + ',\n'.join('   ' + c(r) for r in tv) + '\n  ]'
                                               if tk == 'h5' else c(tv)) for tk, tv in v.items()]
            lines.append(' "tree": {\n' + ',\n'.join(parts) + '\n }')
        elif k == 'optimizer' and v:
            parts = [f'  {json.dumps(ok)}: ' + ('[\n' + ',\n'.join('   ' + c(r) for r in ov) + '\n  ]'
                                               if ok == 'variables' else c(ov)) for ok, ov in v.items()]
            lines.append(' "optimizer": {\n' + ',\n'.join(parts) + '\n }')
        else:
            lines.append(f' {json.dumps(k)}: {c(v)}')
    return '{\n' + ',\n'.join(lines) + '\n}'


def tree_diff(mine, ref):
    """Structural differences between two file trees: paths, kinds, dtypes, shapes, attribute
    names and attribute dtypes/shapes (attribute values, which hold names, are not compared)."""
    def index(t):
        return {r['path']: r for r in t['h5']}
    a, b = index(mine), index(ref)
    out = [f'only in MODEL: {p}' for p in a if p not in b] + [f'only in --like: {p}' for p in b if p not in a]
    for p in a:
        if p not in b:
            continue
        x, y = a[p], b[p]
        for k in ('kind', 'dtype', 'shape'):
            if x.get(k) != y.get(k):
                out.append(f'{p}: {k} {x.get(k)} vs {y.get(k)}')
        for k in sorted(set(x['attrs']) | set(y['attrs'])):
            xa, ya = x['attrs'].get(k), y['attrs'].get(k)
            if xa is None or ya is None:
                out.append(f'{p}: attribute {k!r} only in {"MODEL" if ya is None else "--like"}')
            elif (xa['dtype'], xa['shape']) != (ya['dtype'], ya['shape']):
                out.append(f'{p}: attribute {k!r} {xa["dtype"]} {xa["shape"]} vs {ya["dtype"]} {ya["shape"]}')
    if 'zip' in mine or 'zip' in ref:
        names = lambda t: [z['name'] for z in t.get('zip', [])]  # noqa: E731
        if sorted(names(mine)) != sorted(names(ref)):
            out.append(f'zip entries {names(mine)} vs {names(ref)}')
    return out


def load_json(path, key):
    with open(path) as f:
        data = json.load(f)
    return data[key] if isinstance(data, dict) else data


def model_inputs(model, data):
    """Arrays for the model's inputs from a list (one per input) or a single nested array."""
    ranks = [len(t.shape) for t in model.inputs]
    if len(ranks) == 1 and np.asarray(data, dtype=object).ndim >= 1:
        try:
            single = np.asarray(data, dtype=np.float32)
            if single.ndim == ranks[0]:
                return [single]
        except ValueError:
            pass
    if len(data) != len(ranks):
        raise SystemExit(f'INPUTS: {len(data)} arrays for a model with {len(ranks)} inputs')
    return [np.asarray(x, dtype=np.float32) for x in data]


def optimizer_summary(model):
    opt = getattr(model, 'optimizer', None)
    if opt is None:
        return None
    variables = []
    for v in opt.variables:
        a = np.asarray(v.numpy() if hasattr(v, 'numpy') else v)
        variables.append({'path': v.path, 'shape': list(a.shape), 'dtype': str(a.dtype),
                          'sum': float(np.sum(a, dtype=np.float64)),
                          'abs_sum': float(np.sum(np.abs(a), dtype=np.float64))})
    return {'class': type(opt).__name__, 'iterations': int(np.asarray(opt.iterations)),
            'built': bool(getattr(opt, 'built', False)), 'variables': variables}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('model')
    p.add_argument('inputs', nargs='?')
    p.add_argument('--expect')
    p.add_argument('--tol', type=float, default=1e-5)
    p.add_argument('--tree', action='store_true')
    p.add_argument('--no-compile', action='store_true')
    p.add_argument('--like', help='another model file: list structural differences of the HDF5 trees')
    a = p.parse_args()

    import keras  # under the oracle's PYTHONPATH

    result = {'keras_version': keras.__version__, 'model': a.model}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            model = keras.saving.load_model(a.model, compile=not a.no_compile, safe_mode=True)
        except Exception as e:  # noqa: BLE001 - reported as the check's result
            result['error'] = f'{type(e).__name__}: {e}'
            if a.tree:
                result['tree'] = file_tree(a.model)
            print(dumps(result))
            sys.exit(2)
        outputs = None
        if a.inputs:
            xs = model_inputs(model, load_json(a.inputs, 'inputs'))
            result['inputs_shapes'] = [list(x.shape) for x in xs]
            y = model.predict(xs[0] if len(xs) == 1 else xs, verbose=0)
            outputs = [np.asarray(o, dtype=np.float32) for o in (y if isinstance(y, (list, tuple)) else [y])]
            result['outputs'] = [o.astype(np.float64).tolist() for o in outputs]
    result['warnings'] = [str(w.message).splitlines()[0][:300] for w in caught]
    result['optimizer'] = None if a.no_compile else optimizer_summary(model)
    status = 0
    if a.expect:
        if outputs is None:
            raise SystemExit('--expect needs INPUTS.json')
        expected = [np.asarray(e, dtype=np.float32).astype(np.float64) for e in load_json(a.expect, 'outputs')]
        if len(expected) != len(outputs) or any(e.shape != o.shape for e, o in zip(expected, outputs)):
            result['max_abs_diff'] = None
            result['mismatch'] = (f'expected shapes {[list(e.shape) for e in expected]}, Keras gave '
                                  f'{[list(o.shape) for o in outputs]}')
            status = 1
        else:
            diff = max(float(np.max(np.abs(o.astype(np.float64) - e))) for o, e in zip(outputs, expected))
            result['max_abs_diff'] = diff
            status = 1 if diff > a.tol else 0
    if a.like:
        result['tree_diff'] = tree_diff(file_tree(a.model), file_tree(a.like))
    if a.tree:
        result['tree'] = file_tree(a.model)
    print(dumps(result))
    sys.exit(status)


if __name__ == '__main__':
    main()
