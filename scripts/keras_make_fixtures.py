"""Keras-written fixture files: every layer Neurite has, in the three model styles.

Run under the Keras oracle (real Keras 3, numpy backend; see
test/fixtures/keras-made/README.md), from the repository root:

  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_make_fixtures.py

For each model below it seeds every weight (BatchNormalization's moving statistics
included), compiles with Adam, applies two Adam steps with made-up gradients (so the
iteration count and the slots are non-zero), saves test/fixtures/keras-made/<name>.keras
and <name>.h5, and writes <name>.json with the inputs, Keras's outputs, the optimizer
(class, config, each variable by Keras path with its values) and a `resume` check: a third
made-up gradient, and Keras's outputs after applying it. It then checks that Keras reloads
both files to the same predictions, that the `.keras` file restores the optimizer and
resumes to the same outputs, and that the NumPy reference (scripts/keras_files.py) agrees.
"""

import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

import keras_files  # noqa: E402
from keras_reference import dumps, nested_text  # noqa: E402

OUT = 'test/fixtures/keras-made'
SAMPLES = 4
TOLERANCE = 1e-5
# Keras names for Neurite's activations ('swish'/'hard_swish' are saved as silu/hard_silu;
# Neurite's 'step' has no Keras counterpart).
ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'hard_sigmoid', 'tanh', 'softplus',
               'softsign', 'elu', 'selu', 'gelu', 'silu', 'swish', 'hard_silu', 'hard_swish',
               'mish', 'exponential', 'leaky_relu', 'log_softmax', 'softmax']


def seq_activations():
    """Sequential: a Dense with each activation, an Activation layer, InputLayer."""
    model = keras.Sequential(name='seq_activations')
    model.add(keras.Input((6,), name='features'))
    for act in ACTIVATIONS:
        model.add(L.Dense(4 if act != 'softmax' else 5, activation=act))
    model.add(L.Activation('tanh'))
    return model


def seq_layers():
    """Sequential over an image: every layer type that fits a chain."""
    return keras.Sequential([
        keras.Input((7, 7, 2)),
        L.ZeroPadding2D(((1, 0), (2, 1))),
        L.Conv2D(4, 3, padding='same', activation='relu', name='conv_same'),
        L.BatchNormalization(),
        L.LeakyReLU(negative_slope=0.1),
        L.MaxPooling2D(2),
        L.Conv2D(3, 2, strides=2, padding='valid'),
        L.Flatten(),
        L.Dense(10, activation='relu'),
        L.Dropout(0.25),
        L.LayerNormalization(),
        L.Reshape((2, 5)),
        L.Flatten(),
        L.Activation('sigmoid'),
        L.Dense(3, activation='softmax', name='probs'),
    ], name='seq_layers')


def functional_two_io():
    """Functional: two inputs, two outputs, a shared Dense, every merge layer."""
    image = keras.Input((6, 6, 2), name='image')
    vector = keras.Input((5,), name='vector')
    x = L.ZeroPadding2D(1)(image)
    x = L.Conv2D(4, 3, strides=2, padding='same', activation='tanh')(x)
    x = L.BatchNormalization(name='bn_image')(x)
    x = L.MaxPooling2D(2, strides=1, padding='same')(x)
    x = L.Conv2D(3, 3, padding='valid', activation='elu')(x)
    x = L.Flatten()(x)
    x = L.Dense(6, activation='relu')(x)
    shared = L.Dense(6, activation='sigmoid', name='shared')
    a = shared(x)
    v = L.Dense(6, name='vector_dense')(vector)
    v = L.LeakyReLU()(v)
    b = shared(v)
    added = L.Add()([a, b])
    product = L.Multiply()([a, b])
    mean = L.Average()([a, b, added])
    h = L.Concatenate()([added, product, mean])
    h = L.LayerNormalization(epsilon=1e-4)(h)
    h = L.Dropout(0.5)(h)
    probs = L.Dense(3, activation='softmax', name='class_probs')(h)
    r = L.Reshape((3, 6))(h)
    r = L.Flatten()(r)
    r = L.Activation('tanh')(r)
    reg = L.Dense(2, name='regression')(r)
    return keras.Model([image, vector], [probs, reg], name='functional_two_io')


