/** The Neurite program the activations page shows: the curves it draws, as a learner writes them. */

/** The program for `ids` (elementwise ones, then vector ones) over [min, max], read at `probe`. */
export function activationsCode(
  elementwise: readonly string[],
  vector: readonly string[],
  min: number,
  max: number,
  probe: number,
): string {
  const list = (ids: readonly string[]): string => ids.map((id) => `'${id}'`).join(', ');
  const parts = [
    `import * as nn from 'neurite';`,
    ``,
    `// Every activation Neurite has: nn.activations.ACTIVATION_IDS`,
    `const x = nn.linspace(${min}, ${max}, 401);`,
  ];
  if (elementwise.length > 0) {
    parts.push(
      ``,
      `for (const id of [${list(elementwise)}] as const) {`,
      `  const f = nn.activations.get(id);`,
      `  const y = f(x); // the curve`,
      `  // Its derivative by automatic differentiation: d/dx of sum(f(x)) is f'(x) at every x.`,
      `  const dy = nn.grad((t) => nn.sum(f(t)))(x);`,
      `  const at = nn.tensor([${probe}]);`,
      `  console.log(id, f(at).dataSync()[0], nn.grad((t) => nn.sum(f(t)))(at).dataSync()[0]);`,
      `  y.dispose();`,
      `  dy.dispose();`,
      `}`,
    );
  }
  if (vector.length > 0) {
    parts.push(
      ``,
      `// ${vector.join(' and ')} act on a whole vector: evaluate them on the rows [x, 0]`,
      `// and follow the first output (softmax([x, 0])[0] is sigmoid(x)).`,
      `const rows = nn.stack([x, nn.zerosLike(x)], 1); // shape [401, 2]`,
      `for (const id of [${list(vector)}] as const) {`,
      `  const f = nn.activations.get(id);`,
      `  const first = (t: nn.Tensor) => nn.slice(f(t), [0, 0], [401, 1]);`,
      `  const y = first(rows);`,
      `  const dy = nn.slice(nn.grad((t) => nn.sum(first(t)))(rows), [0, 0], [401, 1]);`,
      `  console.log(id, y.shape, dy.shape);`,
      `}`,
    );
  }
  return parts.join('\n');
}
