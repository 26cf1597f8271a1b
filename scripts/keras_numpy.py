"""Keras layers and activations re-implemented in NumPy (float64), for reference outputs.

Used by keras_reference.py (the corpus files) and keras_make_fixtures.py (a second check of
Keras's own outputs). Only NumPy; follows the formulas of Keras's layer documentation
(channels_last; TensorFlow's 'same' padding split: the smaller half before).

Run with Debian's /usr/bin/python3.
"""

import math

import numpy as np

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _softplus(x):
    return np.logaddexp(0.0, x)


def _relu6(x):
    return np.clip(x, 0.0, 6.0)


_ERF = np.vectorize(math.erf, otypes=[np.float64])


def activation(name, x, keras_major=3):
    """Applies the Keras activation `name` (a string as a layer config holds it)."""
    if isinstance(name, dict):
        raise ValueError(f'activation given as an object is not supported: {name}')
    name = 'linear' if name is None else name
    if name == 'linear':
        return x
    if name == 'relu':
        return np.maximum(x, 0.0)
    if name == 'relu6':
        return _relu6(x)
    if name == 'sigmoid':
        return _sigmoid(x)
    if name == 'hard_sigmoid':
        if keras_major < 3:  # Keras 2's piecewise-linear form
            return np.clip(0.2 * x + 0.5, 0.0, 1.0)
        return _relu6(x + 3.0) / 6.0
    if name == 'tanh':
        return np.tanh(x)
    if name == 'softmax':
        e = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)
    if name == 'log_softmax':
        m = np.max(x, axis=-1, keepdims=True)
        return x - m - np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
    if name == 'softplus':
        return _softplus(x)
    if name == 'softsign':
        return x / (1.0 + np.abs(x))
    if name == 'elu':
        return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))
    if name == 'selu':
        return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0.0)))
    if name == 'gelu':  # Keras's activation: the exact erf form
        return 0.5 * x * (1.0 + _ERF(x / math.sqrt(2.0)))
    if name in ('silu', 'swish'):
        return x * _sigmoid(x)
    if name in ('hard_silu', 'hard_swish'):
        return x * _relu6(x + 3.0) / 6.0
    if name == 'mish':
        return x * np.tanh(_softplus(x))
    if name == 'exponential':
        return np.exp(x)
    if name == 'leaky_relu':
        return np.where(x > 0, x, 0.2 * x)
    raise ValueError(f'unknown activation {name!r}')


def _pair(v):
    if isinstance(v, (list, tuple)):
        return tuple(int(a) for a in v)
    return (int(v), int(v))


