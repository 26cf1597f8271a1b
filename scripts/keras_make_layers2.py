"""Keras-written fixtures for the issue-17 layers without one elsewhere (Rescaling, ReLU, ELU,
Softmax, Permute, AveragePooling2D, GlobalAveragePooling2D, Normalization, CategoryEncoding,
Subtract), made by real Keras 3 (numpy backend).

Run under the Keras oracle from the repository root (see /work/notes/keras-oracle.md):

  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_make_layers2.py

Writes test/fixtures/keras-made/layers2/<name>.keras, <name>.h5 (Keras's legacy format; for
rnn_*_legacy only the .h5, re-saved from ../rnn/<name>.keras) and
<name>.json (`inputs`: one nested list per model input; `outputs`: Keras's predictions;
`keras`: its version). Weights are seeded uniform draws in [-0.6, 0.6].
Licence: ours (generated data), Apache-2.0 as the project.
"""

import json
import os

import numpy as np
import keras
from keras import layers as L

OUT = 'test/fixtures/keras-made/layers2'


def seeded(model, seed):
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, L.Normalization):
            continue
        ws = layer.get_weights()
        if ws:
            layer.set_weights([rng.uniform(-0.6, 0.6, w.shape).astype('float32') for w in ws])


def nested(a):
    return np.asarray(a, dtype='float64').tolist()


def image_model():
    """Sequential: Rescaling, Conv2D, ReLU (all options), AveragePooling2D (same, stride 1),
    ELU, Permute, GlobalAveragePooling2D, Dense, Softmax."""
    return keras.Sequential([
        keras.Input((6, 5, 2)),
        L.Rescaling(0.5, offset=-0.2),
        L.Conv2D(3, 3, name='conv'),
        L.ReLU(max_value=1.5, negative_slope=0.1, threshold=0.05),
        L.AveragePooling2D(2, strides=1, padding='same'),
        L.AveragePooling2D((2, 1)),
        L.ELU(alpha=0.7),
        L.Permute((3, 1, 2)),
        L.GlobalAveragePooling2D(),
        L.Dense(4, name='head'),
        L.Softmax(axis=-1),
    ], name='image_model')


def tabular_model(train):
    """Functional: an adapted Normalization and one given mean/variance, CategoryEncoding
    (multi_hot and count) of integer ids, Subtract, Concatenate, Dense."""
    x = keras.Input((4,), name='x')
    ids = keras.Input((3,), dtype='int32', name='ids')
    norm = L.Normalization(name='norm')
    norm.adapt(train)
    a = L.Dense(3, name='da')(norm(x))
    b = L.Dense(3, name='db')(L.Normalization(mean=[0.5, -1.0, 2.0, 0.0], variance=[4.0, 1.0, 0.25, 2.0], name='fixed')(x))
    d = L.Subtract(name='sub')([a, b])
    m = L.CategoryEncoding(num_tokens=5, output_mode='multi_hot', name='hot')(ids)
    c = L.CategoryEncoding(num_tokens=5, output_mode='count', name='count')(ids)
    y = L.Concatenate(name='cat')([d, m, c])
    return keras.Model([x, ids], L.Dense(2, name='out')(y), name='tabular_model')


def save(model, name, inputs):
    outs = model.predict(inputs, verbose=0)
    outs = outs if isinstance(outs, list) else [outs]
    for ext in ('keras', 'h5'):
        path = os.path.join(OUT, f'{name}.{ext}')
        model.save(path)
        again = keras.saving.load_model(path)
        o2 = again.predict(inputs, verbose=0)
        o2 = o2 if isinstance(o2, list) else [o2]
        for o, p in zip(outs, o2):
            assert np.allclose(o, p, atol=1e-6), (name, ext)
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'keras': keras.__version__, 'inputs': [nested(x) for x in inputs],
                   'outputs': [nested(o) for o in outs]}, f)
    print(name, [o.shape for o in outs])


def legacy_copy(src, name):
    """Keras's legacy .h5 of a recurrent model made by scripts/keras_make_rnn.py (RNN weights
    under `<layer>/<cell>/kernel` names), with the same inputs and Keras's outputs."""
    model = keras.saving.load_model(f'test/fixtures/keras-made/rnn/{src}.keras')
    with open(f'test/fixtures/keras-made/rnn/{src}.json') as f:
        doc = json.load(f)
    xs = [np.asarray(x, dtype=model.inputs[i].dtype) for i, x in enumerate(doc['inputs'])]
    outs = model.predict(xs, verbose=0)
    outs = outs if isinstance(outs, list) else [outs]
    path = os.path.join(OUT, name + '.h5')
    model.save(path)
    again = keras.saving.load_model(path)
    o2 = again.predict(xs, verbose=0)
    o2 = o2 if isinstance(o2, list) else [o2]
    for o, p in zip(outs, o2):
        assert np.allclose(o, p, atol=1e-6), name
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'keras': keras.__version__, 'inputs': doc['inputs'],
                   'outputs': [nested(o) for o in outs]}, f)
    print(name, [o.shape for o in outs])


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(5)
    keras.utils.set_random_seed(4)
    m = image_model()
    seeded(m, 1)
    save(m, 'image', [rng.normal(size=(2, 6, 5, 2)).astype('float32')])
    train = rng.normal(loc=[1.0, -2.0, 0.5, 3.0], scale=[2.0, 0.5, 1.0, 3.0], size=(64, 4)).astype('float32')
    m = tabular_model(train)
    seeded(m, 2)
    save(m, 'tabular', [rng.normal(size=(3, 4)).astype('float32'),
                        rng.integers(0, 5, size=(3, 3)).astype('int32')])
    legacy_copy('rnn_sequence', 'rnn_sequence_legacy')
    # rnn_masked is left out: Keras 3.16 cannot load its own legacy .h5 of a mask_zero
    # Embedding model ('Unknown layer: NotEqual').


if __name__ == '__main__':
    main()
