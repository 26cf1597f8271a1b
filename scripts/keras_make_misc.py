"""Keras-written fixtures for the attention/merge/noise layers (issue 17, layers-misc).

Run under the Keras oracle (real Keras 3, numpy backend), from the repository root:

  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_make_misc.py

Writes test/fixtures/keras-made/misc/<name>.keras and <name>.json (`inputs`: one nested
list per model input; `outputs`: Keras's predictions, one per model output; `keras`: the
Keras version; `scores`: for the MHA model, Keras's attention scores of the same call with a
causal mask, and `causal`: its output, and `masked`: an attention mask and Keras's output with it, `empty_row`: a mask with a fully
masked query row and Keras's outputs without and with scores asked, all
computed by Keras outside the saved graph; `weights`: the MHA's query, key, value and output
kernels and biases, then the Dense's, in that order).
Weights are seeded uniform draws so every projection matters (biases included).
"""

import json
import os

import numpy as np
import keras
from keras import layers as L

OUT = 'test/fixtures/keras-made/misc'


def seed_weights(model, seed):
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            layer.set_weights([rng.uniform(-0.6, 0.6, w.shape).astype('float32') for w in ws])


def nested(a):
    return np.asarray(a, dtype='float64').tolist()


def mha_model():
    """Functional: query [5, 6] and value [4, 3] inputs, MHA (3 heads, keyDim 4, valueDim 2,
    output 7), then a RepeatVector-free tail: Dense on the output."""
    q = keras.Input((5, 6), name='query')
    v = keras.Input((4, 3), name='value')
    mha = L.MultiHeadAttention(num_heads=3, key_dim=4, value_dim=2, output_shape=7, name='mha')
    y = mha(q, v)
    y = L.Dense(2, name='head')(y)
    return keras.Model([q, v], y, name='mha_model'), mha


def mha_self_model():
    """Functional: self-attention with a separate key input (query, value, key)."""
    q = keras.Input((4, 5), name='q')
    v = keras.Input((3, 5), name='v')
    k = keras.Input((3, 2), name='k')
    y = L.MultiHeadAttention(num_heads=2, key_dim=3, use_bias=False, name='mha_nobias')(q, v, k)
    return keras.Model([q, v, k], y, name='mha_key')


def mha_causal_model():
    """Functional decoder block: self-attention with use_causal_mask=True (a call kwarg, kept
    in the node's `kwargs`), a residual Add and LayerNormalization."""
    x = keras.Input((5, 4), name='tokens')
    a = L.MultiHeadAttention(num_heads=2, key_dim=3, name='self_att')(x, x, use_causal_mask=True)
    y = L.LayerNormalization(name='norm')(L.Add(name='residual')([x, a]))
    return keras.Model(x, y, name='mha_causal')


def merge_model():
    """Functional: Dot (axes=1, normalize both ways), Minimum, Maximum, RepeatVector."""
    a = keras.Input((6,), name='a')
    b = keras.Input((6,), name='b')
    c = keras.Input((3, 6), name='c')
    d = L.Dot(axes=1, name='dot')([a, b])
    dn = L.Dot(axes=1, normalize=True, name='cosine')([a, b])
    mn = L.Minimum(name='mini')([a, b, L.Dense(6, name='proj')(a)])
    mx = L.Maximum(name='maxi')([a, b])
    r = L.RepeatVector(3, name='rep')(mx)
    dc = L.Dot(axes=(2, 2), name='dot_seq')([c, r])  # [B,3,3]
    dv = L.Dot(axes=(1, 2), name='dot_vec')([mn, c])  # [B,3]
    return keras.Model([a, b, c], [d, dn, mn, r, dc, dv], name='merge_model')


def noise_model():
    """Sequential: the training-only layers are identities at inference."""
    return keras.Sequential([
        keras.Input((4, 3)),
        L.GaussianNoise(0.3, seed=1),
        L.SpatialDropout1D(0.5, seed=2),
        L.ActivityRegularization(l1=0.01, l2=0.02),
        L.Reshape((2, 2, 3)),
        L.SpatialDropout2D(0.4),
        L.Flatten(),
        L.Dense(3),
    ], name='noise_model')


def save(model, name, inputs, extra=None):
    outs = model.predict(inputs, verbose=0)
    if not isinstance(outs, list):
        outs = [outs]
    path = os.path.join(OUT, name + '.keras')
    model.save(path)
    again = keras.saving.load_model(path)
    outs2 = again.predict(inputs, verbose=0)
    outs2 = outs2 if isinstance(outs2, list) else [outs2]
    for o, o2 in zip(outs, outs2):
        assert np.allclose(o, o2, atol=1e-6), name
    doc = {'keras': keras.__version__, 'inputs': [nested(x) for x in inputs],
           'outputs': [nested(o) for o in outs]}
    doc.update(extra or {})
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump(doc, f)
    print(name, [o.shape for o in outs])


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(17)
    keras.utils.set_random_seed(3)

    model, mha = mha_model()
    seed_weights(model, 1)
    xs = [rng.normal(size=(2, 5, 6)).astype('float32'), rng.normal(size=(2, 4, 3)).astype('float32')]
    # Keras's own causal call and scores, on the same layer (not part of the saved graph).
    out, scores = mha(xs[0], xs[1], use_causal_mask=True, return_attention_scores=True)
    mask = (rng.uniform(size=(2, 5, 4)) > 0.3)
    mask[:, :, 0] = True
    mout = mha(xs[0], xs[1], attention_mask=mask)
    # A query row with nothing to attend to: Keras 3's fused path (no dropout, no scores)
    # averages the values uniformly; its Softmax-layer path (scores asked) gives zeros.
    empty = mask.copy()
    empty[0, 1, :] = False
    eout = mha(xs[0], xs[1], attention_mask=empty)
    eout2, escores = mha(xs[0], xs[1], attention_mask=empty, return_attention_scores=True)
    sub = [mha.query_dense, mha.key_dense, mha.value_dense, mha.output_dense]
    weights = [nested(w) for d in sub for w in d.get_weights()]
    weights += [nested(w) for w in model.get_layer('head').get_weights()]
    save(model, 'mha', xs, {
        'weights': weights,
        'causal': {'output': nested(out), 'scores': nested(scores)},
        'masked': {'mask': mask.astype('int32').tolist(), 'output': nested(mout)},
        'empty_row': {'mask': empty.astype('int32').tolist(), 'output': nested(eout),
                      'output_with_scores': nested(eout2), 'scores': nested(escores)},
    })

    model = mha_self_model()
    seed_weights(model, 2)
    xs = [rng.normal(size=(2, 4, 5)).astype('float32'), rng.normal(size=(2, 3, 5)).astype('float32'),
          rng.normal(size=(2, 3, 2)).astype('float32')]
    save(model, 'mha_key', xs)

    model = mha_causal_model()
    seed_weights(model, 5)
    save(model, 'mha_causal', [rng.normal(size=(2, 5, 4)).astype('float32')])

    model = merge_model()
    seed_weights(model, 3)
    xs = [rng.normal(size=(3, 6)).astype('float32'), rng.normal(size=(3, 6)).astype('float32'),
          rng.normal(size=(3, 3, 6)).astype('float32')]
    save(model, 'merge', xs)

    model = noise_model()
    seed_weights(model, 4)
    xs = [rng.normal(size=(2, 4, 3)).astype('float32')]
    save(model, 'noise', xs)


if __name__ == '__main__':
    main()