def _same_pads(size, k, s):
    """TensorFlow 'same': output ceil(size/s); the smaller half of the padding goes first."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return out, total // 2, total - total // 2


def conv2d(x, kernel, strides=1, padding='valid', dilation=1, groups=1):
    """x [n,h,w,c], kernel [kh,kw,c/groups,filters] → [n,oh,ow,filters]."""
    (sh, sw), (dh, dw) = _pair(strides), _pair(dilation)
    n, h, w, c = x.shape
    kh, kw, cin, cout = kernel.shape
    if cin * groups != c:
        raise ValueError(f'conv2d: kernel takes {cin}×{groups} channels, input has {c}')
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == 'same':
        oh, pt, pb = _same_pads(h, ekh, sh)
        ow, pl, pr = _same_pads(w, ekw, sw)
        x = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    elif padding == 'valid':
        oh, ow = (h - ekh) // sh + 1, (w - ekw) // sw + 1
    else:
        raise ValueError(f'conv2d: padding {padding!r}')
    out = np.zeros((n, oh, ow, cout))
    gout = cout // groups
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw, :]
            for g in range(groups):
                out[..., g * gout:(g + 1) * gout] += (
                    patch[..., g * cin:(g + 1) * cin] @ kernel[i, j, :, g * gout:(g + 1) * gout])
    return out


def conv2d_transpose(x, kernel, strides=1, padding='valid', dilation=1, output_padding=None):
    """x [n,h,w,c], kernel [kh,kw,filters,c] (Keras's layout) → [n,oh,ow,filters]."""
    (sh, sw), (dh, dw) = _pair(strides), _pair(dilation)
    n, h, w, _ = x.shape
    kh, kw, cout, _ = kernel.shape
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    fh, fw = (h - 1) * sh + ekh, (w - 1) * sw + ekw
    full = np.zeros((n, fh, fw, cout))
    for i in range(kh):
        for j in range(kw):
            full[:, i * dh:i * dh + (h - 1) * sh + 1:sh, j * dw:j * dw + (w - 1) * sw + 1:sw, :] += (
                x @ kernel[i, j].T)

    def length_and_start(size, ek, s, op):
        if op is None:
            if padding == 'same':
                return size * s, max(ek - s, 0) // 2
            return size * s + max(ek - s, 0), 0
        pad = ek // 2 if padding == 'same' else 0
        return (size - 1) * s + ek - 2 * pad + op, pad

    op = _pair(output_padding) if output_padding is not None else (None, None)
    oh, top = length_and_start(h, ekh, sh, op[0])
    ow, left = length_and_start(w, ekw, sw, op[1])
    big = np.zeros((n, max(fh, top + oh), max(fw, left + ow), cout))
    big[:, :fh, :fw, :] = full
    return big[:, top:top + oh, left:left + ow, :]


def max_pool2d(x, pool_size=2, strides=None, padding='valid'):
    (ph, pw) = _pair(pool_size)
    (sh, sw) = _pair(strides) if strides is not None else (ph, pw)
    n, h, w, c = x.shape
    if padding == 'same':
        oh, pt, pb = _same_pads(h, ph, sh)
        ow, pl, pr = _same_pads(w, pw, sw)
        x = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=-np.inf)
    else:
        oh, ow = (h - ph) // sh + 1, (w - pw) // sw + 1
    out = np.full((n, oh, ow, c), -np.inf)
    for i in range(ph):
        for j in range(pw):
            out = np.maximum(out, x[:, i:i + (oh - 1) * sh + 1:sh, j:j + (ow - 1) * sw + 1:sw, :])
    return out


def zero_padding2d(x, padding):
    if isinstance(padding, int):
        p = ((padding, padding), (padding, padding))
    elif isinstance(padding[0], int):
        p = ((padding[0], padding[0]), (padding[1], padding[1]))
    else:
        p = (tuple(padding[0]), tuple(padding[1]))
    return np.pad(x, ((0, 0), p[0], p[1], (0, 0)))


def _axes(axis, rank):
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return sorted(a % rank for a in axes)


def _broadcast(v, axes, rank):
    shape = [1] * rank
    for a, d in zip(axes, v.shape if v.ndim == len(axes) else [v.size]):
        shape[a] = d
    return v.reshape(shape)


def batch_norm(x, cfg, weights):
    """Inference form with the moving statistics: gamma·(x−mean)/√(var+ε)+beta."""
    axes = _axes(cfg.get('axis', -1), x.ndim)
    ws = list(weights)
    gamma = ws.pop(0) if cfg.get('scale', True) else None
    beta = ws.pop(0) if cfg.get('center', True) else None
    mean, var = ws
    b = lambda v: _broadcast(v, axes, x.ndim)  # noqa: E731
    y = (x - b(mean)) / np.sqrt(b(var) + cfg.get('epsilon', 1e-3))
    if gamma is not None:
        y = y * b(gamma)
    if beta is not None:
        y = y + b(beta)
    return y


def layer_norm(x, cfg, weights):
    axes = _axes(cfg.get('axis', -1), x.ndim)
    ws = list(weights)
    if cfg.get('rms_scaling'):
        raise ValueError('LayerNormalization: rms_scaling is not supported')
    gamma = ws.pop(0) if cfg.get('scale', True) else None
    beta = ws.pop(0) if cfg.get('center', True) else None
    mean = np.mean(x, axis=tuple(axes), keepdims=True)
    var = np.mean((x - mean) ** 2, axis=tuple(axes), keepdims=True)
    y = (x - mean) / np.sqrt(var + cfg.get('epsilon', 1e-3))
    if gamma is not None:
        y = y * _broadcast(gamma, axes, x.ndim)
    if beta is not None:
        y = y + _broadcast(beta, axes, x.ndim)
    return y


def reshape(x, target_shape):
    return x.reshape((x.shape[0],) + tuple(int(d) for d in target_shape))


