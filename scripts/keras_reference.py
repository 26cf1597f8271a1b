"""Expected outputs for the Keras corpus files, computed by an independent NumPy forward pass.

For each folder of test/fixtures/interop/keras/ this script reads the model file's
architecture (config.json inside a `.keras` zip; the `model_config` attribute of a legacy
HDF5 file), its weights with h5py, and runs the network in NumPy in float64 on seeded
inputs (numpy default_rng(0): 4 images uniform in [0, 1), 8 standard-normal vectors, 2
samples for the 128×32 autoencoder k6), casting the outputs to float32 at the end. It writes
test/fixtures/keras-reference/<folder>.json:

  {file, inputShape, inputs, outputs, note, seed, format, kerasVersion, layers, weights}

`inputs` is the nested float32 array for the model's single input; `outputs` is a list with
one nested array per model output. Numbers are float32 values in their shortest decimal
form (storing one in a Float32Array / Math.fround gives the float32 back exactly).
`weights` records the file's weight layout as found (HDF5 group, `name` attribute, shapes).
A `keras` field (real Keras's outputs) is added by `--keras`, run under the oracle.

Run from the repository root:  /usr/bin/python3 scripts/keras_reference.py
Add Keras's own predictions (needs the oracle, see test/fixtures/keras-reference/README.md):
  KERAS_BACKEND=numpy PYTHONPATH=$ORACLE/shims:$ORACLE/src /usr/bin/python3 \
      scripts/keras_reference.py --keras
"""

import json
import os
import shutil
import sys
import tempfile
import zipfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_files  # noqa: E402

CORPUS = 'test/fixtures/interop/keras'
OUT = 'test/fixtures/keras-reference'
SAMPLES = 4
SEED = 0
TOLERANCE = 1e-5


def f32_text(v):
    """Shortest decimal text that reads back as the same float32."""
    f = np.float32(v)
    if not np.isfinite(f):
        raise ValueError('non-finite value in a fixture array')
    text = repr(float(np.format_float_positional(f, unique=True, trim='-')))
    return text if float(np.float32(float(text))) == float(f) else repr(float(f))


def nested_text(a):
    a = np.asarray(a)
    if a.ndim == 0:
        return f32_text(a)
    return '[' + ','.join(nested_text(s) for s in a) + ']'


def dumps(obj, raw):
    """JSON text, one top-level key a line; the keys in `raw` hold pre-formatted array text."""
    lines = [f' {json.dumps(k)}: ' + (raw[k] if k in raw else json.dumps(v, separators=(',', ':')))
             for k, v in list(obj.items()) + [(k, None) for k in raw if k not in obj]]
    return '{\n' + ',\n'.join(lines) + '\n}\n'


def make_inputs(shape, rng):
    # vector inputs are cheap: 8 samples (k12's untrained ReLU net is 0 on most of them);
    # the 128×32 autoencoder (k6) gets 2 to keep its fixture small
    size = int(np.prod([int(d) for d in shape[1:]]))
    samples = 8 if len(shape) == 2 else SAMPLES if size < 4096 else 2
    dims = [samples] + [int(d) for d in shape[1:]]
    if len(dims) > 2:
        x = rng.random(dims)
    else:
        x = rng.standard_normal(dims)
    return x.astype(np.float32)


def model_file(folder):
    names = [n for n in sorted(os.listdir(folder)) if n.endswith(('.keras', '.h5'))]
    if len(names) != 1:
        raise ValueError(f'{folder}: expected one model file, found {names}')
    return os.path.join(folder, names[0])


def describe_layers(cfg):
    out = []
    for l in keras_files.layer_list(cfg):
        out.append(l['class_name'])
    return out


def reference(folder):
    path = model_file(os.path.join(CORPUS, folder))
    cfg, _, _ = keras_files.open_model(path)
    (shape,) = keras_files.input_shapes(cfg)
    rng = np.random.default_rng(SEED)
    x = make_inputs(shape, rng)
    outs, facts, cfg = keras_files.run_model(path, [x.astype(np.float64)])
    outs = [o.astype(np.float32) for o in outs]
    note = ('NumPy float64 forward pass of the file\'s own config and weights (scripts/keras_files.py, '
            'scripts/keras_numpy.py); inputs ' +
            ('uniform [0,1)' if x.ndim > 2 else 'standard normal') +
            f' from numpy default_rng({SEED}); outputs cast to float32')
    doc = {'file': path, 'inputShape': list(x.shape), 'inputs': None,
           'outputs': None, 'outputShapes': [list(o.shape) for o in outs], 'note': note,
           'seed': SEED, 'format': facts['format'], 'kerasVersion': facts['kerasVersion'],
           'modelClass': cfg['class_name'], 'layers': describe_layers(cfg),
           'layout': {k: v for k, v in facts.items()
                      if k not in ('format', 'kerasVersion', 'weights')},
           'weights': facts['weights']}
    raw = {'inputs': nested_text(x), 'outputs': '[' + ','.join(nested_text(o) for o in outs) + ']'}
    return doc, raw, x, outs


