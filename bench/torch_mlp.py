"""PyTorch peer for bench/run.ts: trains the same MLP with the same setup, prints JSON.

Run by run.ts with torch.set_num_threads(1) and OpenBLAS's two threads (Debian's
libopenblas0-pthread), as the issue asks. Reads the data run.ts wrote as raw float32/int32.
"""
import json
import resource
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)

args = json.loads(sys.argv[1])
x = np.fromfile(args["x"], dtype=np.float32).reshape(-1, 784)
y = np.fromfile(args["y"], dtype=np.int32).astype(np.int64)
xt = np.fromfile(args["xt"], dtype=np.float32).reshape(-1, 784)
yt = np.fromfile(args["yt"], dtype=np.int32).astype(np.int64)
x, y, xt, yt = map(torch.from_numpy, (x, y, xt, yt))

torch.manual_seed(0)
layers = []
prev = 784
for h in args["hidden"]:
    layers += [torch.nn.Linear(prev, h), torch.nn.ReLU()]
    prev = h
layers += [torch.nn.Linear(prev, 10)]
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
bs = args["batch"]
n = x.shape[0]
perm = torch.randperm(n)


def step(i):
    idx = perm[i : i + bs]
    xb, yb = x[idx], y[idx]
    opt.zero_grad()
    out = model(xb)
    loss = loss_fn(out, yb)
    loss.backward()
    opt.step()
    return loss


# Warm up, then time a full epoch (or the time budget).
for i in range(0, min(n, 20 * bs), bs):
    step(i)
start = time.perf_counter()
seen = 0
for i in range(0, n, bs):
    step(i)
    seen += min(bs, n - i)
    if time.perf_counter() - start > args["budget"]:
        break
elapsed = time.perf_counter() - start
# Predict on the 10,000 test images: the best of three calls (the first warms up).
predict_s = float("inf")
with torch.no_grad():
    for _ in range(3):
        t0 = time.perf_counter()
        pred = model(xt).argmax(1)
        predict_s = min(predict_s, time.perf_counter() - t0)
    acc = (pred == yt).float().mean().item()
print(json.dumps({
    "samples_per_s": seen / elapsed,
    "full_epoch": seen >= n,
    "test_accuracy": acc,
    "predict_per_s": xt.shape[0] / predict_s,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