def nested_sequential():
    """Functional with a Sequential (with BatchNormalization) used as a layer."""
    inner = keras.Sequential([
        keras.Input((6,)),
        L.Dense(8, activation='relu'),
        L.BatchNormalization(),
        L.LeakyReLU(negative_slope=0.05),
        L.Dense(4, activation='tanh'),
    ], name='inner')
    x = keras.Input((6,), name='x')
    h = L.Dense(6, activation='selu')(x)
    y = inner(h)
    out = L.Dense(2, name='head')(L.Concatenate()([y, h]))
    return keras.Model(x, out, name='nested_sequential')


MODELS = {
    'seq_activations': (seq_activations, 'mean_squared_error'),
    'seq_layers': (seq_layers, 'categorical_crossentropy'),
    'functional_two_io': (functional_two_io,
                          {'class_probs': 'categorical_crossentropy', 'regression': 'mean_squared_error'}),
    'nested_sequential': (nested_sequential, 'mean_squared_error'),
}


def seed_weights(model, rng):
    """Non-trivial values for every weight (Keras initialises biases and BN stats trivially)."""
    for v in model.weights:
        shape, name = tuple(v.shape), v.name
        if name == 'kernel':
            fan_in = int(np.prod(shape[:-1]))
            val = rng.standard_normal(shape) / np.sqrt(fan_in)
        elif name in ('bias', 'beta'):
            val = 0.1 * rng.standard_normal(shape)
        elif name == 'gamma':
            val = rng.uniform(0.5, 1.5, shape)
        elif name == 'moving_mean':
            val = 0.3 * rng.standard_normal(shape)
        elif name == 'moving_variance':
            val = rng.uniform(0.5, 2.0, shape)
        else:
            raise ValueError(f'unexpected weight {v.path}')
        v.assign(val.astype(np.float32))


def make_inputs(model, rng):
    xs = []
    for t in model.inputs:
        dims = [SAMPLES] + [int(d) for d in t.shape[1:]]
        xs.append((rng.random(dims) if len(dims) > 2 else rng.standard_normal(dims)).astype(np.float32))
    return xs


def predict(model, xs):
    y = model.predict(xs[0] if len(xs) == 1 else xs, verbose=0)
    return [np.asarray(o, dtype=np.float32) for o in (y if isinstance(y, (list, tuple)) else [y])]


def max_diff(a, b):
    return max(float(np.max(np.abs(np.asarray(x, np.float64) - np.asarray(y, np.float64))))
               for x, y in zip(a, b))


def gradients(model, rng):
    return [(0.1 * rng.standard_normal(tuple(v.shape))).astype(np.float32)
            for v in model.trainable_variables]


def optimizer_doc(opt):
    variables = [{'path': v.path, 'shape': list(v.shape), 'dtype': str(np.asarray(v).dtype)}
                 for v in opt.variables]
    values = '[' + ','.join(
        str(int(np.asarray(v))) if 'int' in str(np.asarray(v).dtype) else nested_text(np.asarray(v))
        for v in opt.variables) + ']'
    return {'class': type(opt).__name__, 'config': opt.get_config(),
            'iterations': int(np.asarray(opt.iterations)), 'variables': variables}, values


