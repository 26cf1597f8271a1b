import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { circleData, main } from '../../examples/fc-from-tensors.js';

test('examples/fc-from-tensors: a 4-layer net from tensors learns the circle, memory stays flat', () => {
  const lines: string[] = [];
  const before = nn.memory().numTensors;
  const r = main({ log: (l) => lines.push(l) });
  expect(r.losses.length).toBe(300);
  // Cross-entropy starts near log 2 ≈ 0.69 (an untrained net is unsure) and falls far below.
  expect(r.losses[0]!).toBeGreaterThan(0.5);
  expect(r.finalLoss).toBeLessThan(0.1);
  // The base rate is about 62% (the outside class); a straight line cannot do much better.
  expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  // Every step runs in nn.tidy: the live-tensor count does not grow between steps 10 and 100.
  expect(r.tensorsAt10).toBeGreaterThan(0);
  expect(r.tensorsAt100).toBe(r.tensorsAt10);
  // main disposes its data and variables.
  expect(nn.memory().numTensors).toBe(before);
  expect(lines[0]).toMatch(/^step +1: loss 0\.\d{4}$/);
  expect(lines.at(-2)).toMatch(/^final loss 0\.\d{4}, training accuracy \d+\.\d%$/);
});

test('examples/fc-from-tensors: the data are labelled by the circle of radius 0.7', () => {
  nn.setSeed(3);
  const { x, y } = circleData(500);
  const xs = x.arraySync() as number[][];
  const ys = y.dataSync();
  let inside = 0;
  xs.forEach(([a, b], i) => {
    expect(Math.abs(a!)).toBeLessThanOrEqual(1);
    // the same float32 arithmetic as the op: fround after each step
    const r2 = Math.fround(Math.fround(a! * a!) + Math.fround(b! * b!));
    expect(ys[i]).toBe(r2 < Math.fround(0.7 * 0.7) ? 1 : 0);
    inside += ys[i]!;
  });
  // π·0.49/4 ≈ 0.385 of the square
  expect(inside / 500).toBeGreaterThan(0.3);
  expect(inside / 500).toBeLessThan(0.47);
});
