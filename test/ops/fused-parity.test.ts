/**
 * Every fused op against its composition, generated from the registry of src/ops/fused.ts:
 * for each declared op, each of its own samples, on every backend, the kernel's outputs
 * (and, for an op with a gradient rule, its gradients) are held to the parity the op
 * declares: the same bits, or its stated float32 tolerance. Adding a fused op adds its
 * cases here; a backend kernel without a fused op, a declaration the registry never saw, or
 * an op without samples fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import * as nn from 'neurite';
import { FUSED_KERNELS } from '../../src/backends/backend.js';
import { ENGINE } from '../../src/engine/engine.js';
import {
  type FusedCase,
  type FusedEntry,
  fusedOps,
  sampleTensor,
  type Tolerance,
} from '../../src/ops/fused.js';
import { describeEachBackend } from '../helpers/each-backend.js';

const OPS = fusedOps();
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Equal within `tol`; NaN meets any NaN, ±Infinity and (for 'exact') −0 must match. */
function expectParity(got: nn.Tensor, want: nn.Tensor, tol: Tolerance, label: string): void {
  expect([...got.shape], `${label}: shape`).toEqual([...want.shape]);
  expect(got.dtype, `${label}: dtype`).toBe(want.dtype);
  const g = Array.from(got.dataSync());
  const w = Array.from(want.dataSync());
  const scale = Math.max(0, ...w.filter(Number.isFinite).map(Math.abs));
  const bad: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const [a, e] = [g[i]!, w[i]!];
    const ok =
      Number.isNaN(e) || Number.isNaN(a)
        ? Number.isNaN(a) && Number.isNaN(e)
        : tol === 'exact' || !Number.isFinite(e)
          ? Object.is(a, e)
          : Math.abs(a - e) <= tol.atolOfMax * scale + tol.rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] ${a} vs ${e}`);
  }
  const what = tol === 'exact' ? 'bit for bit' : `within its tolerance (${tol.why})`;
  expect(bad.slice(0, 5), `${label}: the composition's values ${what}`).toEqual([]);
}

/** Gradients of Σₖ Σ rₖ·outₖ with respect to the case's float32 inputs. */
function gradients(c: FusedCase, path: 'fused' | 'composed'): nn.Tensor[] {
  const xs = c.inputs.filter((t) => t.dtype === 'float32');
  const tape = new nn.GradientTape({ watchAccessedVariables: false });
  tape.watch(...xs);
  const loss = tape.record(() =>
    (path === 'fused' ? c.fused() : c.composed())
      .map((o, k) => nn.sum(nn.mul(o, sampleTensor(o.shape, 1000 + k))))
      .reduce((a, b) => nn.add(a, b)),
  );
  return tape.gradient(loss, xs);
}

describe('the fused-op registry', () => {
  test('every backend fused kernel is the kernel of a declared fused op', () => {
    const declared = new Set(OPS.map((op) => op.kernel));
    expect(
      Object.keys(FUSED_KERNELS).filter((k) => !declared.has(k as FusedEntry['kernel'])),
    ).toEqual([]);
  });

  test('every defineFused declaration in src/ is registered (loaded by the package)', () => {
    const declarations = sourceFiles(SRC).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/=\s*defineFused\s*[<(]/g)].map(() => f),
    );
    expect(declarations.length).toBeGreaterThan(0);
    expect(OPS.length, `declared in ${declarations.join(', ')}`).toBe(declarations.length);
  });

  test('every fused op has samples, and differentiable ones where it has a gradient', () => {
    for (const op of OPS) {
      nn.tidy(() => {
        const cases = op.cases();
        expect(cases.length, `${op.name}: samples`).toBeGreaterThan(0);
        if (op.gradientParity !== null) {
          const some = cases.some((c) => c.differentiable);
          expect(some, `${op.name}: a differentiable sample`).toBe(true);
        }
        for (const v of cases.flatMap((c) => c.updates)) v.dispose();
      });
    }
  });
});

describeEachBackend('fused ops equal their compositions', () => {
  for (const op of OPS) {
    test(`${op.name} (${op.kernel})`, () => {
      const be = ENGINE.backend;
      const hasKernel = typeof be[op.kernel] === 'function';
      nn.tidy(() => {
        // Two fresh sets: in-place ops consume their variables.
        const fused = op.cases();
        const composed = op.cases();
        fused.forEach((c, i) => {
          const label = `${op.name} sample ${i} [${be.name}]`;
          // Without the kernel, what callers get must still be the composition.
          if (hasKernel) expect(c.eligible(), `${label}: the kernel applies`).toBe(true);
          const got = hasKernel ? c.fused() : c.apply();
          const want = composed[i]!.composed();
          expect(got.length, `${label}: outputs`).toBe(want.length);
          got.forEach((t, k) => expectParity(t, want[k]!, op.parity, `${label} output ${k}`));
          c.updates.forEach((v, k) =>
            expectParity(v, got[k]!, 'exact', `${label}: variable ${v.name} holds output ${k}`),
          );
          if (c.differentiable && op.gradientParity !== null) {
            const gotGrads = gradients(c, 'fused');
            const wantGrads = gradients(composed[i]!, 'composed');
            gotGrads.forEach((g, k) =>
              expectParity(g, wantGrads[k]!, op.gradientParity!, `${label} gradient ${k}`),
            );
          }
        });
        for (const v of [...fused, ...composed].flatMap((c) => c.updates)) v.dispose();
      });
    });
  }

  test('apply runs the kernel wherever the backend has it and the sample is eligible', () => {
    const be = ENGINE.backend;
    for (const op of OPS) {
      if (typeof be[op.kernel] !== 'function') continue;
      const spy = vi.spyOn(be, op.kernel);
      try {
        nn.tidy(() => {
          const [c] = op.cases();
          c!.apply();
          for (const v of c!.updates) v.dispose();
        });
        expect(spy, `${op.name} on ${be.name}`).toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    }
  });
});
