/**
 * A safe little parser for functions of x and y typed by a user (`x^2 + 3*y^2`,
 * `sin(x)*cos(y)`), compiled to Neurite ops so autograd differentiates them. It never uses
 * `eval` or `Function`: the text is tokenized, parsed by recursive descent into a tree, and
 * the tree is evaluated with tensor ops.
 *
 * Grammar (usual precedence; `^` is right-associative and binds tighter than unary minus,
 * so `-x^2` is `-(x^2)`; a product may omit `*`, as in `3y^2` or `2(x+1)`):
 *   expr  := term (('+' | '-') term)*
 *   term  := unary (('*' | '/')? unary)*
 *   unary := ('-' | '+') unary | power
 *   power := atom ('^' unary)?
 *   atom  := number | 'x' | 'y' | 'pi' | 'e' | name '(' expr ')' | '(' expr ')'
 */
import { ValueError } from '../errors.js';
import { add, div, mul, pow, sub } from '../ops/binary.js';
import { abs, cos, exp, log, neg, sin, sqrt, tanh } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The functions an expression may call.
 * @example
 * plots.EXPRESSION_FUNCTIONS.includes('sin'); // true
 */
export const EXPRESSION_FUNCTIONS = [
  'sin',
  'cos',
  'tan',
  'tanh',
  'exp',
  'log',
  'sqrt',
  'abs',
] as const;
type FunctionName = (typeof EXPRESSION_FUNCTIONS)[number];

/** A parsed expression. */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: 'x' | 'y' }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr }
  | { kind: 'call'; fn: FunctionName; arg: Expr };

type Token =
  | { type: 'number'; value: number; pos: number }
  | { type: 'name'; value: string; pos: number }
  | { type: 'op'; value: '+' | '-' | '*' | '/' | '^' | '(' | ')'; pos: number }
  | { type: 'end'; pos: number };

const MAX_LENGTH = 500;

