"""matMul GFLOP/s of PyTorch (Debian's OpenBLAS, 2 threads): the machine's native peak
for bench/run.ts to compare Neurite's WebAssembly matMul with. Prints JSON."""
import json
import time

import torch

torch.set_num_threads(1)


def gflops(m, k, n, reps):
    a, b = torch.randn(m, k), torch.randn(k, n)
    for _ in range(reps):
        a @ b
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - t0) / reps)
    return 2 * m * k * n / best / 1e9


print(json.dumps({"chapter": gflops(128, 784, 128, 200), "square1024": gflops(1024, 1024, 1024, 5)}))
