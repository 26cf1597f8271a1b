"""HDF5 files that claim huge sizes while staying a few kilobytes (for the bad-input tests).

Run from the repository root with Debian's Python (numpy + h5py):

  /usr/bin/python3 scripts/h5_huge_dims.py

Writes test/io/keras/fixtures/huge-dims/:

- huge_kernel.weights.h5: Keras 3's `model.weights.h5` layout for one Dense layer whose
  `layers/dense/vars/0` (kernel) is float32 [1000000, 1000000] (4 TB) and `vars/1` (bias)
  [1000000]: chunked, gzip, never written, so HDF5 stores no chunk at all.
- huge_kernel.h5: a legacy (Keras 2 / tf.keras 2.x layout) `.h5` model, a Sequential with
  one Dense (no bias), whose `model_weights/dense/dense/kernel:0` is the same unwritten 4 TB
  dataset.
- unwritten_kernel.h5: the same legacy model, 4096 -> 4096, with a written bias and a
  float32 [4096, 4096] kernel (64 MiB) that was never written (chunked, no filter): HDF5
  would read it back as 64 MiB of fill values from a file of about 25 kilobytes.
- huge_attribute.h5: a small, complete legacy model (Dense 3 -> 2 with real weights) whose
  `weight_names` attribute of `model_weights/dense` claims 10^12 strings: the attribute's
  dataspace dimension is patched in the file's bytes (the object headers are version 1,
  which carry no checksum). An attribute's values live inside its header message, so the
  HDF5 library itself refuses to open it ("data size exceeds buffer size"); h5py raises,
  h5wasm lists no such attribute.

Reading any of them must fail with a ModelIOError naming the file and the dataset (or, for
the attribute, the group whose weight names are missing) before anything of the claimed
size is allocated.
"""

import json
import os
import struct

import h5py
import numpy as np

OUT = 'test/io/keras/fixtures/huge-dims'
HUGE = 1_000_000


def legacy_model(path, n_in, units, kernel=None, bias=None, chunks=None, compression=None,
                 use_bias=True):
    """A Keras 2 style legacy .h5 file: Sequential(InputLayer, Dense). A kernel or bias left
    None is created with its shape and never written (chunked: HDF5 stores no data for it)."""
    config = {
        'class_name': 'Sequential',
        'config': {
            'name': 'sequential',
            'layers': [
                {'class_name': 'InputLayer',
                 'config': {'batch_input_shape': [None, n_in], 'dtype': 'float32',
                            'sparse': False, 'ragged': False, 'name': 'dense_input'}},
                {'class_name': 'Dense',
                 'config': {'name': 'dense', 'trainable': True, 'dtype': 'float32',
                            'units': units, 'activation': 'linear', 'use_bias': use_bias,
                            'kernel_initializer': {'class_name': 'GlorotUniform',
                                                   'config': {'seed': None}},
                            'bias_initializer': {'class_name': 'Zeros', 'config': {}},
                            'kernel_regularizer': None, 'bias_regularizer': None,
                            'activity_regularizer': None, 'kernel_constraint': None,
                            'bias_constraint': None}},
            ],
        },
    }
    with h5py.File(path, 'w', libver='earliest') as f:
        f.attrs['keras_version'] = '2.15.0'
        f.attrs['backend'] = 'tensorflow'
        f.attrs['model_config'] = json.dumps(config)
        w = f.create_group('model_weights')
        w.attrs['layer_names'] = np.array([b'dense'])
        w.attrs['backend'] = 'tensorflow'
        w.attrs['keras_version'] = '2.15.0'
        g = w.create_group('dense')
        g.attrs['weight_names'] = np.array(
            [b'dense/kernel:0', b'dense/bias:0'] if use_bias else [b'dense/kernel:0'])
        inner = g.create_group('dense')
        if kernel is None:
            inner.create_dataset('kernel:0', shape=(n_in, units), dtype='<f4', chunks=chunks,
                                 compression=compression)
        else:
            inner.create_dataset('kernel:0', data=kernel)
        if not use_bias:
            pass
        elif bias is None:
            inner.create_dataset('bias:0', shape=(units,), dtype='<f4',
                                 chunks=(min(units, 4096),), compression=compression)
        else:
            inner.create_dataset('bias:0', data=bias)


def keras3_weights(path):
    """Keras 3's model.weights.h5 for Sequential([Dense]) with a 4 TB kernel, never written."""
    with h5py.File(path, 'w', libver='earliest') as f:
        v = f.create_group('layers').create_group('dense').create_group('vars')
        v.create_dataset('0', shape=(HUGE, HUGE), dtype='<f4', chunks=(1000, 1000),
                         compression='gzip')
        v.create_dataset('1', shape=(HUGE,), dtype='<f4', chunks=(4096,), compression='gzip')
        f.create_group('optimizer').create_group('vars')
        f.create_group('vars')


def patch_attribute_length(path, attr_name, claimed):
    """Sets the first dimension of attribute `attr_name`'s dataspace to `claimed`.

    A version 1 attribute message is: version (1), reserved (1), name size (2), datatype size
    (2), dataspace size (2), then the name, the datatype and the dataspace, each padded to a
    multiple of 8 bytes. A version 1 dataspace is: version (1), rank (1), flags (1), reserved
    (5), then one 8-byte length per dimension.
    """
    data = bytearray(open(path, 'rb').read())
    name = attr_name.encode() + b'\0'
    at = data.find(name)
    assert at > 8 and data.find(name, at + 1) == -1, 'the attribute name must occur once'
    start = at - 8
    version, _, name_size, dt_size, ds_size = struct.unpack_from('<BBHHH', data, start)
    assert version == 1 and name_size == len(name), (version, name_size)
    pad = lambda n: (n + 7) // 8 * 8  # noqa: E731
    ds = at + pad(name_size) + pad(dt_size)
    ds_version, rank = data[ds], data[ds + 1]
    assert ds_version == 1 and rank == 1, (ds_version, rank)
    (old,) = struct.unpack_from('<Q', data, ds + 8)
    assert old == 2, old
    struct.pack_into('<Q', data, ds + 8, claimed)
    open(path, 'wb').write(bytes(data))


def main():
    os.makedirs(OUT, exist_ok=True)
    keras3_weights(f'{OUT}/huge_kernel.weights.h5')
    legacy_model(f'{OUT}/huge_kernel.h5', HUGE, HUGE, chunks=(1000, 1000), compression='gzip',
                 use_bias=False)
    rng = np.random.default_rng(0)
    legacy_model(f'{OUT}/unwritten_kernel.h5', 4096, 4096, chunks=(256, 256),
                 bias=rng.standard_normal(4096).astype('<f4'))
    legacy_model(f'{OUT}/huge_attribute.h5', 3, 2,
                 kernel=rng.standard_normal((3, 2)).astype('<f4'),
                 bias=rng.standard_normal(2).astype('<f4'))
    patch_attribute_length(f'{OUT}/huge_attribute.h5', 'weight_names', 10**12)
    for name in sorted(os.listdir(OUT)):
        if name.endswith('.h5'):
            print(f'{OUT}/{name}: {os.path.getsize(f"{OUT}/{name}")} bytes')


if __name__ == '__main__':
    main()
