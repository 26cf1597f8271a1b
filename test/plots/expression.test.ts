import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { compileExpression, parseExpression } from '../../src/plots/index.js';

const at = (text: string, x: number, y = 0): number =>
  nn.tidy(() => compileExpression(text)(nn.scalar(x), nn.scalar(y)).dataSync()[0]!);

describe('expression parser', () => {
  test('precedence and associativity', () => {
    expect(at('1 + 2 * 3', 0)).toBe(7);
    expect(at('(1 + 2) * 3', 0)).toBe(9);
    expect(at('-x^2', 3)).toBe(-9);
    expect(at('2^3^2', 0)).toBe(512);
    expect(at('x - 1 - 1', 5)).toBe(3);
    expect(at('8 / 2 / 2', 0)).toBe(2);
    expect(at('2^-1', 0)).toBe(0.5);
    expect(at('+x', 4)).toBe(4);
  });

  test('implicit products, constants, functions, scientific numbers', () => {
    expect(at('3y^2', 0, 2)).toBe(12);
    expect(at('2(x+1)', 1)).toBe(4);
    expect(at('2 x y', 3, 5)).toBe(30);
    expect(at('pi', 0)).toBeCloseTo(Math.PI, 6);
    expect(at('e', 0)).toBeCloseTo(Math.E, 6);
    expect(at('1.5e2 + .5', 0)).toBe(150.5);
    for (const [fn, f] of [
      ['sin', Math.sin],
      ['cos', Math.cos],
      ['tan', Math.tan],
      ['tanh', Math.tanh],
      ['exp', Math.exp],
      ['log', Math.log],
      ['sqrt', Math.sqrt],
      ['abs', Math.abs],
    ] as const) {
      expect(at(`${fn}(x)`, 0.7)).toBeCloseTo(f(0.7), 5);
      expect(at(`${fn}(0.7)`, 0)).toBeCloseTo(f(0.7), 5); // folded constant
    }
    expect(at('sqrt(x^2 + y^2)', 3, 4)).toBeCloseTo(5, 5);
  });

  test('the tree is plain data', () => {
    expect(parseExpression('x + 2*y')).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'variable', name: 'x' },
      right: {
        kind: 'binary',
        op: '*',
        left: { kind: 'number', value: 2 },
        right: { kind: 'variable', name: 'y' },
      },
    });
  });

  test('the result covers the grid and is differentiable', () => {
    const x = nn.tensor([1, 2, 3]);
    const y = nn.tensor([0, 1, 2]);
    expect(Array.from(compileExpression('7')(x, y).dataSync())).toEqual([7, 7, 7]);
    const [gx, gy] = nn.grads((a, b) => nn.sum(compileExpression('x^2 * y + exp(y)')(a, b)))([
      x,
      y,
    ]);
    expect(Array.from(gx!.dataSync())).toEqual([0, 4, 12]);
    const gyv = Array.from(gy!.dataSync());
    [1, 4, 9].forEach((x2, i) => expect(gyv[i]).toBeCloseTo(x2 + Math.exp(i), 4));
  });

  test('rejects what it does not understand, naming the position', () => {
    expect(() => parseExpression('x +')).toThrow(
      /expression 'x \+': expected a number, x, y, a function or '\(', found the end at position 4/,
    );
    expect(() => parseExpression('(x')).toThrow(/expected '\)' at position 3/);
    expect(() => parseExpression('x)')).toThrow(/unexpected '\)' at position 2/);
    expect(() => parseExpression('foo(x)')).toThrow(/unknown name 'foo'/);
    expect(() => parseExpression('sin x')).toThrow(/expected '\(' after sin/);
    expect(() => parseExpression('x; process.exit()')).toThrow(
      /unexpected character ';' at position 2/,
    );
    expect(() => parseExpression('constructor')).toThrow(/unknown name 'constructor'/);
    expect(() => parseExpression('"x"')).toThrow(/unexpected character '"'/);
    expect(() => parseExpression('1..2')).toThrow(
      /expected an operator between two numbers at position 3/,
    );
    expect(() => parseExpression('x'.repeat(600))).toThrow(/at most 500 characters/);
    expect(() => parseExpression('('.repeat(200) + 'x' + ')'.repeat(200))).toThrow(
      /nesting too deep/,
    );
  });
});
