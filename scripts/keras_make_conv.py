"""Keras-written files for the convolution layers of issue 17 (layers-conv).

Builds two small models with real Keras 3 (the oracle in /work/notes/keras-oracle.md, numpy
backend), one with the 1-D layers and one with the 2-D ones, sets seeded random weights,
saves each as .keras and writes its inputs and Keras's own predictions next to it as JSON:
test/fixtures/keras-made/conv/<name>.{keras,json}. Run from the repository root:

  KERAS_BACKEND=numpy PYTHONPATH=/tmp/keras-oracle/shims:/tmp/keras-oracle/src \
    /usr/bin/python3 scripts/keras_make_conv.py
"""
import json
import os

import numpy as np
import keras
from keras import layers as L

OUT = "test/fixtures/keras-made/conv"


def seq1d():
    x = keras.Input((12, 3))
    a = L.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="relu")(x)
    b = L.Conv1D(4, 2, strides=2, padding="same")(a)
    p = L.MaxPooling1D(2, padding="same")(b)
    q = L.AveragePooling1D(3, strides=1, padding="same")(p)
    g1 = L.GlobalAveragePooling1D()(q)
    g2 = L.GlobalMaxPooling1D()(a)
    return keras.Model(x, L.Concatenate()([g1, g2]))


def img2d():
    x = keras.Input((6, 5, 4))
    a = L.Conv2D(4, 3, padding="same")(x)
    b = L.DepthwiseConv2D(3, depth_multiplier=2, padding="same", activation="tanh")(a)
    c = L.SeparableConv2D(3, 2, padding="same")(b)
    d = L.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1)(c)
    e = L.UpSampling2D((2, 1))(d)
    f = L.Cropping2D(((1, 2), (0, 1)))(e)
    u = L.UpSampling2D(2, interpolation="bilinear")(c)
    g = L.GlobalMaxPooling2D()(u)
    return keras.Model(x, [f, g])


def grouped():
    x = keras.Input((5, 5, 4))
    return keras.Model(x, L.Conv2D(6, 3, strides=2, padding="same", groups=2)(x))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(17)
    for name, make, shape in [("conv1d", seq1d, (2, 12, 3)), ("conv2d", img2d, (2, 6, 5, 4)),
                             ("conv2d_groups", grouped, (2, 5, 5, 4))]:
        model = make()
        model.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()])
        x = rng.normal(0, 1, shape).astype("float32")
        y = model.predict(x, verbose=0)
        ys = y if isinstance(y, list) else [y]
        path = f"{OUT}/{name}.keras"
        model.save(path)
        with open(f"{OUT}/{name}.json", "w") as fh:
            json.dump(
                {
                    "file": path,
                    "keras": keras.__version__,
                    "backend": keras.backend.backend(),
                    "inputs": [x.tolist()],
                    "outputs": [o.tolist() for o in ys],
                },
                fh,
            )
        print(name, [o.shape for o in ys])


if __name__ == "__main__":
    main()