def keras_predict(path, x):
    """Real Keras's predictions. Keras chooses the format by extension, so an HDF5 file named
    `.keras` (k12) is loaded from a temporary copy named `.h5`; the returned note says so."""
    import keras  # only under the oracle
    note = None
    if path.endswith('.keras') and not zipfile.is_zipfile(path):
        tmp = tempfile.mkdtemp()
        copy = os.path.join(tmp, os.path.basename(path)[:-len('.keras')] + '.h5')
        shutil.copyfile(path, copy)
        note = 'HDF5 file named .keras: Keras refuses it under that name; loaded from a copy named .h5'
        path = copy
    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except TypeError:
        cfg = keras_files.open_model(path)[0]
        if not isinstance(cfg['config'], list):
            raise
        # Keras 3 refuses a Keras 2.0/2.1 Sequential whose config is a bare list of layers
        # (Sequential.from_config calls config.pop on it); retry on a copy whose config is
        # wrapped as Keras 2.2+ writes it, so that the weights still get checked.
        tmp = tempfile.mkdtemp()
        copy = os.path.join(tmp, 'wrapped.h5')
        shutil.copyfile(path, copy)
        layers = cfg['config']
        first = layers[0]['config']
        if layers[0]['class_name'] != 'InputLayer' and 'batch_input_shape' in first:
            # Keras 3 reads a non-input layer's batch_input_shape as a shape *without* the
            # batch axis ((None, None, 100) for k8); an explicit InputLayer avoids that.
            shape = first.pop('batch_input_shape')
            layers = [{'class_name': 'InputLayer', 'config': {'batch_input_shape': shape,
                                                               'name': 'input'}}] + layers
        with h5py.File(copy, 'r+') as f:
            f.attrs['model_config'] = json.dumps(
                {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': layers}})
        model = keras.saving.load_model(copy, compile=False, safe_mode=True)
        note = ('Keras 3 refuses the file as it is (TypeError: Sequential.from_config calls '
                'config.pop on the bare-list config of Keras 2.0/2.1); loaded from a copy whose '
                'model_config wraps the list as {"name", "layers"} (with an explicit InputLayer '
                'when the first layer carries batch_input_shape), weights unchanged')
    y = model.predict(x, verbose=0)
    ys = y if isinstance(y, (list, tuple)) else [y]
    return [np.asarray(o, dtype=np.float32) for o in ys], keras.__version__, note


def keep_keras_fields(path, doc, raw):
    """A run without --keras keeps the Keras fields an oracle run wrote (same seeded inputs)."""
    with open(path) as f:
        old = json.load(f)
    if 'kerasOracle' in old:
        doc['kerasOracle'] = old['kerasOracle']
    if 'keras' in old:
        raw['keras'] = '[' + ','.join(nested_text(np.asarray(o, dtype=np.float32))
                                      for o in old['keras']) + ']'


def main():
    with_keras = '--keras' in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    worst = 0.0
    for folder in sorted(os.listdir(CORPUS)):
        if not os.path.isdir(os.path.join(CORPUS, folder)):
            continue
        doc, raw, x, outs = reference(folder)
        line = f'{folder}: {doc["modelClass"]} {doc["inputShape"]} -> {doc["outputShapes"]}'
        if with_keras:
            try:
                kouts, version, knote = keras_predict(doc['file'], x)
                diff = max(float(np.max(np.abs(a.astype(np.float64) - b))) for a, b in zip(kouts, outs))
                worst = max(worst, diff)
                doc['kerasOracle'] = {'version': version, 'maxAbsDiff': diff}
                if knote:
                    doc['kerasOracle']['note'] = knote
                raw['keras'] = '[' + ','.join(nested_text(o) for o in kouts) + ']'
                line += f'  keras {version}: max |diff| {diff:.3g}'
            except Exception as e:  # noqa: BLE001 - the refusal is recorded, not hidden
                msg = f'{type(e).__name__}: {e}'.splitlines()[0][:300]
                if 'pop expected' in msg and isinstance(keras_files.open_model(doc['file'])[0]['config'], list):
                    msg += (' (Keras 3 cannot read a Keras 2.0/2.1 Sequential whose config is a bare '
                            'list of layers: Sequential.from_config calls config.pop on the list)')
                doc['kerasOracle'] = {'refused': msg}
                line += f'  keras refuses: {msg}'
        elif os.path.exists(os.path.join(OUT, folder + '.json')):
            keep_keras_fields(os.path.join(OUT, folder + '.json'), doc, raw)
        with open(os.path.join(OUT, folder + '.json'), 'w') as f:
            f.write(dumps(doc, raw))
        print(line)
    if with_keras and worst > TOLERANCE:
        print(f'FAIL: Keras and the NumPy reference differ by {worst:.3g} > {TOLERANCE}')
        sys.exit(1)


if __name__ == '__main__':
    main()