def flatten(x, data_format='channels_last'):
    if data_format == 'channels_first' and x.ndim > 2:
        x = np.moveaxis(x, -1, 1)
    return x.reshape(x.shape[0], -1)


def apply_layer(class_name, cfg, weights, x, keras_major=3):
    """Runs one (non-model) layer. `x` is an array, or a list of arrays for merge layers."""
    act = lambda y: activation(cfg.get('activation', 'linear'), y, keras_major)  # noqa: E731
    bias = lambda y, i: y + weights[i] if cfg.get('use_bias', True) else y  # noqa: E731
    if class_name in ('InputLayer', 'Dropout', 'SpatialDropout2D', 'GaussianNoise',
                      'GaussianDropout', 'AlphaDropout'):
        return x
    if class_name == 'Dense':
        return act(bias(x @ weights[0], 1))
    if class_name == 'Activation':
        return act(x)
    if class_name == 'Flatten':
        return flatten(x, cfg.get('data_format') or 'channels_last')
    if class_name == 'Reshape':
        return reshape(x, cfg['target_shape'])
    if class_name == 'LeakyReLU':
        slope = cfg.get('negative_slope', cfg.get('alpha', 0.3))
        return np.where(x > 0, x, slope * x)
    if class_name == 'ReLU':
        if cfg.get('max_value') is not None or cfg.get('negative_slope') or cfg.get('threshold'):
            raise ValueError('ReLU layer options are not supported')
        return np.maximum(x, 0.0)
    if class_name == 'Softmax':
        return activation('softmax', x)
    if class_name in ('Conv2D', 'Conv2DTranspose', 'MaxPooling2D', 'ZeroPadding2D') and \
            cfg.get('data_format', 'channels_last') not in (None, 'channels_last'):
        raise ValueError(f'{class_name}: only channels_last is supported')
    if class_name == 'Conv2D':
        y = conv2d(x, weights[0], cfg.get('strides', 1), cfg.get('padding', 'valid'),
                   cfg.get('dilation_rate', 1), cfg.get('groups', 1))
        return act(bias(y, 1))
    if class_name == 'Conv2DTranspose':
        y = conv2d_transpose(x, weights[0], cfg.get('strides', 1), cfg.get('padding', 'valid'),
                             cfg.get('dilation_rate', 1), cfg.get('output_padding'))
        return act(bias(y, 1))
    if class_name == 'MaxPooling2D':
        return max_pool2d(x, cfg.get('pool_size', 2), cfg.get('strides'), cfg.get('padding', 'valid'))
    if class_name == 'ZeroPadding2D':
        return zero_padding2d(x, cfg.get('padding', 1))
    if class_name == 'BatchNormalization':
        return batch_norm(x, cfg, weights)
    if class_name == 'LayerNormalization':
        return layer_norm(x, cfg, weights)
    if class_name == 'Concatenate':
        return np.concatenate(x, axis=cfg.get('axis', -1))
    if class_name == 'Add':
        return sum(x[1:], x[0])
    if class_name == 'Subtract':
        return x[0] - x[1]
    if class_name == 'Multiply':
        y = x[0]
        for t in x[1:]:
            y = y * t
        return y
    if class_name == 'Average':
        return sum(x[1:], x[0]) / len(x)
    if class_name == 'Maximum':
        return np.maximum.reduce(x)
    if class_name == 'Minimum':
        return np.minimum.reduce(x)
    raise ValueError(f'layer class {class_name!r} is not implemented in the NumPy reference')


def weight_counts(class_name, cfg):
    """(trainable, non-trainable) weight counts of a layer, from its config (legacy h5 order)."""
    if class_name in ('Dense', 'Conv2D', 'Conv2DTranspose'):
        n, frozen = 1 + int(cfg.get('use_bias', True)), 0
    elif class_name == 'BatchNormalization':
        n, frozen = int(cfg.get('scale', True)) + int(cfg.get('center', True)), 2
    elif class_name == 'LayerNormalization':
        n, frozen = int(cfg.get('scale', True)) + int(cfg.get('center', True)), 0
    else:
        n, frozen = 0, 0
    if cfg.get('trainable', True) is False:
        return 0, n + frozen
    return n, frozen