def make(name, build, loss, commit):
    keras.utils.clear_session()  # deterministic auto names (dense, dense_1, …)
    rng = np.random.default_rng(list(MODELS).index(name))  # seed 0, 1, 2, 3 in MODELS order
    model = build()
    seed_weights(model, rng)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005, beta_1=0.85, beta_2=0.99,
                                                  epsilon=1e-6), loss=loss)
    opt = model.optimizer
    opt.build(model.trainable_variables)
    for _ in range(2):
        opt.apply(gradients(model, rng), model.trainable_variables)
    xs = make_inputs(model, rng)
    outs = predict(model, xs)
    paths = {ext: os.path.join(OUT, f'{name}.{ext}') for ext in ('keras', 'h5')}
    keras.saving.save_model(model, paths['keras'])
    model.save(paths['h5'])
    opt_doc, opt_values = optimizer_doc(opt)
    g3 = gradients(model, rng)
    opt.apply(g3, model.trainable_variables)
    after = predict(model, xs)

    # Keras reloads its own files to the same predictions; the .keras file resumes training.
    checks = {}
    for ext, p in paths.items():
        m = keras.saving.load_model(p, safe_mode=True)
        checks[ext] = {'reloadMaxAbsDiff': max_diff(predict(m, xs), outs),
                       'optimizerVariablesRestored': len(m.optimizer.variables)}
        if ext == 'keras':
            saved = [np.asarray(v) for v in m.optimizer.variables]
            checks[ext]['optimizerMaxAbsDiff'] = max(
                float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(v, np.float64))))
                for a, v in zip(saved, reload_values(opt_values)))
            m.optimizer.apply(g3, m.trainable_variables)
            checks[ext]['resumeMaxAbsDiff'] = max_diff(predict(m, xs), after)
    ref = {ext: max_diff(keras_files.run_model(p, [x.astype(np.float64) for x in xs])[0], outs)
           for ext, p in paths.items()}
    worst = max([ref['keras'], ref['h5'], checks['keras']['reloadMaxAbsDiff'],
                 checks['h5']['reloadMaxAbsDiff'], checks['keras']['optimizerMaxAbsDiff'],
                 checks['keras']['resumeMaxAbsDiff']])

    doc = {
        'name': name,
        'files': {ext: p for ext, p in paths.items()},
        'kerasVersion': keras.__version__, 'kerasCommit': commit, 'backend': keras.backend.backend(),
        'modelClass': type(model).__name__,
        'layers': [type(l).__name__ for l in model.layers],
        'inputNames': io_names(model, 'input_layers'),
        'inputShapes': [list(x.shape) for x in xs],
        'inputs': None,
        'outputNames': io_names(model, 'output_layers'),
        'outputShapes': [list(o.shape) for o in outs],
        'outputs': None,
        'note': ('inputs from numpy default_rng (uniform [0,1) images, standard normal vectors); '
                 'outputs predicted by Keras from the weights as saved (after two Adam steps)'),
        'optimizer': opt_doc,
        'optimizerValues': None,
        'trainableVariables': [{'path': v.path, 'shape': list(v.shape)} for v in model.trainable_variables],
        'resume': None,
        'checks': {'numpyReferenceMaxAbsDiff': ref, **checks},
    }
    raw = {'inputs': '[' + ','.join(nested_text(x) for x in xs) + ']',
           'outputs': '[' + ','.join(nested_text(o) for o in outs) + ']',
           'optimizerValues': opt_values,
           'resume': ('{"note":"apply these gradients (one per trainableVariables entry, in order) '
                      'with the saved optimizer, then predict inputs","gradients":[' +
                      ','.join(nested_text(g) for g in g3) + '],"iterationsAfter":' +
                      str(opt_doc['iterations'] + 1) + ',"outputsAfter":[' +
                      ','.join(nested_text(o) for o in after) + ']}')}
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        f.write(dumps(doc, raw))
    return worst, checks, ref


def io_names(model, key):
    """Names of the input / output layers (a Sequential: its InputLayer / last layer)."""
    if isinstance(model, keras.Sequential):
        return [model._layers[0].name if key == 'input_layers' else model.layers[-1].name]
    spec = model.get_config()[key]
    return [s[0] for s in (spec if isinstance(spec[0], list) else [spec])]


def reload_values(values_text):
    return [np.asarray(v, dtype=np.float32) for v in json.loads(values_text)]


def keras_commit():
    src = os.path.dirname(os.path.dirname(keras.__file__))
    git = os.environ.get('KERAS_GIT_DIR')
    if git:
        return subprocess.run(['git', f'--git-dir={git}', 'rev-parse', 'HEAD'], capture_output=True,
                              text=True, check=True).stdout.strip()
    return os.environ.get('KERAS_COMMIT', f'unknown (source at {src})')


def main():
    os.makedirs(OUT, exist_ok=True)
    commit = keras_commit()
    worst = 0.0
    for name, (build, loss) in MODELS.items():
        w, checks, ref = make(name, build, loss, commit)
        worst = max(worst, w)
        print(f'{name}: numpy ref {ref}, keras reload {checks}')
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f'total size of {OUT}: {total} bytes; worst difference {worst:.3g}')
    if worst > TOLERANCE:
        sys.exit(1)


if __name__ == '__main__':
    main()
