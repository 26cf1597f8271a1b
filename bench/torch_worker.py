"""PyTorch peer for bench/run.ts: a plain training loop as PyTorch users write it.

Trains the MLP on Fashion-MNIST or LeNet-5 on MNIST (the same layers, Adam at 1e-3, the
same warm-up of 20 batches as the other peers; batches by random index, no DataLoader, no
metrics), timing only the epoch; optionally times predict on the 10,000 test images. Prints
one JSON line (see bench/common.ts).

Why the old peer ran at ~20k samples/s at batch 32 while a plain loop reached ~47k in the
same sitting (issue 16). Measured on the 2-core benchmark machine (a Firecracker VM, load
average 12-16 from other jobs), the old peer itself, 300-step windows, CPU time per step:
- glibc malloc, the main cause. PyTorch allocates every tensor through malloc; glibc maps
  each block of 128 KiB or more afresh and unmaps it on free, until the first free of such
  a block raises that threshold. Whether a script gets there depends on what it allocated
  before training: the old peer (data read with np.fromfile) never did, a script that
  builds its data from temporaries does. The old peer paid 140-160 page faults and
  0.9-1.3 ms of kernel time per step (Adam's temporaries on the 784x128 kernel are 401 KB
  each): 3.2-3.8 ms of CPU per step on OpenBLAS's 1 thread, against 0.6-0.75 ms with
  GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32 MiB:trim_threshold=128 MiB (0 faults).
- OpenBLAS's second thread makes it worse: with both threads writing a freshly mapped
  output, the best of 40 weight-gradient products at batch 32 (784x32 @ 32x128) took
  1.9-2.3 ms on 2 threads against 0.04 ms on 1; with the malloc setting, 0.06 ms. The old
  peer (OPENBLAS_NUM_THREADS=2) used 2.7-6.7 ms of CPU per step; with the malloc setting
  0.8-1.5 ms (still more than 1 thread: its threads synchronise under load).
- So run.ts gives this worker that malloc setting (what PyTorch's CPU tuning guide gets
  with jemalloc or tcmalloc; neither is installed here) and times OpenBLAS on 1 and on 2
  threads (variants t1b1, t1b2), comparing Neurite with the faster. The info line reports
  page faults per step.
- torch.set_num_threads(2) (PyTorch's default here) is far worse under load: its OpenMP
  threads spin-wait, 250-580 samples/s. The MLP variants use 1 intra-op thread; LeNet-5's
  convolutions (oneDNN) use the intra-op threads, so run.ts also times t2b1 there.
- OPENBLAS_CORETYPE=Haswell (set in this machine's environment) picks AVX2 kernels; unset,
  OpenBLAS 0.3.21 detects the Zen 5 core as Cooperlake (AVX-512), 1.1-2x faster per product
  at batch 128. run.ts unsets it (and OPENBLAS_L2_SIZE).
- Debian's reference BLAS (the libblas.so.3 alternative before libopenblas0-pthread is
  installed) is 10-20x slower; this worker refuses to run on it (blas_info below).
- Not causes: the data are float32, the gather of a batch by index takes ~6 us, start-up
  is outside the timing. Denormals appear (about 11% of Adam's first moments of the first
  layer after ~900 steps, from always-zero pixels) but cost ~15 us per step on this core.
"""
import gzip
import json
import os
import resource
import sys
import time

import numpy as np
import torch

# variant "t<n>b<m>": n intra-op threads (run.ts sets OpenBLAS's m threads in the environment).
VARIANT = json.loads(sys.argv[1]).get("variant", "t1b1")
torch.set_num_threads(int(VARIANT[1 : VARIANT.index("b")]))
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
WARMUP_BATCHES = 20  # and WARMUP_SECONDS, at most one epoch: as bench/common.ts
WARMUP_SECONDS = 3
PREDICT_CALLS = 5


def read_idx(dataset, split):
    def body(name):
        raw = gzip.open(os.path.join(DATA, dataset, name)).read()
        dims = raw[3]
        return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims)

    images = body(f"{split}-images-idx3-ubyte.gz")
    labels = body(f"{split}-labels-idx1-ubyte.gz")
    x = (images.reshape(len(labels), 784) / np.float32(255)).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(labels.astype(np.int64))


def blas_info():
    """The BLAS this process loaded, from its memory map; None for the reference BLAS."""
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if ".so" in line}
    openblas = [p for p in libs if "openblas" in p]
    if not openblas:
        return None
    import ctypes

    lib = ctypes.CDLL(openblas[0])
    lib.openblas_get_config.restype = ctypes.c_char_p
    lib.openblas_get_corename.restype = ctypes.c_char_p
    config = lib.openblas_get_config().decode().split()
    threads = lib.openblas_get_num_threads()
    core = lib.openblas_get_corename().decode()
    return f"OpenBLAS {config[1]} ({core}, {threads} thread{'s' if threads > 1 else ''})"


def build(task, hidden):
    nn = torch.nn
    if task == "train-lenet":
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
        )
    layers, prev = [], 784
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.ReLU()]
        prev = h
    return nn.Sequential(*layers, nn.Linear(prev, 10))


def main():
    args = json.loads(sys.argv[1])
    blas = blas_info()
    if blas is None:
        print(json.dumps({"peak_rss_mb": 0, "skipped": "PyTorch is on the reference BLAS "
                          "(10-20x slower); apt-get install libopenblas0-pthread"}))
        return
    lenet = args["task"] == "train-lenet"
    x, y = read_idx("mnist" if lenet else "fashion-mnist", "train")
    xt, _ = read_idx("mnist" if lenet else "fashion-mnist", "t10k")
    if lenet:
        x, xt = x.reshape(-1, 1, 28, 28), xt.reshape(-1, 1, 28, 28)
    torch.manual_seed(0)
    model = build(args["task"], args["hidden"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    bs, n = args["batch"], x.shape[0]

    def step(idx):
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()

    warm = torch.randperm(n)
    warm_start = time.perf_counter()
    for b, i in enumerate(range(0, n, bs)):
        step(warm[i : i + bs])
        if b + 1 >= WARMUP_BATCHES and time.perf_counter() - warm_start >= WARMUP_SECONDS:
            break
    perm = torch.randperm(n)
    seen = 0
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter()
    for i in range(0, n, bs):
        step(perm[i : i + bs])
        seen += min(bs, n - i)
        if time.perf_counter() - start > args["budget"]:
            break
    elapsed = time.perf_counter() - start
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / max(1, seen // bs)
    result = {"samples_per_s": seen / elapsed, "seen": seen, "full_epoch": seen >= n}
    if args["predict"]:
        best = float("inf")
        with torch.no_grad():
            for call in range(PREDICT_CALLS + 1):
                t0 = time.perf_counter()
                torch.softmax(model(xt), 1)
                if call > 0:
                    best = min(best, time.perf_counter() - t0)
        result["predict_per_s"] = xt.shape[0] / best
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    threads = torch.get_num_threads()
    result["info"] = (
        f"torch {torch.__version__}, {threads} intra-op thread{'s' if threads > 1 else ''}, {blas}, "
        f"GLIBC_TUNABLES={os.environ.get('GLIBC_TUNABLES', '(unset)')}, {faults:.1f} page faults per step"
    )
    print(json.dumps(result))


main()