function fail(text: string, pos: number, what: string): never {
  throw new ValueError(`expression '${text}': ${what} at position ${pos + 1}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail(text, i, `malformed number`);
      tokens.push({ type: 'number', value: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(text.slice(i))!;
      tokens.push({ type: 'name', value: m[0], pos: i });
      i += m[0].length;
    } else if ('+-*/^()'.includes(ch)) {
      tokens.push({ type: 'op', value: ch as '+', pos: i });
      i++;
    } else {
      fail(text, i, `unexpected character '${ch}'`);
    }
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

// A Map, not an object: a name like 'constructor' must not find Object.prototype's.
const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/**
 * Parses `text` into an expression tree.
 *
 * @throws ValueError naming the position of the first mistake.
 * @example
 * plots.parseExpression('x^2 + 3*y'); // { kind: 'binary', op: '+', … }
 */
export function parseExpression(text: string): Expr {
  if (text.length > MAX_LENGTH)
    throw new ValueError(`expression: at most ${MAX_LENGTH} characters, received ${text.length}`);
  const tokens = tokenize(text);
  let k = 0;
  let depth = 0;
  const peek = (): Token => tokens[k]!;
  const isOp = (t: Token, v: string): boolean => t.type === 'op' && t.value === v;
  const describe = (t: Token): string =>
    t.type === 'end' ? 'the end' : t.type === 'number' ? `'${t.value}'` : `'${t.value}'`;

  const expr = (): Expr => {
    if (++depth > 100) fail(text, peek().pos, 'nesting too deep');
    let left = term();
    while (isOp(peek(), '+') || isOp(peek(), '-')) {
      const op = (tokens[k++] as { value: '+' | '-' }).value;
      left = { kind: 'binary', op, left, right: term() };
    }
    depth--;
    return left;
  };
  const startsOperand = (t: Token): boolean =>
    t.type === 'number' || t.type === 'name' || isOp(t, '(');
  const term = (): Expr => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (isOp(t, '*') || isOp(t, '/')) {
        k++;
        left = { kind: 'binary', op: (t as { value: '*' | '/' }).value, left, right: unary() };
      } else if (startsOperand(t)) {
        // `2x` is a product; `1.5 2` (or `1..2`) is a typo, not 3.
        if (t.type === 'number' && tokens[k - 1]?.type === 'number')
          fail(text, t.pos, `expected an operator between two numbers`);
        left = { kind: 'binary', op: '*', left, right: unary() };
      } else {
        return left;
      }
    }
  };
  const unary = (): Expr => {
    if (isOp(peek(), '-')) {
      k++;
      return { kind: 'negate', arg: unary() };
    }
    if (isOp(peek(), '+')) {
      k++;
      return unary();
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (isOp(peek(), '^')) {
      k++;
      return { kind: 'binary', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const atom = (): Expr => {
    const t = tokens[k++]!;
    if (t.type === 'number') return { kind: 'number', value: t.value };
    if (isOp(t, '(')) {
      const e = expr();
      if (!isOp(tokens[k++]!, ')')) fail(text, tokens[k - 1]!.pos, `expected ')'`);
      return e;
    }
    if (t.type === 'name') {
      const name = t.value;
      if (name === 'x' || name === 'y') return { kind: 'variable', name };
      const c = CONSTANTS.get(name);
      if (c !== undefined) return { kind: 'number', value: c };
      if ((EXPRESSION_FUNCTIONS as readonly string[]).includes(name)) {
        if (!isOp(tokens[k++]!, '(')) fail(text, tokens[k - 1]!.pos, `expected '(' after ${name}`);
        const arg = expr();
        if (!isOp(tokens[k++]!, ')')) fail(text, tokens[k - 1]!.pos, `expected ')'`);
        return { kind: 'call', fn: name as FunctionName, arg };
      }
      fail(
        text,
        t.pos,
        `unknown name '${name}' (use x, y, pi, e and the functions ${EXPRESSION_FUNCTIONS.join(', ')})`,
      );
    }
    fail(text, t.pos, `expected a number, x, y, a function or '(', found ${describe(t)}`);
  };

  const result = expr();
  const rest = peek();
  if (rest.type !== 'end') fail(text, rest.pos, `unexpected ${describe(rest)}`);
  return result;
}

const CALLS: Readonly<Record<FunctionName, (t: Tensor) => Tensor>> = {
  sin,
  cos,
  tan: (t) => div(sin(t), cos(t)),
  tanh,
  exp,
  log,
  sqrt,
  abs,
};

// Constant subtrees are folded with the same functions on numbers.
const FOLD: Readonly<Record<FunctionName, (v: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
};

/**
 * Evaluates a tree with tensor ops, so it can be differentiated; x and y broadcast.
 * @example
 * import * as nn from 'neurite';
 * const e = plots.parseExpression('x*y');
 * plots.evaluateExpression(e, nn.tensor([2, 3]), nn.tensor([4, 5])); // [8, 15]
 */
export function evaluateExpression(e: Expr, x: Tensor, y: Tensor): Tensor {
  const ev = (n: Expr): Tensor | number => {
    switch (n.kind) {
      case 'number':
        return n.value;
      case 'variable':
        return n.name === 'x' ? x : y;
      case 'negate': {
        const a = ev(n.arg);
        return typeof a === 'number' ? -a : neg(a);
      }
      case 'call': {
        const a = ev(n.arg);
        return typeof a === 'number' ? FOLD[n.fn](a) : CALLS[n.fn](a);
      }
      case 'binary': {
        const a = ev(n.left);
        const b = ev(n.right);
        if (typeof a === 'number' && typeof b === 'number') {
          return n.op === '+'
            ? a + b
            : n.op === '-'
              ? a - b
              : n.op === '*'
                ? a * b
                : n.op === '/'
                  ? a / b
                  : a ** b;
        }
        const f = { '+': add, '-': sub, '*': mul, '/': div, '^': pow }[n.op];
        return f(a, b);
      }
    }
  };
  const r = ev(e);
  // A constant (or an expression of one variable) still covers the whole grid.
  return add(r, mul(add(x, y), 0));
}

/**
 * `text` compiled to a function of two tensors (see {@link parseExpression}).
 * @throws ValueError as {@link parseExpression} for a malformed expression.
 * @example
 * import * as nn from 'neurite';
 * const f = plots.compileExpression('sin(x) + y^2');
 * f(nn.tensor([0]), nn.tensor([2])); // [4]
 */
export function compileExpression(text: string): (x: Tensor, y: Tensor) => Tensor {
  const tree = parseExpression(text);
  return (x, y) => evaluateExpression(tree, x, y);
}
