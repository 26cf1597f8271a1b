"""matMul GFLOP/s of PyTorch's OpenBLAS on this machine, for bench/run.ts to set beside
Neurite's WebAssembly matMul: with the kernels OpenBLAS picks for this CPU (AVX-512 on
Zen 4/5 and recent Xeons), and forced to its AVX2 (Haswell) and SSE (Nehalem, 128-bit
vectors and no FMA: the vector width WebAssembly SIMD gives) kernels, on 1 and 2 threads.
Each setting runs in its own process (OpenBLAS reads its settings when it loads).
Prints one JSON line."""
import json
import os
import subprocess
import sys
import time


def gflops(m, k, n, reps):
    import torch

    torch.set_num_threads(1)
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


def one():
    print(json.dumps({"chapter": gflops(128, 784, 128, 200), "square1024": gflops(1024, 1024, 1024, 5)}))


def main():
    rows = []
    for core, isa in ((None, "detected"), ("Haswell", "AVX2"), ("Nehalem", "SSE, 128-bit")):
        for threads in (1, 2):
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OPENBLAS_VERBOSE="2")
            env.pop("OPENBLAS_CORETYPE", None)
            if core:
                env["OPENBLAS_CORETYPE"] = core
            run = subprocess.run(
                [sys.executable, __file__, "--one"], env=env, capture_output=True, text=True, check=True
            )
            out = run.stdout
            said = (run.stdout + run.stderr).splitlines()
            name = next((l.split("Core:", 1)[1].strip() for l in said if "Core:" in l), core or "?")
            result = json.loads(out.strip().splitlines()[-1])
            rows.append({"core": name, "isa": isa if core else "detected", "threads": threads, **result})
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    one() if "--one" in sys.argv else main()
