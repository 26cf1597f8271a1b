"""Keras-written fixtures for the recurrent layers (Embedding, Masking, SimpleRNN, LSTM,
GRU, Bidirectional, TimeDistributed), made by real Keras 3 (numpy backend).

Run under the Keras oracle from the repository root (see /work/notes/keras-oracle.md):

  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_make_rnn.py

Writes test/fixtures/keras-made/rnn/<name>.keras and <name>.json: `inputs` (one nested
list per model input), Keras's `outputs`, and `weights` (every layer's weights by layer
name, in Keras's order: kernel, recurrent_kernel, bias; a Bidirectional's forward layer's
then its backward layer's). Licence: ours (generated data).
"""

import json
import os

import numpy as np
import keras
from keras import layers as L

OUT = 'test/fixtures/keras-made/rnn'


def seeded(model, seed):
    rng = np.random.default_rng(seed)
    for w in model.weights:
        w.assign(rng.uniform(-0.6, 0.6, size=w.shape).astype('float32'))


def weights_by_layer(model):
    out = {}
    for layer in model.layers:
        ws = [w.numpy().tolist() for w in layer.weights]
        if ws:
            out[layer.name] = ws
    return out


def masked_model():
    ids = keras.Input((6,), dtype='int32', name='ids')
    e = L.Embedding(20, 4, mask_zero=True, name='emb')(ids)
    a = L.LSTM(5, return_sequences=True, name='lstm')(e)
    a = L.GRU(3, go_backwards=True, name='gru_back')(a)
    b = L.Bidirectional(L.SimpleRNN(3, return_sequences=True), name='bi_rnn')(e)
    b = L.Bidirectional(L.GRU(2, reset_after=False), merge_mode='sum', name='bi_gru')(b)
    c = L.LSTM(2, go_backwards=True, name='lstm_back')(e)
    out = L.Concatenate(name='cat')([a, b, c])
    out = L.Dense(2, name='head')(out)
    model = keras.Model(ids, out, name='rnn_masked')
    x = np.array([[3, 7, 1, 9, 0, 0], [5, 0, 0, 0, 0, 0], [2, 4, 6, 8, 10, 12],
                  [11, 0, 13, 14, 0, 0]], dtype='int32')
    return model, [x]


def sequence_model():
    model = keras.Sequential([
        keras.Input((5, 3)),
        L.Masking(mask_value=0.0, name='mask'),
        L.LSTM(4, return_sequences=True, go_backwards=True, name='lstm'),
        L.TimeDistributed(L.Dense(3, activation='tanh'), name='td'),
        L.GRU(3, return_sequences=True, name='gru'),
        L.Bidirectional(L.LSTM(2, return_sequences=True), merge_mode='ave', name='bi'),
        L.SimpleRNN(2, activation='relu', name='rnn'),
    ], name='rnn_sequence')
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 5, 3)).astype('float32')
    x[0, 3:] = 0.0  # masked tail
    x[2, 1] = 0.0   # a masked step in the middle
    return model, [x]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make, seed in [('rnn_masked', masked_model, 1), ('rnn_sequence', sequence_model, 2)]:
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
            'weights': weights_by_layer(model),
        }
        with open(f'{OUT}/{name}.json', 'w') as f:
            json.dump(doc, f)
        print(name, 'ok', outputs.shape)


if __name__ == '__main__':
    main()
