"""Keras-written fixtures for how masks flow through layers (Keras 3 `supports_masking`
and `compute_mask`): an Embedding(mask_zero) mask passing through Dense, Dropout,
normalization, activation, noise and regularization layers into an LSTM; merge layers
combining two masked inputs (Keras: the OR of the masks when every input has one);
MultiHeadAttention building its attention mask from its inputs' masks; a masked
GlobalAveragePooling1D. Made by real Keras 3 (numpy backend).

Run under the Keras oracle from the repository root (see /work/notes/keras-oracle.md):

  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_make_masks.py

Writes test/fixtures/keras-made/masks/<name>.keras and <name>.json (`inputs`, Keras's
`outputs`). Licence: ours (generated data).
"""

import json
import os

import numpy as np
import keras
from keras import layers as L

OUT = 'test/fixtures/keras-made/masks'


def seeded(model, seed):
    rng = np.random.default_rng(seed)
    for w in model.weights:
        if 'moving_variance' in w.path:
            w.assign(rng.uniform(0.5, 1.5, size=w.shape).astype('float32'))
        else:
            w.assign(rng.uniform(-0.6, 0.6, size=w.shape).astype('float32'))


def through_layers():
    model = keras.Sequential([
        keras.Input((7,), dtype='int32'),
        L.Embedding(30, 6, mask_zero=True, name='emb'),
        L.Dropout(0.3, name='drop'),
        L.Dense(5, activation='relu', name='dense'),
        L.LayerNormalization(name='ln'),
        L.BatchNormalization(name='bn'),
        L.Activation('tanh', name='act'),
        L.ReLU(name='relu'),
        L.LeakyReLU(name='leaky'),
        L.ELU(name='elu'),
        L.GaussianNoise(0.1, name='noise'),
        L.SpatialDropout1D(0.2, name='sdrop'),
        L.ActivityRegularization(l1=0.01, name='actreg'),
        L.Rescaling(2.0, offset=-0.5, name='rescale'),
        L.LSTM(4, name='lstm'),
        L.Dense(2, name='head'),
    ], name='mask_through_layers')
    x = np.array([[3, 7, 1, 9, 0, 0, 0], [5, 0, 0, 0, 0, 0, 0], [2, 4, 6, 8, 10, 12, 14],
                  [11, 0, 13, 14, 0, 0, 0]], dtype='int32')
    return model, [x]


def merges():
    a_ids = keras.Input((6,), dtype='int32', name='a_ids')
    b_ids = keras.Input((6,), dtype='int32', name='b_ids')
    a = L.Embedding(20, 4, mask_zero=True, name='emb_a')(a_ids)
    b = L.Embedding(20, 4, mask_zero=True, name='emb_b')(b_ids)
    a = L.Dense(4, name='dense_a')(a)
    add = L.Add(name='add')([a, b])
    sub = L.Subtract(name='sub')([a, b])
    mx = L.Maximum(name='max')([a, b])
    mn = L.Minimum(name='min')([a, b])
    av = L.Average(name='avg')([a, b])
    mul = L.Multiply(name='mul')([add, sub])
    cat = L.Concatenate(name='cat')([mul, mx, mn, av])
    att = L.MultiHeadAttention(num_heads=2, key_dim=3, name='mha')(cat, cat)
    seq = L.GRU(3, return_sequences=True, name='gru')(att)
    pooled = L.GlobalAveragePooling1D(name='gap')(seq)
    out = L.Dense(3, name='head')(pooled)
    model = keras.Model([a_ids, b_ids], out, name='mask_merges')
    # Different padding per input: the OR of the masks differs from either.
    xa = np.array([[3, 7, 1, 0, 0, 0], [5, 0, 0, 0, 0, 0], [2, 4, 6, 8, 10, 12],
                   [11, 0, 13, 0, 0, 0]], dtype='int32')
    xb = np.array([[1, 2, 0, 0, 0, 0], [5, 6, 7, 0, 0, 0], [0, 0, 0, 0, 0, 0],
                   [4, 4, 4, 4, 4, 0]], dtype='int32')
    return model, [xa, xb]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make, seed in [('through_layers', through_layers, 3), ('merges', merges, 4)]:
        model, inputs = make()
        seeded(model, seed)
        outputs = model.predict(inputs, verbose=0)
        path = f'{OUT}/{name}.keras'
        model.save(path)
        again = keras.saving.load_model(path).predict(inputs, verbose=0)
        assert np.max(np.abs(again - outputs)) < 1e-6
        doc = {
            'keras_version': keras.__version__,
            'inputs': [x.tolist() for x in inputs],
            'outputs': [outputs.tolist()],
        }
        with open(f'{OUT}/{name}.json', 'w') as f:
            json.dump(doc, f)
        print(name, 'ok', outputs.shape, outputs[:2].tolist())


if __name__ == '__main__':
    main()
